import { Badge, Button, Code, CopyButton, Drawer, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { BatchEventView } from '../../../shared/model';
import { call } from '../../api/client';
import { formatNumber, formatTime } from '../../components/format';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { statusColor, statusLabel } from './status';

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
  const [message, setMessage] = useState<string | null>(null);
  const retry = async () => {
    try {
      const { requeued } = await call('queue.retryFailed', { batchUuid: uuid });
      setMessage(`${formatNumber(requeued)} profiles are queued again.`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <Group>
      <Button size="xs" variant="light" onClick={() => void retry()}>
        Retry these profiles
      </Button>
      {message && <Text size="sm">{message}</Text>}
    </Group>
  );
}

/** Everything about one attempt: its uuid, counts per segment, and what Deployteq answered. */
export function LogDetail({ event, onClose }: { event: BatchEventView | null; onClose(): void }) {
  return (
    <Drawer opened={event !== null} onClose={onClose} position="right" size="lg" title="Batch attempt" closeButtonProps={{ 'aria-label': 'Close details' }}>
      {event && (
        <Stack gap="xs">
          <Field label="Time">{formatTime(event.at)}</Field>
          <Field label="Connector">{event.connectorName}</Field>
          <Field label="Batch uuid">
            {event.batchUuid ? (
              <Group gap={4}>
                <Code>{event.batchUuid}</Code>
                <CopyButton value={event.batchUuid}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="subtle" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            ) : (
              '—'
            )}
          </Field>
          <Field label="HTTP">
            <Badge color={statusColor(event)}>{statusLabel(event)}</Badge> {event.meaning}
          </Field>
          <Field label="Outcome">{event.outcome}</Field>
          <Field label="Latency">{event.latencyMs === null ? '—' : `${formatNumber(event.latencyMs)} ms`}</Field>
          <Field label="Next retry">{event.nextRetryAt ? formatTime(event.nextRetryAt) : '—'}</Field>
          <SegmentCountsTable
            label="Profiles per segment"
            rows={Object.entries(event.counts).map(([segment, counts]) => ({ key: segment, segment, counts }))}
          />
          <Text size="sm" fw={600}>
            Response
          </Text>
          <Code block aria-label="Response snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {event.responseSnippet || '(empty)'}
          </Code>
          {event.outcome === 'failed' && event.batchUuid && <RetryHeld uuid={event.batchUuid} />}
        </Stack>
      )}
    </Drawer>
  );
}
