import { Group, NativeSelect, SegmentedControl, Input } from '@mantine/core';
import type { LogFilters as Filters, OutcomeFilter } from '../../stores/log';

/** Which attempts to show: one connector or all, delivered or problems. */
export function LogFilters({ connectors, filters, onChange }: { connectors: string[]; filters: Filters; onChange(changes: Partial<Filters>): void }) {
  return (
    <Group align="flex-end">
      <NativeSelect
        label="Connector"
        value={filters.connector ?? ''}
        onChange={(e) => onChange({ connector: e.currentTarget.value || null })}
        data={[{ value: '', label: 'All connectors' }, ...connectors.map((c) => ({ value: c, label: c }))]}
        w={220}
      />
      <Input.Wrapper label="Outcome" id="log-outcome">
        <div>
          <SegmentedControl
            aria-labelledby="log-outcome-label"
            value={filters.outcome}
            onChange={(v) => onChange({ outcome: v as OutcomeFilter })}
            data={[
              { value: 'all', label: 'All' },
              { value: 'delivered', label: 'Delivered' },
              { value: 'problems', label: 'Problems' },
            ]}
          />
        </div>
      </Input.Wrapper>
    </Group>
  );
}
