import { useTranslation } from 'react-i18next';
import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { ImportInspection } from '../../../shared/model';
import { DELIMITER_KEYS } from '../../components/format';

/** The first rows exactly as the engine parsed them, with what it detected. */
export function SampleTable({ inspection, fileName }: { inspection: ImportInspection; fileName: string | null }) {
  const { t } = useTranslation();
  const roleOf = new Map(inspection.columns.map((c) => [c.name, c.role]));
  const delimiter = inspection.delimiter === null ? '' : DELIMITER_KEYS[inspection.delimiter] ? t(DELIMITER_KEYS[inspection.delimiter]) : inspection.delimiter;
  return (
    <section aria-label={t('importing.fileAsParsed')}>
      <Group gap="xs" mb="xs">
        <Text fw={600}>{fileName}</Text>
        <Badge variant="light">{inspection.format.toUpperCase()}</Badge>
        <Badge variant="light" color="gray" aria-label={t('importing.encodingLabel', { value: inspection.encoding })}>
          {t('importing.encoding', { value: inspection.encoding })}
        </Badge>
        {inspection.delimiter !== null && (
          <Badge variant="light" color="gray" aria-label={t('importing.delimiterLabel', { value: delimiter })}>
            {t('importing.delimiter', { value: delimiter })}
          </Badge>
        )}
      </Group>
      <ScrollArea type="auto">
        <Table striped withTableBorder withColumnBorders fz="xs" aria-label={t('importing.firstRows')}>
          <Table.Thead>
            <Table.Tr>
              {inspection.headers.map((h) => (
                <Table.Th key={h}>
                  {h}
                  {roleOf.get(h) === 'identifier' && <Badge size="xs" ml={4}>{t('importing.idBadge')}</Badge>}
                  {roleOf.get(h) === 'action' && <Badge size="xs" ml={4} color="grape">{t('importing.actionBadge')}</Badge>}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.sampleRows.map((row, i) => (
              <Table.Tr key={i}>
                {inspection.headers.map((h, j) => (
                  <Table.Td key={h} style={{ whiteSpace: 'pre' }}>
                    {row[j] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </section>
  );
}
