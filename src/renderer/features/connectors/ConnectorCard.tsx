import { Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ConnectorView } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { StateBadge } from '../../components/StateBadge';
import { StateBanner } from '../../components/StateBanner';
import { confirmAction } from '../../components/confirm';
import { formatNumber } from '../../components/format';
import { useConnectors } from '../../stores/connectors';
import { SegmentsEditor } from './SegmentsEditor';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** One connector: where it sends, how, its state, and its segments. */
export function ConnectorCard({ connector, onEdit }: { connector: ConnectorView; onEdit(): void }) {
  const { upsert, drop } = useConnectors();
  const [busy, setBusy] = useState(false);

  const setState = async (method: 'connectors.pause' | 'connectors.resume') => {
    setBusy(true);
    try {
      upsert(await call(method, { connector: connector.name }));
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not changed', message: (error as ApiErrorShape).message });
    } finally {
      setBusy(false);
    }
  };

  const remove = () =>
    confirmAction({
      title: `Remove connector "${connector.name}"?`,
      body: 'Its segments and its queue of unsent changes are removed from this computer. Deployteq keeps what it already received.',
      confirmLabel: 'Remove connector',
      onConfirm: async () => {
        await call('connectors.remove', { connector: connector.name });
        drop(connector.name);
      },
    });

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={`Connector ${connector.name}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">
              {connector.name}
            </Title>
            <StateBadge state={connector.state} reason={connector.stateReason} />
          </Group>
          <Group gap="xs">
            {connector.state === 'active' ? (
              <Button size="xs" variant="default" loading={busy} onClick={() => void setState('connectors.pause')}>
                Pause
              </Button>
            ) : (
              <Button size="xs" variant="default" loading={busy} onClick={() => void setState('connectors.resume')}>
                Resume
              </Button>
            )}
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${connector.name}`}>
              Edit
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={remove} aria-label={`Remove ${connector.name}`}>
              Remove
            </Button>
          </Group>
        </Group>
        <StateBanner connector={connector.name} state={connector.state} reason={connector.stateReason} pausedUntil={connector.pausedUntil} />
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label="Endpoint">
          {connector.endpoint}
        </Code>
        <SimpleGrid cols={{ base: 2, md: 6 }} spacing="sm">
          <Fact label="Token">{connector.tokenMasked}</Fact>
          <Fact label="Identifier">
            {connector.customerType} · {connector.partnerNumber}
          </Fact>
          <Fact label="Batch size">{formatNumber(connector.batchSize)}</Fact>
          <Fact label="Flush every">{connector.cron ? `cron ${connector.cron}` : `${connector.flushIntervalMinutes} min`}</Fact>
          <Fact label="Daily limit">{connector.dailyLimit === 0 ? 'none (Webhook Pro)' : formatNumber(connector.dailyLimit)}</Fact>
          <Fact label="Auth">{connector.authMode === 'query' ? '?token=' : 'Bearer'}</Fact>
        </SimpleGrid>
        <SegmentsEditor connector={connector} />
      </Stack>
    </Paper>
  );
}
