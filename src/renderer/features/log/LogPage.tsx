import { Button, Group, Stack, Text, Title } from '@mantine/core';
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

/** Filters, the virtualised table and the detail drawer over a list of attempts. */
export function LogView({ events }: { events: BatchEventView[] }) {
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
          Export CSV
        </Button>
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite">
        {query.trim() ? `${shown.length === 0 ? 'No attempts match' : `Showing ${shown.length} that match`} “${query.trim()}”` : `Showing ${shown.length} of ${events.length} entries`}
      </Text>
      <LogTable events={shown} onOpen={setOpen} />
      <LogDetail event={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}

/** The live log: every batch attempt, as it happens. */
export function LogPage() {
  const { events, results, loaded, error, load } = useLog();
  useEffect(() => void load(), [load]);
  return (
    <Stack>
      <div>
        <Title order={2}>Live log</Title>
        <Text c="dimmed" size="sm">
          Every request to Deployteq with its answer and what it means. New attempts appear as they happen.
        </Text>
      </div>
      <ErrorAlert error={error} title="The log could not be loaded" />
      {loaded && events.length === 0 && !error ? (
        <EmptyState title="No requests yet">When a connector flushes, each attempt shows here with its HTTP status and meaning.</EmptyState>
      ) : (
        <>
          <LogChart events={events} />
          <LogView events={results ?? events} />
        </>
      )}
    </Stack>
  );
}
