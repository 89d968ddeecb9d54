import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { BatchEventView } from '../../../shared/model';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { filterEvents, useLog } from '../../stores/log';
import { LogChart } from './LogChart';
import { LogDetail } from './LogDetail';
import { LogFilters } from './LogFilters';
import { LogTable } from './LogTable';
import { downloadText, eventsToCsv } from './csv';
import { formatNumber } from '../../components/format';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

/** Filters, the virtualised table and the detail drawer over a list of attempts. */
export function LogView({ events }: { events: BatchEventView[] }) {
  const { t } = useTranslation();
  const { filters, setFilters, query } = useLog();
  const [open, setOpen] = useState<BatchEventView | null>(null);
  const connectors = useMemo(() => [...new Set(events.map((e) => e.connectorName))].sort(), [events]);
  const shown = useMemo(() => filterEvents(events, filters), [events, filters]);
  const exportCsv = () => downloadText(eventsToCsv(shown), `canopy-batch-log-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <LogFilters connectors={connectors} filters={filters} onChange={setFilters} />
        <Button variant="default" onClick={exportCsv} disabled={shown.length === 0}>
          {t('log.exportCsv')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite">
        {query.trim()
          ? t(shown.length === 0 ? 'log.noMatch' : 'log.matching', { shown: formatNumber(shown.length), query: query.trim() })
          : t('log.showing', { shown: formatNumber(shown.length), total: formatNumber(events.length) })}
      </Text>
      <LogTable events={shown} onOpen={setOpen} />
      <LogDetail event={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}

/** The live log: every batch attempt, as it happens. */
export function LogPage() {
  const { t } = useTranslation();
  const { events, results, loaded, error, load } = useLog();
  useEffect(() => void load(), [load]);
  return (
    <Stack>
      <PageHeader title={t('log.title')} description={t('log.intro')} />
      <ErrorAlert error={error} title={t('log.loadFailed')} />
      {loaded && events.length === 0 && !error ? (
        <EmptyState title={t('log.emptyTitle')}>{t('log.emptyBody')}</EmptyState>
      ) : (
        <>
          <LogChart events={events} />
          <LogView events={results ?? events} />
        </>
      )}
    </Stack>
  );
}
