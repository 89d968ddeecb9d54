import { Group, NativeSelect, SegmentedControl, Input, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLog } from '../../stores/log';
import type { LogFilters as Filters, OutcomeFilter } from '../../stores/log';
import { useTranslation } from 'react-i18next';

/** The search box: asks the engine once typing pauses (it searches every attempt, not only those loaded). */
function LogSearch() {
  const { t } = useTranslation();
  const { query, search } = useLog();
  const [text, setText] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => void search(text), 250);
    return () => clearTimeout(timer);
  }, [text, search]);
  return (
    <TextInput
      label={t('log.search')}
      type="search"
      placeholder={t('log.searchPlaceholder')}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={340}
    />
  );
}

/** Which attempts to show: a search, one connector or all, delivered or problems. */
export function LogFilters({ connectors, filters, onChange }: { connectors: string[]; filters: Filters; onChange(changes: Partial<Filters>): void }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end">
      <LogSearch />
      <NativeSelect
        label={t('common.connector')}
        value={filters.connector ?? ''}
        onChange={(e) => onChange({ connector: e.currentTarget.value || null })}
        data={[{ value: '', label: t('log.allConnectors') }, ...connectors.map((c) => ({ value: c, label: c }))]}
        w={220}
      />
      <Input.Wrapper label={t('log.outcome')} id="log-outcome">
        <div>
          <SegmentedControl
            aria-labelledby="log-outcome-label"
            value={filters.outcome}
            onChange={(v) => onChange({ outcome: v as OutcomeFilter })}
            data={[
              { value: 'all', label: t('log.all') },
              { value: 'delivered', label: t('log.delivered') },
              { value: 'problems', label: t('log.problems') },
            ]}
          />
        </div>
      </Input.Wrapper>
    </Group>
  );
}
