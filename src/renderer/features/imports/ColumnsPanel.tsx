import { Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { PARAM_TYPES, type ImportInspection, type ParamType } from '../../../shared/model';
import { useImports } from '../../stores/imports';

/** The identifier column, and which other columns go along as profile variables, with their types. */
export function ColumnsPanel({ inspection }: { inspection: ImportInspection }) {
  const { choices, choose, inspect } = useImports();
  const candidates = inspection.columns.filter((c) => c.role !== 'identifier' && c.role !== 'action');

  const toggle = (column: string, on: boolean) =>
    choose({ columns: on ? [...choices.columns, column] : choices.columns.filter((c) => c !== column) });

  return (
    <Stack gap="sm">
      <NativeSelect
        label="Identifier column"
        description="Who each row is: an email (hashed for Hashed Email connectors) or a customer id"
        value={choices.idColumn ?? ''}
        onChange={(e) => {
          choose({ idColumn: e.currentTarget.value || null });
          void inspect();
        }}
        data={[{ value: '', label: 'Choose a column…' }, ...inspection.headers.map((h) => ({ value: h, label: h }))]}
        error={inspection.idColumn ? undefined : 'No identifier column was recognised: choose the column that holds the email or customer id'}
        maw={360}
      />
      {inspection.actionColumn && (
        <Text size="sm">
          Action column: <b>{inspection.actionColumn}</b> (add / update / remove)
        </Text>
      )}
      <Text size="sm" fw={600}>
        Profile variables
      </Text>
      {candidates.length === 0 ? (
        <Text size="sm" c="dimmed">
          This file has no other columns: only membership is sent.
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label="Profile variables">
          <Table.Tbody>
            {candidates.map((c) => {
              const on = choices.columns.includes(c.name);
              return (
                <Table.Tr key={c.name}>
                  <Table.Td>
                    <Checkbox label={c.name} aria-label={`Send ${c.name}`} checked={on} onChange={(e) => toggle(c.name, e.currentTarget.checked)} />
                  </Table.Td>
                  <Table.Td w={160}>
                    <Group gap={4}>
                      <NativeSelect
                        size="xs"
                        aria-label={`Type of ${c.name}`}
                        disabled={!on}
                        value={choices.types[c.name] ?? c.type}
                        onChange={(e) => choose({ types: { ...choices.types, [c.name]: e.currentTarget.value as ParamType } })}
                        data={PARAM_TYPES.map((t) => ({ value: t, label: t }))}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
