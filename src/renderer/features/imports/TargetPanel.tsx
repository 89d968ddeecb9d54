import { Autocomplete, Group, NativeSelect, SegmentedControl, Input, Stack, Text } from '@mantine/core';
import { useConnectors } from '../../stores/connectors';
import { effectiveMode, useImports } from '../../stores/imports';
import type { ImportMode } from '../../../shared/model';

const MODE_HELP: Record<ImportMode, string> = {
  snapshot: 'The file is the whole segment: whoever is not in it leaves the segment (REMOVED).',
  delta: 'The file lists changes: an action column says add, update or remove per row.',
};

/** Where the file goes: the connector, the Segment Name (existing or new), snapshot or delta. */
export function TargetPanel() {
  const connectors = useConnectors((s) => s.connectors);
  const { choices, choose, inspect, inspection } = useImports();
  const mode = effectiveMode({ choices, inspection });
  const connector = connectors.find((c) => c.name === choices.connector);
  const segments = connector?.segments.map((s) => s.name) ?? [];

  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <NativeSelect
          label="Connector"
          value={choices.connector ?? ''}
          onChange={(e) => {
            choose({ connector: e.currentTarget.value || null });
            void inspect();
          }}
          data={[{ value: '', label: 'Choose a connector…' }, ...connectors.map((c) => ({ value: c.name, label: `${c.name} (${c.customerType})` }))]}
          error={connectors.length === 0 ? 'Create a connector first (Connectors screen)' : undefined}
        />
        <Autocomplete
          label="Segment Name"
          description={segments.length ? 'Pick one of this connector’s segments, or type a new name' : 'Type the Segment Name Deployteq should receive'}
          placeholder="e.g. Newsletter NL"
          value={choices.segment}
          onChange={(segment) => choose({ segment })}
          data={segments}
        />
      </Group>
      <Input.Wrapper label="Import mode" id="import-mode">
        <div>
          <SegmentedControl
            aria-labelledby="import-mode-label"
            value={mode}
            onChange={(mode) => {
              choose({ mode: mode as ImportMode });
              void inspect();
            }}
            data={[
              { value: 'snapshot', label: 'Snapshot (whole segment)' },
              { value: 'delta', label: 'Delta (changes only)' },
            ]}
          />
        </div>
        <Text size="xs" c="dimmed" mt={4}>
          {MODE_HELP[mode]}
          {choices.mode === null && inspection?.mode === 'delta' ? ` Chosen because the column “${inspection.actionColumn}” holds actions.` : ''}
        </Text>
      </Input.Wrapper>
    </Stack>
  );
}
