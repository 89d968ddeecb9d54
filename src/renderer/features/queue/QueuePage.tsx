import { Alert, Button, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FlushReport } from '../../../shared/api';
import { flushAllConnectors } from './actions';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useNav } from '../../stores/nav';
import { useQueue } from '../../stores/queue';
import { ConnectorQueue } from './ConnectorQueue';
import { useTranslation } from 'react-i18next';
import { flushProblems } from '../../i18n/say';
import { Sentence } from '../../components/Sentence';
import { PageHeader } from '../../components/PageHeader';

/** The queue: what is waiting to go, per connector and segment, and when. */
export function QueuePage() {
  const { t } = useTranslation();
  const { queue, pending, loaded, error, refresh } = useQueue();
  const go = useNav((s) => s.go);
  const [flushing, setFlushing] = useState(false);
  const [reports, setReports] = useState<FlushReport[] | null>(null);
  const problems = (reports ?? []).flatMap(flushProblems);

  useEffect(() => {
    void refresh();
    // Live events keep it current; a slow poll covers what no event announces (e.g. a new day's budget).
    const timer = setInterval(() => void refresh(), 15_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const flushAll = async () => {
    setFlushing(true);
    setReports(await flushAllConnectors());
    setFlushing(false);
  };

  return (
    <Stack>
      <PageHeader
        title={t('queue.title')}
        description={t('queue.intro')}
        actions={
          queue.length > 0 && (
            <Button variant="light" onClick={() => void flushAll()} loading={flushing}>
              {t('queue.flushAll')}
            </Button>
          )
        }
      />
      <ErrorAlert error={error} />
      {reports && problems.length > 0 && (
        <Alert color="red" variant="light" role="status" title={t('queue.flushAllBad')}>
          <Stack gap={4}>
            {problems.map((line) => (
              <Text size="sm" key={line}>
                <Sentence text={line} />
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {loaded && queue.length === 0 && !error && (
        <EmptyState title={t('queue.emptyTitle')} action={<Button onClick={() => go('connectors')}>{t('queue.emptyAction')}</Button>}>
          {t('queue.emptyBody')}
        </EmptyState>
      )}
      {queue.map((q) => (
        <ConnectorQueue key={q.connectorId} queue={q} segments={pending.filter((p) => p.connectorId === q.connectorId)} />
      ))}
    </Stack>
  );
}
