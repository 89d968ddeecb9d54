import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { ImportInspection } from '../../../shared/model';
import { DELIMITER_NAMES } from '../../components/format';

/** The first rows exactly as the engine parsed them, with what it detected. */
export function SampleTable({ inspection, fileName }: { inspection: ImportInspection; fileName: string | null }) {
  const roleOf = new Map(inspection.columns.map((c) => [c.name, c.role]));
  return (
    <section aria-label="File as parsed">
      <Group gap="xs" mb="xs">
        <Text fw={600}>{fileName}</Text>
        <Badge variant="light">{inspection.format.toUpperCase()}</Badge>
        <Badge variant="light" color="gray" aria-label={`Encoding: ${inspection.encoding}`}>
          encoding {inspection.encoding}
        </Badge>
        {inspection.delimiter !== null && (
          <Badge variant="light" color="gray" aria-label={`Delimiter: ${DELIMITER_NAMES[inspection.delimiter] ?? inspection.delimiter}`}>
            delimiter {DELIMITER_NAMES[inspection.delimiter] ?? inspection.delimiter}
          </Badge>
        )}
      </Group>
      <ScrollArea type="auto">
        <Table striped withTableBorder withColumnBorders fz="xs" aria-label="First rows">
          <Table.Thead>
            <Table.Tr>
              {inspection.headers.map((h) => (
                <Table.Th key={h}>
                  {h}
                  {roleOf.get(h) === 'identifier' && <Badge size="xs" ml={4}>id</Badge>}
                  {roleOf.get(h) === 'action' && <Badge size="xs" ml={4} color="grape">action</Badge>}
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
