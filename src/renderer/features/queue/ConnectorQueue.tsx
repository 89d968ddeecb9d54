import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PendingSegmentSummary, QueueView } from '../../../shared/model';
import type { ApiErrorShape, FlushReport } from '../../../shared/api';
import { call } from '../../api/client';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { StateBadge } from '../../components/StateBadge';
import { StateBanner } from '../../components/StateBanner';
import { formatNumber } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useConnectors } from '../../stores/connectors';
import { useQueue } from '../../stores/queue';
import { Countdown } from './Countdown';
import { DailyMeter } from './DailyMeter';
import { useTranslation } from 'react-i18next';

function FlushOutcome({ report }: { report: FlushReport }) {
  const { t } = useTranslation();
  const bad = report.failed > 0 || report.halted || report.paused;
  return (
    <Alert color={bad ? 'red' : 'teal'} variant="light" role="status" title={t(bad ? 'queue.flushedBad' : 'queue.flushed')}>
      {t('queue.flushReport', { profiles: formatNumber(report.customersDelivered), requests: formatNumber(report.batchesSent) })}
      {report.failed ? t('queue.flushFailed', { count: formatNumber(report.failed) }) : ''}.{report.messages.length ? ` ${report.messages.join(' ')}` : ''}
    </Alert>
  );
}

/** One connector's queue: what is pending, when it goes, today's budget, and the buttons. */
export function ConnectorQueue({ queue, segments }: { queue: QueueView; segments: PendingSegmentSummary[] }) {
  const { t } = useTranslation();
  const refresh = useQueue((s) => s.refresh);
  const go = useNav((s) => s.go);
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<FlushReport | null>(null);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const total = queue.pending.NEW + queue.pending.MODIFIED + queue.pending.REMOVED;
  const name = queue.connectorName;

  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as ApiErrorShape);
    } finally {
      setBusy(null);
      void refresh();
      void useConnectors.getState().refresh();
    }
  };
  const flush = () => run('flush', async () => setReport((await call('queue.flush', { connector: name }))[0] ?? null));
  const pause = () => run('pause', () => call('connectors.pause', { connector: name }));
  const resume = () => run('resume', () => call('connectors.resume', { connector: name }));

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={t('queue.card', { name })}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">
              {name}
            </Title>
            <StateBadge state={queue.state} reason={queue.stateReason} />
          </Group>
          <Group gap="xs">
            <Button size="xs" onClick={() => void flush()} loading={busy === 'flush'} disabled={queue.state === 'halted'} aria-label={t('queue.flushNowConnector', { name })}>
              {t('queue.flushNow')}
            </Button>
            {queue.state === 'active' ? (
              <Button size="xs" variant="default" onClick={() => void pause()} loading={busy === 'pause'} aria-label={t('common.pauseConnector', { name })}>
                {t('common.pause')}
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={() => void resume()} loading={busy === 'resume'} aria-label={t('common.resumeConnector', { name })}>
                {t('common.resume')}
              </Button>
            )}
            <Button size="xs" variant="subtle" onClick={() => go('preview', name)}>
              {t('queue.preview')}
            </Button>
          </Group>
        </Group>
        <StateBanner connector={name} state={queue.state} reason={queue.stateReason} />
        {report && <FlushOutcome report={report} />}
        {error && (
          <Alert color="red" role="alert" title={t('common.notDone')}>
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Text size="sm" aria-label={t('queue.pendingLabel', { name })}>
            {t('queue.pending')} <b>{formatNumber(total)}</b>{' '}
            {t('queue.pendingCounts', { new: formatNumber(queue.pending.NEW), modified: formatNumber(queue.pending.MODIFIED), removed: formatNumber(queue.pending.REMOVED) })}
            {queue.inFlight ? t('queue.inFlight', { count: formatNumber(queue.inFlight) }) : ''}
            {queue.held ? t('queue.held', { count: formatNumber(queue.held) }) : ''}
          </Text>
          <Countdown at={queue.nextFlushAt} paused={queue.state !== 'active'} />
          <DailyMeter used={queue.requestsToday} limit={queue.dailyLimit} />
        </SimpleGrid>
        {segments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('queue.noSegments')}
          </Text>
        ) : (
          <SegmentCountsTable
            label={t('queue.perSegment')}
            extraColumns={[t('queue.inFlightColumn'), t('queue.heldColumn')]}
            rows={segments.map((r) => ({ key: r.segmentId, segment: r.segmentName, counts: r.counts, extra: [r.inFlight, r.held] }))}
          />
        )}
      </Stack>
    </Paper>
  );
}
