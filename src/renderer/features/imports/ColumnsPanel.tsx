import { useTranslation } from 'react-i18next';
import { Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { PARAM_TYPES, type ImportInspection, type ParamType } from '../../../shared/model';
import { useImports } from '../../stores/imports';

/** The identifier column, and which other columns go along as profile variables, with their types. */
export function ColumnsPanel({ inspection }: { inspection: ImportInspection }) {
  const { t: translate } = useTranslation();
  const { choices, choose, inspect } = useImports();
  const candidates = inspection.columns.filter((c) => c.role !== 'identifier' && c.role !== 'action');

  const toggle = (column: string, on: boolean) =>
    choose({ columns: on ? [...choices.columns, column] : choices.columns.filter((c) => c !== column) });

  return (
    <Stack gap="sm">
      <NativeSelect
        label={translate('importing.idColumn')}
        description={translate('importing.idColumnHint')}
        value={choices.idColumn ?? ''}
        onChange={(e) => {
          choose({ idColumn: e.currentTarget.value || null });
          void inspect();
        }}
        data={[{ value: '', label: translate('importing.chooseColumn') }, ...inspection.headers.map((h) => ({ value: h, label: h }))]}
        error={inspection.idColumn ? undefined : translate('importing.noIdColumn')}
        maw={360}
      />
      {inspection.actionColumn && (
        <Text size="sm">
          {translate('importing.actionColumn')} <b>{inspection.actionColumn}</b> {translate('importing.actionValues')}
        </Text>
      )}
      <Text size="sm" fw={600}>
        {translate('importing.variables')}
      </Text>
      {candidates.length === 0 ? (
        <Text size="sm" c="dimmed">
          {translate('importing.noVariables')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label={translate('importing.variables')}>
          <Table.Tbody>
            {candidates.map((c) => {
              const on = choices.columns.includes(c.name);
              return (
                <Table.Tr key={c.name}>
                  <Table.Td>
                    <Checkbox label={c.name} aria-label={translate('importing.send', { name: c.name })} checked={on} onChange={(e) => toggle(c.name, e.currentTarget.checked)} />
                  </Table.Td>
                  <Table.Td w={160}>
                    <Group gap={4}>
                      <NativeSelect
                        size="xs"
                        aria-label={translate('importing.typeOf', { name: c.name })}
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
