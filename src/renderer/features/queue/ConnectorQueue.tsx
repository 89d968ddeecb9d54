import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PendingSegmentSummary, ProcessRef, QueueView } from '../../../shared/model';
import type { FlushReport } from '../../../shared/api';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { StateBadge } from '../../components/StateBadge';
import { StateBanner } from '../../components/StateBanner';
import { HeldForReview, heldLines, heldThrough } from './HeldForReview';
import { formatNumber, formatTime } from '../../components/format';
import { useNav } from '../../stores/nav';
import { pauseConnector, resumeConnector } from '../connectors/actions';
import { flushConnector } from './actions';
import { Countdown } from './Countdown';
import { DailyMeter } from './DailyMeter';
import { ExportDeliveredButton } from './ExportDeliveredButton';
import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import { flushNotes, flushProblems } from '../../i18n/say';
import { Sentence } from '../../components/Sentence';
import { SegmentHistoryButton } from '../imports/SegmentHistoryButton';

/** A process that holds a lease, in words: "process 4242 on laptop-7 (since 2026-03-10 10:00:00 CET)". */
const processInWords = (p: ProcessRef) => i18n.t('queue.process', { pid: p.pid, host: p.host, since: formatTime(p.since) });

/**
 * What a Flush now did. Green "Flushed" only when everything it tried was delivered; connection refused,
 * timeouts, 5xx and refusals show as problems, each with its reason and the next retry time.
 */
function FlushOutcome({ report }: { report: FlushReport }) {
  const { t } = useTranslation();
  const problems = report.problems ?? [];
  // What the flush said besides its problems (changes held for review, a batch's outcome), each line worded.
  const notes = flushNotes(report);
  const bad = problems.length > 0 || report.failed > 0 || report.halted || report.paused || (report.retrying ?? 0) > 0;
  const delivered = t('queue.flushDelivered', {
    profiles: t('queue.profiles', { count: report.customersDelivered, formatted: formatNumber(report.customersDelivered) }),
    requests: t('queue.requests', { count: report.batchesSent, formatted: formatNumber(report.batchesSent) }),
  });
  if (report.busy) {
    return (
      <Alert color="blue" variant="light" role="status" title={t('queue.busyTitle')}>
        {t('queue.busyBody', { process: processInWords(report.busy) })}
      </Alert>
    );
  }
  if (!bad) {
    return (
      <Alert color="teal" variant="light" role="status" title={t('queue.flushed')}>
        <Stack gap={4}>
          <Text size="sm">{delivered}</Text>
          {notes.map((line) => (
            <Text size="sm" key={line}>
              <Sentence text={line} />
            </Text>
          ))}
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="status" title={t(report.batchesSent === 0 ? 'queue.flushedBadNothing' : 'queue.flushedBad')}>
      <Stack gap={4}>
        <Text size="sm">{delivered}</Text>
        {[...flushProblems(report), ...notes].map((line) => (
          <Text size="sm" key={line}>
            <Sentence text={line} />
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** One connector's queue: what is pending, when it goes, today's budget, and the buttons. */
export function ConnectorQueue({ queue, segments }: { queue: QueueView; segments: PendingSegmentSummary[] }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<FlushReport | null>(null);
  const total = queue.pending.NEW + queue.pending.MODIFIED + queue.pending.REMOVED;
  const name = queue.connectorName;

  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    await action();
    setBusy(null);
  };
  const flush = () => run('flush', async () => setReport(await flushConnector(name)));
  const pause = () => run('pause', () => pauseConnector(name));
  const resume = () => run('resume', () => resumeConnector(name));

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={t('queue.card', { name })}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">
              {name}
            </Title>
            <StateBadge state={queue.state} reason={queue.stateReason} reasonSaid={queue.stateSaid} />
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
            <ExportDeliveredButton connector={name} />
            <SegmentHistoryButton connector={name} />
          </Group>
        </Group>
        <StateBanner connector={name} state={queue.state} reason={queue.stateReason} reasonSaid={queue.stateSaid} />
        {queue.sendingBy && (
          <Alert color="blue" variant="light" role="status" title={t('queue.sendingByTitle')}>
            {t('queue.sendingByBody', { process: processInWords(queue.sendingBy) })}
          </Alert>
        )}
        <HeldForReview connector={name} lines={heldLines(t, segments)} throughImport={heldThrough(segments)} />
        {report && <FlushOutcome report={report} />}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Text size="sm" aria-label={t('queue.pendingLabel', { name })}>
            {t('queue.pending')} <b>{formatNumber(total)}</b>{' '}
            {t('queue.pendingCounts', { new: formatNumber(queue.pending.NEW), modified: formatNumber(queue.pending.MODIFIED), removed: formatNumber(queue.pending.REMOVED) })}
            {queue.inFlight ? t('queue.inFlight', { count: formatNumber(queue.inFlight) }) : ''}
            {queue.held ? t('queue.held', { count: formatNumber(queue.held) }) : ''}
          </Text>
          <Countdown at={queue.nextFlushAt} paused={queue.state !== 'active'} />
          <DailyMeter used={queue.requestsToday} limit={queue.dailyLimit} sharedWith={queue.sharedWith ?? []} />
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
