import { Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ConnectorView } from '../../../shared/model';
import { StateBadge } from '../../components/StateBadge';
import { StateBanner } from '../../components/StateBanner';
import { confirmAction } from '../../components/confirm';
import { formatNumber } from '../../components/format';
import { pauseConnector, removeConnector, resumeConnector } from './actions';
import { SegmentsEditor } from './SegmentsEditor';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  const setState = async (action: typeof pauseConnector) => {
    setBusy(true);
    await action(connector.name);
    setBusy(false);
  };

  const remove = () =>
    confirmAction({
      title: t('connectors.removeTitle', { name: connector.name }),
      body: t('connectors.removeBody'),
      confirmLabel: t('connectors.removeConfirm'),
      onConfirm: () => removeConnector(connector.name),
    });

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={t('connectors.card', { name: connector.name })}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">
              {connector.name}
            </Title>
            <StateBadge state={connector.state} reason={connector.stateReason} reasonSaid={connector.stateSaid} />
          </Group>
          <Group gap="xs">
            {connector.state === 'active' ? (
              <Button size="xs" variant="default" loading={busy} onClick={() => void setState(pauseConnector)}>
                {t('common.pause')}
              </Button>
            ) : (
              <Button size="xs" variant="default" loading={busy} onClick={() => void setState(resumeConnector)}>
                {t('common.resume')}
              </Button>
            )}
            <Button size="xs" variant="default" onClick={onEdit} aria-label={t('connectors.editConnector', { name: connector.name })}>
              {t('common.edit')}
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={remove} aria-label={t('connectors.removeConnector', { name: connector.name })}>
              {t('common.remove')}
            </Button>
          </Group>
        </Group>
        <StateBanner connector={connector.name} state={connector.state} reason={connector.stateReason} reasonSaid={connector.stateSaid} pausedUntil={connector.pausedUntil} />
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label={t('connectors.endpoint')}>
          {connector.endpoint}
        </Code>
        <SimpleGrid cols={{ base: 2, md: 6 }} spacing="sm">
          <Fact label={t('connectors.token')}>{connector.tokenMasked}</Fact>
          <Fact label={t('connectors.identifier')}>
            {connector.customerType} · {connector.partnerNumber}
          </Fact>
          <Fact label={t('connectors.batchSize')}>{formatNumber(connector.batchSize)}</Fact>
          <Fact label={t('connectors.flushEvery')}>{connector.cron ? t('connectors.cron', { cron: connector.cron }) : t('connectors.minutes', { count: connector.flushIntervalMinutes })}</Fact>
          <Fact label={t('connectors.dailyLimit')}>{connector.dailyLimit === 0 ? t('connectors.noLimit') : formatNumber(connector.dailyLimit)}</Fact>
          <Fact label={t('connectors.auth')}>{connector.authMode === 'query' ? '?token=' : 'Bearer'}</Fact>
        </SimpleGrid>
        <SegmentsEditor connector={connector} />
      </Stack>
    </Paper>
  );
}
