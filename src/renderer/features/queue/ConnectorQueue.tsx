import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PendingSegmentSummary, ProcessRef, QueueView } from '../../../shared/model';
import type { ApiErrorShape, FlushReport } from '../../../shared/api';
import { call } from '../../api/client';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { StateBadge } from '../../components/StateBadge';
import { StateBanner } from '../../components/StateBanner';
import { HeldForReview, heldLines, heldThrough } from '../../components/HeldForReview';
import { formatNumber, formatTime, plural } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useConnectors } from '../../stores/connectors';
import { useQueue } from '../../stores/queue';
import { Countdown } from './Countdown';
import { DailyMeter } from './DailyMeter';
import { ExportDeliveredButton } from './ExportDeliveredButton';
import { SegmentHistoryButton } from '../imports/SegmentHistoryButton';

/** A process that holds a lease, in words: "process 4242 on laptop-7 (since 2026-03-10 10:00:00 CET)". */
const processInWords = (p: ProcessRef) => `process ${p.pid} on ${p.host} (since ${formatTime(p.since)})`;

/**
 * What a Flush now did. Green "Flushed" only when everything it tried was delivered; connection refused,
 * timeouts, 5xx and refusals show as problems, each with its reason and the next retry time.
 */
function FlushOutcome({ report }: { report: FlushReport }) {
  const problems = report.problems ?? [];
  const bad = problems.length > 0 || report.failed > 0 || report.halted || report.paused || (report.retrying ?? 0) > 0;
  const delivered = `${plural(report.customersDelivered, 'profile')} delivered in ${plural(report.batchesSent, 'request')}.`;
  if (report.busy) {
    return (
      <Alert color="blue" variant="light" role="status" title="Another process is sending">
        {processInWords(report.busy)} is sending for this connector, so this flush sent nothing; it delivers the queue itself.
      </Alert>
    );
  }
  if (!bad) {
    return (
      <Alert color="teal" variant="light" role="status" title="Flushed">
        {delivered}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="status" title={report.batchesSent === 0 ? 'Flush finished with problems: nothing delivered' : 'Flush finished with problems'}>
      <Stack gap={4}>
        <Text size="sm">{delivered}</Text>
        {problems.map((line) => (
          <Text size="sm" key={line}>
            {line}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** One connector's queue: what is pending, when it goes, today's budget, and the buttons. */
export function ConnectorQueue({ queue, segments }: { queue: QueueView; segments: PendingSegmentSummary[] }) {
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
    <Paper withBorder radius="md" p="md" component="article" aria-label={`Queue of ${name}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">
              {name}
            </Title>
            <StateBadge state={queue.state} reason={queue.stateReason} />
          </Group>
          <Group gap="xs">
            <Button size="xs" onClick={() => void flush()} loading={busy === 'flush'} disabled={queue.state === 'halted'} aria-label={`Flush ${name} now`}>
              Flush now
            </Button>
            {queue.state === 'active' ? (
              <Button size="xs" variant="default" onClick={() => void pause()} loading={busy === 'pause'} aria-label={`Pause ${name}`}>
                Pause
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={() => void resume()} loading={busy === 'resume'} aria-label={`Resume ${name}`}>
                Resume
              </Button>
            )}
            <Button size="xs" variant="subtle" onClick={() => go('preview', name)}>
              Preview
            </Button>
            <ExportDeliveredButton connector={name} />
            <SegmentHistoryButton connector={name} />
          </Group>
        </Group>
        <StateBanner connector={name} state={queue.state} reason={queue.stateReason} />
        {queue.sendingBy && (
          <Alert color="blue" variant="light" role="status" title="Sending from another process">
            {processInWords(queue.sendingBy)} is sending this connector&apos;s batches right now; a flush from here waits for it.
          </Alert>
        )}
        <HeldForReview connector={name} lines={heldLines(segments)} throughImport={heldThrough(segments)} onReleased={() => void refresh()} />
        {report && <FlushOutcome report={report} />}
        {error && (
          <Alert color="red" role="alert" title="Not done">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Text size="sm" aria-label={`Pending for ${name}`}>
            Pending: <b>{formatNumber(total)}</b> ({formatNumber(queue.pending.NEW)} new, {formatNumber(queue.pending.MODIFIED)} modified,{' '}
            {formatNumber(queue.pending.REMOVED)} removed){queue.inFlight ? ` · ${formatNumber(queue.inFlight)} in flight` : ''}
            {queue.held ? ` · ${formatNumber(queue.held)} held` : ''}
          </Text>
          <Countdown at={queue.nextFlushAt} paused={queue.state !== 'active'} />
          <DailyMeter used={queue.requestsToday} limit={queue.dailyLimit} sharedWith={queue.sharedWith ?? []} />
        </SimpleGrid>
        {segments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No segments yet.
          </Text>
        ) : (
          <SegmentCountsTable
            label="Pending per segment"
            extraColumns={['In flight', 'Held after 400']}
            rows={segments.map((r) => ({ key: r.segmentId, segment: r.segmentName, counts: r.counts, extra: [r.inFlight, r.held] }))}
          />
        )}
      </Stack>
    </Paper>
  );
}
