import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import type { MappingHint, MappingKind } from '../../../shared/model';
import { formatNumber, plural } from '../../components/format';

const KIND_LABELS: Record<MappingKind, { title: string; target: string }> = {
  gender: { title: 'gender', target: 'MAN / WOMAN / FAMILY / NONBINARY / UNKNOWN' },
  optin: { title: 'opt-in', target: 'Y / N' },
  yesno: { title: 'yes / no', target: '1 / 0' },
};

interface Props {
  hints: MappingHint[];
  /** Mapping kind → column, for the mappings switched on. */
  applied: Partial<Record<MappingKind, string>>;
  onApply(kind: MappingKind, column: string, on: boolean): void;
}

function HintCard({ hint, on, onApply }: { hint: MappingHint; on: boolean; onApply(on: boolean): void }) {
  const kind = KIND_LABELS[hint.kind];
  const unmapped = Object.entries(hint.unmapped);
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={`Mapping hint for ${hint.column}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            <b>{hint.column}</b> looks like <Badge variant="light">{kind.title}</Badge>
          </Text>
          <Switch label="Apply mapping" aria-label={`Apply ${kind.title} mapping to ${hint.column}`} checked={on} onChange={(e) => onApply(e.currentTarget.checked)} />
        </Group>
        <Text size="xs" c="dimmed">
          Deployteq expects {kind.target}.
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
        {hint.defaulted > 0 && (
          <Text size="xs">
            {plural(hint.defaulted, 'empty value')} become{hint.defaulted === 1 ? 's' : ''} Deployteq's default Y.
          </Text>
        )}
        {unmapped.length > 0 && (
          <Alert color="orange" variant="light" p="xs" title="Values it cannot map" aria-label={`Values it cannot map in ${hint.column}`}>
            <Text size="xs">
              {unmapped.map(([value, count]) => `${value === '' ? '(empty)' : `"${value}"`} × ${formatNumber(count)}`).join(', ')}. They are sent as they are
              {on ? '' : ' (the mapping is off)'}.
            </Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** Deployteq mapping hints: what each gender / opt-in / yes-no column would become, and what cannot be mapped. */
export function MappingHints({ hints, applied, onApply }: Props) {
  if (hints.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No gender, opt-in or yes/no columns found: values are sent as they are.
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
