import { Alert, Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { MAPPING_KIND_NAMES, MAPPING_TARGETS, UNMAPPED_SENT_AS, type MappingHint, type MappingKind } from '../../../shared/model';
import { formatNumber, plural } from '../../components/format';

/** What a value the mapping cannot map becomes when the operator does not choose. */
const defaultOutcome = (kind: MappingKind) => {
  const fallback = UNMAPPED_SENT_AS[kind];
  return fallback === undefined ? 'Reject the row (default)' : `Send ${fallback} (default)`;
};

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
  const label = value === '' ? '(empty)' : `“${value}”`;
  const options = [
    { value: DEFAULT, label: defaultOutcome(hint.kind) },
    ...MAPPING_TARGETS[hint.kind].map((target) => ({ value: target, label: `Send ${target}` })),
    ...(UNMAPPED_SENT_AS[hint.kind] !== undefined ? [{ value: REJECT, label: 'Reject the row' }] : []),
  ];
  return (
    <Table.Tr>
      <Table.Td>
        {label} × {formatNumber(count)}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`Send ${label} in ${hint.column} as`}
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
  const title = MAPPING_KIND_NAMES[hint.kind];
  const unmapped = Object.entries(hint.unmapped);
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={`Mapping hint for ${hint.column}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            <b>{hint.column}</b> looks like <Badge component="span" variant="light">{title}</Badge>
          </Text>
          <Switch label="Apply mapping" aria-label={`Apply ${title} mapping to ${hint.column}`} checked={on} onChange={(e) => onApply(e.currentTarget.checked)} />
        </Group>
        <Text size="xs" c="dimmed">
          Deployteq expects {MAPPING_TARGETS[hint.kind].join(' / ')}
          {hint.kind === 'optout' ? ': an opt-out is sent inverted, as Deployteq’s opt-in (yes → N).' : '.'}
        </Text>
        <Table fz="xs" withTableBorder verticalSpacing={2} aria-label={`Value table for ${hint.column}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>In the file</Table.Th>
              <Table.Th>Sent to Deployteq</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(hint.table).map(([from, to]) => (
              <Table.Tr key={from}>
                <Table.Td>{from === '' ? <i>(empty)</i> : from}</Table.Td>
                <Table.Td>{to}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {hint.leftOut > 0 && (
          <Text size="xs">
            {plural(hint.leftOut, 'empty value')} {hint.leftOut === 1 ? 'is' : 'are'} left out: Deployteq keeps what it has for {hint.leftOut === 1 ? 'that customer' : 'those customers'} (never sent as Y).
          </Text>
        )}
        {unmapped.length > 0 &&
          (on ? (
            <Alert color="orange" variant="light" p="xs" title="Values it cannot map: choose what to send" aria-label={`Values it cannot map in ${hint.column}`}>
              <Table fz="xs" verticalSpacing={2} aria-label={`Choices for the values it cannot map in ${hint.column}`}>
                <Table.Tbody>
                  {unmapped.map(([value, count]) => (
                    <UnmappedValue key={value} hint={hint} value={value} count={count} chosen={valueMap[value]} onChoose={(to) => onValueMap(value, to)} />
                  ))}
                </Table.Tbody>
              </Table>
            </Alert>
          ) : (
            <Alert color="orange" variant="light" p="xs" title="Values it cannot map" aria-label={`Values it cannot map in ${hint.column}`}>
              <Text size="xs">
                {unmapped.map(([value, count]) => `${value === '' ? '(empty)' : `"${value}"`} × ${formatNumber(count)}`).join(', ')}. With the mapping off they are
                sent as they are; with it on, {UNMAPPED_SENT_AS[hint.kind] !== undefined ? `they are sent as ${UNMAPPED_SENT_AS[hint.kind]}` : 'their rows are rejected'} unless you choose a value.
              </Text>
            </Alert>
          ))}
      </Stack>
    </Paper>
  );
}

/** Deployteq mapping hints: what each gender / opt-in / opt-out / yes-no column would become, and the choice for what cannot be mapped. */
export function MappingHints({ hints, applied, onApply, valueMaps, onValueMap }: Props) {
  if (hints.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No gender, opt-in, opt-out or yes/no columns found: values are sent as they are.
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
