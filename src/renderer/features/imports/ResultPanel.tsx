import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { ImportResult, StatusCounts } from '../../../shared/model';
import { outlookText } from '../../i18n/say';
import { Sentence } from '../../components/Sentence';
import { formatNumber } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useImports } from '../../stores/imports';
import { isDelivered, useLog } from '../../stores/log';
import { useQueue } from '../../stores/queue';
import { RejectsTable } from './RejectsTable';
import { MappingOutcome } from './MappingOutcome';
import { SegmentHistory } from './SegmentHistory';

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md" aria-label={t('importing.countLabel', { label, value })}>
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
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const reset = useImports((s) => s.reset);
  const { pending, delivered } = useLiveCounts(result);
  const left = pending.NEW + pending.MODIFIED + pending.REMOVED;
  return (
    <Stack aria-label={t('importing.result')} component="section">
      <Title order={3}>
        {t('importing.importedInto', { segment: result.segment, connector: result.connector })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('importing.rowsRead', { rows: formatNumber(result.rowsRead), seconds: (result.durationMs / 1000).toLocaleString(i18n.language === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
        {result.duplicates > 0 ? t('importing.duplicates', { count: formatNumber(result.duplicates) }) : ''}
        {t('importing.stillToSend')}
      </Text>
      {result.outlook && (
        <Alert color={result.outlook.when === 'halted' || result.outlook.when === 'paused' ? 'orange' : 'blue'} variant="light" role="status" title={t('importing.whatNext')}>
          <Sentence text={outlookText(result.outlook, result.connector)} />
          {delivered > 0 && ` ${t(left === 0 ? 'importing.soFarDeliveredAll' : 'importing.soFarDelivered', { count: delivered, formatted: formatNumber(delivered) })}`}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Count label={t('importing.countNew')} value={pending.NEW} color="teal" />
        <Count label={t('importing.countModified')} value={pending.MODIFIED} color="blue" />
        <Count label={t('importing.countRemoved')} value={pending.REMOVED} color="orange" />
        <Count label={t('importing.countSent')} value={delivered} color={delivered ? 'teal' : undefined} />
        <Count label={t('importing.countRejected')} value={result.rejected} color={result.rejected ? 'red' : undefined} />
      </SimpleGrid>
      <MappingOutcome result={result} />
      {result.keptByRejects > 0 && (
        <Text size="sm" aria-label={t('importing.keptLabel')}>
          {t('importing.kept', { count: result.keptByRejects, formatted: formatNumber(result.keptByRejects) })}
        </Text>
      )}
      {result.rejectsFile && result.rejected > 0 && (
        <Group gap="xs">
          <Text size="sm">{t('importing.rejectsIntro')}</Text>
          <Code aria-label={t('importing.rejectsFile')}>{result.rejectsFile}</Code>
          <CopyButton value={result.rejectsFile}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? t('common.copied') : t('importing.copyPath')}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      {result.rejectsFile && result.rejected > 0 && <RejectsTable rejectsFile={result.rejectsFile} segment={result.segment} />}
      <SegmentHistory connector={result.connector} segment={result.segment} />
      <Group>
        <Button onClick={() => go('preview', result.connector)}>{t('importing.previewPayload')}</Button>
        <Button variant="default" onClick={() => go('queue')}>
          {t('importing.goQueue')}
        </Button>
        <Button variant="subtle" onClick={reset}>
          {t('importing.another')}
        </Button>
      </Group>
    </Stack>
  );
}
