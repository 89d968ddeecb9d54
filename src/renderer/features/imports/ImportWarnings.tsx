import { Alert, List, NativeSelect, Stack } from '@mantine/core';
import type { DateOrder, ImportInspection } from '../../../shared/model';
import { useImports } from '../../stores/imports';

/**
 * What the operator should settle before importing: an action column that a snapshot would send as a
 * variable, dates that read both ways (with the choice of date order).
 */
export function ImportWarnings({ inspection }: { inspection: ImportInspection }) {
  const { choices, choose, inspect } = useImports();
  if (inspection.warnings.length === 0 && inspection.ambiguousDateColumns.length === 0) return null;
  return (
    <Stack gap="xs">
      {inspection.warnings.length > 0 && (
        <Alert color="orange" variant="light" title="Check before importing">
          <List size="sm">
            {inspection.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {inspection.ambiguousDateColumns.length > 0 && (
        <NativeSelect
          label="Date order"
          description={`For ${inspection.ambiguousDateColumns.map((c) => `“${c}”`).join(', ')}: dates such as 3/4/2025 fit both orders`}
          value={choices.dateOrder ?? ''}
          onChange={(e) => {
            choose({ dateOrder: (e.currentTarget.value || null) as DateOrder | null });
            void inspect();
          }}
          data={[
            { value: '', label: 'Not chosen (read day first)' },
            { value: 'dmy', label: 'Day first (31-12-2025)' },
            { value: 'mdy', label: 'Month first (12/31/2025)' },
          ]}
          w={360}
        />
      )}
    </Stack>
  );
}
