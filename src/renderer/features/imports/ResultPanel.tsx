import { Alert, Button, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { ImportResult, StatusCounts } from '../../../shared/model';
import { describeOutlook } from '../../../shared/outlook';
import { formatNumber } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useImports } from '../../stores/imports';
import { isDelivered, useLog } from '../../stores/log';
import { useQueue } from '../../stores/queue';
import { RejectsTable } from './RejectsTable';
import { MappingOutcome } from './MappingOutcome';
import { SegmentHistory } from './SegmentHistory';

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" aria-label={`${label}: ${value}`}>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/**
 * Looks at the queue now, and again at most every `ms` while deliveries come in (the queue event comes only
 * at the end of a flush; reading counts the whole queue, so not at every batch of a long drain). Returns
 * whether the queue was read after the import, so its figures are this import's.
 */
function useQueueFollowing(delivered: number, ms = 3000): boolean {
  const last = useRef(0);
  const [fresh, setFresh] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => {
      last.current = Date.now();
      void useQueue.getState().refresh().then(() => setFresh(true));
    }, Math.max(0, last.current + ms - Date.now()));
    return () => clearTimeout(timer);
  }, [delivered, ms]);
  return fresh;
}

/**
 * The segment's changes still to send, live: the queue's per-segment count once read after the import, the
 * import's own figures until then; and the segment's profiles delivered since the import was stored.
 */
function useLiveCounts(result: ImportResult): { pending: StatusCounts; delivered: number } {
  const since = result.outlook?.at ?? Number.POSITIVE_INFINITY;
  const delivered = useLog((s) =>
    s.events
      .filter((e) => e.connectorName === result.connector && e.at >= since && isDelivered(e))
      .reduce((sum, e) => sum + Object.values(e.counts[result.segment] ?? {}).reduce((a, b) => a + (b ?? 0), 0), 0),
  );
  const live = useQueue((s) => s.pending.find((p) => p.connectorName === result.connector && p.segmentName === result.segment)?.counts);
  const fresh = useQueueFollowing(delivered);
  return { pending: fresh && live ? live : result.pending, delivered };
}

/** What the import changed: pending NEW / MODIFIED / REMOVED, what happens to them next, and what was rejected. */
export function ResultPanel({ result }: { result: ImportResult }) {
  const go = useNav((s) => s.go);
  const reset = useImports((s) => s.reset);
  const { pending, delivered } = useLiveCounts(result);
  const left = pending.NEW + pending.MODIFIED + pending.REMOVED;
  return (
    <Stack aria-label="Import result" component="section">
      <Title order={3}>
        Imported into “{result.segment}” ({result.connector})
      </Title>
      <Text size="sm" c="dimmed">
        {formatNumber(result.rowsRead)} rows read in {(result.durationMs / 1000).toFixed(1)} s
        {result.duplicates > 0 ? ` · ${formatNumber(result.duplicates)} duplicate identifiers (the last row won)` : ''}. Changes of this segment still
        to send, updated as they go:
      </Text>
      {result.outlook && (
        <Alert color={result.outlook.when === 'halted' || result.outlook.when === 'paused' ? 'orange' : 'blue'} variant="light" role="status" title="What happens next">
          {describeOutlook(result.outlook, result.connector)}
          {delivered > 0 && ` So far ${formatNumber(delivered)} ${delivered === 1 ? 'change of this segment was' : 'changes of this segment were'} delivered${left === 0 ? ': nothing is left to send.' : '.'}`}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Count label="New" value={pending.NEW} color="teal" />
        <Count label="Modified" value={pending.MODIFIED} color="blue" />
        <Count label="Removed" value={pending.REMOVED} color="orange" />
        <Count label="Sent since import" value={delivered} color={delivered ? 'teal' : undefined} />
        <Count label="Rejected rows" value={result.rejected} color={result.rejected ? 'red' : undefined} />
      </SimpleGrid>
      <MappingOutcome result={result} />
      {result.keptByRejects > 0 && (
        <Text size="sm" aria-label="Kept as they were">
          {formatNumber(result.keptByRejects)} member{result.keptByRejects === 1 ? '' : 's'} whose row was rejected kept as they were: not removed,
          not changed.
        </Text>
      )}
      {result.rejectsFile && result.rejected > 0 && (
        <Group gap="xs">
          <Text size="sm">Rejected rows, with line number and reason:</Text>
          <Code aria-label="Rejects file">{result.rejectsFile}</Code>
          <CopyButton value={result.rejectsFile}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy path'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      {result.rejectsFile && result.rejected > 0 && <RejectsTable rejectsFile={result.rejectsFile} segment={result.segment} />}
      <SegmentHistory connector={result.connector} segment={result.segment} />
      <Group>
        <Button onClick={() => go('preview', result.connector)}>Preview the payload</Button>
        <Button variant="default" onClick={() => go('queue')}>
          Go to the queue
        </Button>
        <Button variant="subtle" onClick={reset}>
          Import another file
        </Button>
      </Group>
    </Stack>
  );
}
