import { useTranslation } from 'react-i18next';
import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import type { MappingHint, MappingKind } from '../../../shared/model';
import { formatNumber } from '../../components/format';

/** Each kind's name (a translation key) and the values Deployteq expects (its own words, never translated). */
const KIND_LABELS: Record<MappingKind, { title: string; target: string }> = {
  gender: { title: 'importing.kind_gender', target: 'MAN / WOMAN / FAMILY / NONBINARY / UNKNOWN' },
  optin: { title: 'importing.kind_optin', target: 'Y / N' },
  yesno: { title: 'importing.kind_yesno', target: '1 / 0' },
};

interface Props {
  hints: MappingHint[];
  /** Mapping kind → column, for the mappings switched on. */
  applied: Partial<Record<MappingKind, string>>;
  onApply(kind: MappingKind, column: string, on: boolean): void;
}

function HintCard({ hint, on, onApply }: { hint: MappingHint; on: boolean; onApply(on: boolean): void }) {
  const { t } = useTranslation();
  const kind = { ...KIND_LABELS[hint.kind], title: t(KIND_LABELS[hint.kind].title) };
  const unmapped = Object.entries(hint.unmapped);
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={t('importing.hintFor', { column: hint.column })}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            <b>{hint.column}</b> {t('importing.looksLike')} <Badge variant="light">{kind.title}</Badge>
          </Text>
          <Switch label={t('importing.applyMapping')} aria-label={t('importing.applyKind', { kind: kind.title, column: hint.column })} checked={on} onChange={(e) => onApply(e.currentTarget.checked)} />
        </Group>
        <Text size="xs" c="dimmed">
          {t('importing.expects', { target: kind.target })}
        </Text>
        <Table fz="xs" withTableBorder verticalSpacing={2} aria-label={t('importing.valueTable', { column: hint.column })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('importing.inFile')}</Table.Th>
              <Table.Th>{t('importing.sentToDeployteq')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(hint.table).map(([from, to]) => (
              <Table.Tr key={from}>
                <Table.Td>{from === '' ? <i>{t('importing.emptyValue')}</i> : from}</Table.Td>
                <Table.Td>{to}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {hint.defaulted > 0 && (
          <Text size="xs">
            {t('importing.defaulted', { count: hint.defaulted, formatted: formatNumber(hint.defaulted) })}
          </Text>
        )}
        {unmapped.length > 0 && (
          <Alert color="orange" variant="light" p="xs" title={t('importing.cannotMap')} aria-label={t('importing.cannotMapIn', { column: hint.column })}>
            <Text size="xs">
              {unmapped.map(([value, count]) => `${value === '' ? t('importing.emptyValue') : `"${value}"`} × ${formatNumber(count)}`).join(', ')}. {t('importing.sentAsIs')}
              {on ? '' : t('importing.mappingOff')}.
            </Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** Deployteq mapping hints: what each gender / opt-in / yes-no column would become, and what cannot be mapped. */
export function MappingHints({ hints, applied, onApply }: Props) {
  const { t } = useTranslation();
  if (hints.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('importing.noHints')}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
      {hints.map((hint) => (
        <HintCard key={`${hint.kind}:${hint.column}`} hint={hint} on={applied[hint.kind] === hint.column} onApply={(on) => onApply(hint.kind, hint.column, on)} />
      ))}
    </SimpleGrid>
  );
}
