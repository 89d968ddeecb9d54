import { Badge, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ProfileTrace } from '../../../shared/model';
import { call } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { formatTime } from '../../components/format';
import { useTranslation } from 'react-i18next';
import { ForgetProfile } from './ForgetProfile';
import { wordError, wordValue } from '../../i18n/say';
import { PageHeader } from '../../components/PageHeader';

const yes = (on: boolean, label: string, notLabel: string) => <Badge color={on ? 'teal' : 'gray'} variant={on ? 'light' : 'outline'}>{on ? label : notLabel}</Badge>;

function Memberships({ trace }: { trace: ProfileTrace }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder fz="sm" aria-label={t('trace.memberships')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('common.connector')}</Table.Th>
          <Table.Th>{t('common.segment')}</Table.Th>
          <Table.Th>{t('trace.shouldBeIn')}</Table.Th>
          <Table.Th>{t('trace.deployteqHas')}</Table.Th>
          <Table.Th>{t('trace.pending')}</Table.Th>
          <Table.Th>{t('trace.variables')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trace.memberships.map((m) => (
          <Table.Tr key={`${m.connectorName}/${m.segmentName}`}>
            <Table.Td>{m.connectorName}</Table.Td>
            <Table.Td>{m.segmentName}</Table.Td>
            <Table.Td>{yes(m.desired, t('trace.desired'), t('trace.notDesired'))}</Table.Td>
            <Table.Td>{yes(m.delivered, t('trace.deliveredBadge'), t('trace.notDelivered'))}</Table.Td>
            <Table.Td>{m.pending ? <Badge color="blue">{m.pending}</Badge> : '—'}</Table.Td>
            <Table.Td>
              <Text size="xs">{m.params.map((p) => `${p.name}=${p.value}`).join(', ') || '—'}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Batches({ trace }: { trace: ProfileTrace }) {
  const { t } = useTranslation();
  if (trace.batches.length === 0) return <Text size="sm" c="dimmed">{t('trace.noBatches')}</Text>;
  return (
    <Table withTableBorder fz="sm" aria-label={t('trace.batches')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('trace.created')}</Table.Th>
          <Table.Th>{t('common.connector')}</Table.Th>
          <Table.Th>{t('common.segment')}</Table.Th>
          <Table.Th>{t('trace.status')}</Table.Th>
          <Table.Th>{t('trace.batch')}</Table.Th>
          <Table.Th>{t('trace.uuid')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trace.batches.map((b) => (
          <Table.Tr key={`${b.uuid}/${b.segmentName}`}>
            <Table.Td>{formatTime(b.createdAt)}</Table.Td>
            <Table.Td>{b.connectorName}</Table.Td>
            <Table.Td>{b.segmentName}</Table.Td>
            <Table.Td>{b.status}</Table.Td>
            <Table.Td>{wordValue('batchState', b.state)}</Table.Td>
            <Table.Td>
              <Code>{b.uuid}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Where is this person? Per segment: should be in, is in, what is pending, and every batch that carried them. */
export function TracePage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [trace, setTrace] = useState<ProfileTrace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setLoading(true);
    try {
      setTrace(await call('trace.find', { query }));
      setError(null);
    } catch (e) {
      setTrace(null);
      setError(wordError(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Stack>
      <PageHeader title={t('trace.title')} description={t('trace.intro')} />
      <form onSubmit={find}>
        <Group align="flex-start">
          <TextInput label={t('trace.query')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} error={error} w={420} placeholder="alice.jansen@example.com" />
          <Button type="submit" loading={loading} mt={25}>
            {t('trace.find')}
          </Button>
        </Group>
      </form>
      {trace && trace.memberships.length === 0 && trace.batches.length === 0 && (
        <EmptyState title={t('trace.notFoundTitle')}>
          {t('trace.notFoundBefore')} <Code>{trace.customerId}</Code>{t('trace.notFoundAfter')}
        </EmptyState>
      )}
      {trace && (trace.memberships.length > 0 || trace.batches.length > 0) && (
        <Paper withBorder radius="md" p="md" component="section" aria-label={t('trace.result')}>
          <Stack>
            <Text size="sm">
              {t('trace.customerIdSent')} <Code>{trace.customerId}</Code>
            </Text>
            <Memberships trace={trace} />
            <Title order={4}>{t('trace.batchesTitle')}</Title>
            <Batches trace={trace} />
          </Stack>
        </Paper>
      )}
      {trace && <ForgetProfile key={trace.query} trace={trace} onTrace={setTrace} />}
    </Stack>
  );
}
