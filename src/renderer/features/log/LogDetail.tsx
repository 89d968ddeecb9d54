import { Badge, Button, Code, CopyButton, Drawer, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { BatchEventView } from '../../../shared/model';
import { retryHeldBatch } from '../queue/actions';
import { formatNumber, formatTime } from '../../components/format';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { meaningText, statusColor, statusLabel } from './status';
import { useTranslation } from 'react-i18next';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={110}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ flex: 1, minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

/** A 400 holds its rows back until the operator retries them: the button for that. */
function RetryHeld({ uuid }: { uuid: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const retry = async () => {
    const requeued = await retryHeldBatch(uuid);
    if (requeued !== null) setMessage(t('log.requeued', { count: formatNumber(requeued) }));
  };
  return (
    <Group>
      <Button size="xs" variant="light" onClick={() => void retry()}>
        {t('log.retry')}
      </Button>
      {message && <Text size="sm">{message}</Text>}
    </Group>
  );
}

/** Everything about one attempt: its uuid, counts per segment, and what Deployteq answered. */
export function LogDetail({ event, onClose }: { event: BatchEventView | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer opened={event !== null} onClose={onClose} position="right" size="lg" title={t('log.drawer')} closeButtonProps={{ 'aria-label': t('log.closeDetails') }}>
      {event && (
        <Stack gap="xs">
          <Field label={t('log.time')}>{formatTime(event.at)}</Field>
          <Field label={t('common.connector')}>{event.connectorName}</Field>
          <Field label={t('log.batchUuid')}>
            {event.batchUuid ? (
              <Group gap={4}>
                <Code>{event.batchUuid}</Code>
                <CopyButton value={event.batchUuid}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="subtle" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            ) : (
              '—'
            )}
          </Field>
          <Field label={t('log.http')}>
            <Badge color={statusColor(event)}>{statusLabel(event)}</Badge> {meaningText(event)}
          </Field>
          <Field label={t('log.outcomeField')}>{t(`outcomeLabel.outcome_${event.outcome}`, { defaultValue: event.outcome })}</Field>
          <Field label={t('log.latency')}>{event.latencyMs === null ? '—' : t('common.ms', { value: formatNumber(event.latencyMs) })}</Field>
          <Field label={t('log.nextRetry')}>{event.nextRetryAt ? formatTime(event.nextRetryAt) : '—'}</Field>
          <SegmentCountsTable
            label={t('log.perSegment')}
            rows={Object.entries(event.counts).map(([segment, counts]) => ({ key: segment, segment, counts }))}
          />
          <Text size="sm" fw={600}>
            {t('log.response')}
          </Text>
          <Code block aria-label={t('log.responseSnippet')} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {event.responseSnippet || t('log.empty')}
          </Code>
          {event.outcome === 'failed' && event.batchUuid && <RetryHeld uuid={event.batchUuid} />}
        </Stack>
      )}
    </Drawer>
  );
}
