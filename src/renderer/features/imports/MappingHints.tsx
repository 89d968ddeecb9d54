import { useTranslation } from 'react-i18next';
import { Alert, Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { MAPPING_TARGETS, UNMAPPED_SENT_AS, type MappingHint, type MappingKind } from '../../../shared/model';
import { formatNumber } from '../../components/format';

/** Each kind's name is a translation key; the values Deployteq expects are its own words, never translated. */
const kindTitle = (kind: MappingKind) => `importing.kind_${kind}` as const;

type ValueMaps = Record<string, Record<string, string | null>>;

/** The value maps with one value's choice set: a Deployteq value, null to reject, undefined for the default. */
export function withValueMap(valueMaps: ValueMaps, column: string, value: string, to: string | null | undefined): ValueMaps {
  const values = { ...valueMaps[column] };
  if (to === undefined) delete values[value];
  else values[value] = to;
  return { ...valueMaps, [column]: values };
}

interface Props {
  hints: MappingHint[];
  /** Mapping kind → column, for the mappings switched on. */
  applied: Partial<Record<MappingKind, string>>;
  onApply(kind: MappingKind, column: string, on: boolean): void;
  valueMaps: ValueMaps;
  onValueMap(column: string, value: string, to: string | null | undefined): void;
}

const DEFAULT = 'default';
const REJECT = 'reject';

function UnmappedValue({ hint, value, count, chosen, onChoose }: { hint: MappingHint; value: string; count: number; chosen: string | null | undefined; onChoose(to: string | null | undefined): void }) {
  const { t } = useTranslation();
  const label = value === '' ? t('importing.emptyValue') : `“${value}”`;
  const fallback = UNMAPPED_SENT_AS[hint.kind];
  const options = [
    { value: DEFAULT, label: fallback === undefined ? t('importing.rejectDefault') : t('importing.sendDefault', { value: fallback }) },
    ...MAPPING_TARGETS[hint.kind].map((target) => ({ value: target, label: t('importing.sendValue', { value: target }) })),
    ...(fallback !== undefined ? [{ value: REJECT, label: t('importing.rejectRow') }] : []),
  ];
  return (
    <Table.Tr>
      <Table.Td>
        {label} × {formatNumber(count)}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={t('importing.sendAs', { value: label, column: hint.column })}
          value={chosen === undefined ? DEFAULT : chosen === null ? REJECT : chosen}
          onChange={(e) => {
            const picked = e.currentTarget.value;
            onChoose(picked === DEFAULT ? undefined : picked === REJECT ? null : picked);
          }}
          data={options}
        />
      </Table.Td>
    </Table.Tr>
  );
}

function HintCard({ hint, on, onApply, valueMap, onValueMap }: { hint: MappingHint; on: boolean; onApply(on: boolean): void; valueMap: Record<string, string | null>; onValueMap(value: string, to: string | null | undefined): void }) {
  const { t } = useTranslation();
  const title = t(kindTitle(hint.kind));
  const unmapped = Object.entries(hint.unmapped);
  const fallback = UNMAPPED_SENT_AS[hint.kind];
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={t('importing.hintFor', { column: hint.column })}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            <b>{hint.column}</b> {t('importing.looksLike')} <Badge component="span" variant="light">{title}</Badge>
          </Text>
          <Switch label={t('importing.applyMapping')} aria-label={t('importing.applyKind', { kind: title, column: hint.column })} checked={on} onChange={(e) => onApply(e.currentTarget.checked)} />
        </Group>
        <Text size="xs" c="dimmed">
          {t(hint.kind === 'optout' ? 'importing.expectsOptout' : 'importing.expects', { target: MAPPING_TARGETS[hint.kind].join(' / ') })}
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
        {hint.leftOut > 0 && <Text size="xs">{t('importing.leftOut', { count: hint.leftOut, formatted: formatNumber(hint.leftOut) })}</Text>}
        {unmapped.length > 0 &&
          (on ? (
            <Alert color="orange" variant="light" p="xs" title={t('importing.cannotMapChoose')} aria-label={t('importing.cannotMapIn', { column: hint.column })}>
              <Table fz="xs" verticalSpacing={2} aria-label={t('importing.cannotMapChoices', { column: hint.column })}>
                <Table.Tbody>
                  {unmapped.map(([value, count]) => (
                    <UnmappedValue key={value} hint={hint} value={value} count={count} chosen={valueMap[value]} onChoose={(to) => onValueMap(value, to)} />
                  ))}
                </Table.Tbody>
              </Table>
            </Alert>
          ) : (
            <Alert color="orange" variant="light" p="xs" title={t('importing.cannotMap')} aria-label={t('importing.cannotMapIn', { column: hint.column })}>
              <Text size="xs">
                {unmapped.map(([value, count]) => `${value === '' ? t('importing.emptyValue') : `"${value}"`} × ${formatNumber(count)}`).join(', ')}.{' '}
                {fallback !== undefined ? t('importing.mappingOffSentAs', { value: fallback }) : t('importing.mappingOffRejected')}
              </Text>
            </Alert>
          ))}
      </Stack>
    </Paper>
  );
}

/** Deployteq mapping hints: what each gender / opt-in / opt-out / yes-no column would become, and the choice for what cannot be mapped. */
export function MappingHints({ hints, applied, onApply, valueMaps, onValueMap }: Props) {
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
        <HintCard
          key={`${hint.kind}:${hint.column}`}
          hint={hint}
          on={applied[hint.kind] === hint.column}
          onApply={(on) => onApply(hint.kind, hint.column, on)}
          valueMap={valueMaps[hint.column] ?? {}}
          onValueMap={(value, to) => onValueMap(hint.column, value, to)}
        />
      ))}
    </SimpleGrid>
  );
}
