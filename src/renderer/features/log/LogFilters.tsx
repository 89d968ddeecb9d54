import { Group, NativeSelect, SegmentedControl, Input, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLog } from '../../stores/log';
import type { LogFilters as Filters, OutcomeFilter } from '../../stores/log';

/** The search box: asks the engine once typing pauses (it searches every attempt, not only those loaded). */
function LogSearch() {
  const { query, search } = useLog();
  const [text, setText] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => void search(text), 250);
    return () => clearTimeout(timer);
  }, [text, search]);
  return (
    <TextInput
      label="Search"
      type="search"
      placeholder="batch uuid, email, customer id, HTTP status or text"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={340}
    />
  );
}

/** Which attempts to show: a search, one connector or all, delivered or problems. */
export function LogFilters({ connectors, filters, onChange }: { connectors: string[]; filters: Filters; onChange(changes: Partial<Filters>): void }) {
  return (
    <Group align="flex-end">
      <LogSearch />
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
