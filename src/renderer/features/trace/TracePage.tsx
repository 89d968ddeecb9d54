import { Badge, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ProfileTrace } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { formatTime } from '../../components/format';
import { ForgetProfile } from './ForgetProfile';

const yes = (on: boolean, label: string) => <Badge color={on ? 'teal' : 'gray'} variant={on ? 'light' : 'outline'}>{on ? label : `not ${label}`}</Badge>;

function Memberships({ trace }: { trace: ProfileTrace }) {
  return (
    <Table withTableBorder fz="sm" aria-label="Segment memberships">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Connector</Table.Th>
          <Table.Th>Segment</Table.Th>
          <Table.Th>Should be in it</Table.Th>
          <Table.Th>Deployteq has it</Table.Th>
          <Table.Th>Pending</Table.Th>
          <Table.Th>Variables</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trace.memberships.map((m) => (
          <Table.Tr key={`${m.connectorName}/${m.segmentName}`}>
            <Table.Td>{m.connectorName}</Table.Td>
            <Table.Td>{m.segmentName}</Table.Td>
            <Table.Td>{yes(m.desired, 'desired')}</Table.Td>
            <Table.Td>{yes(m.delivered, 'delivered')}</Table.Td>
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
  if (trace.batches.length === 0) return <Text size="sm" c="dimmed">No batch has carried this profile yet.</Text>;
  return (
    <Table withTableBorder fz="sm" aria-label="Batches that carried this profile">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Created</Table.Th>
          <Table.Th>Connector</Table.Th>
          <Table.Th>Segment</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Batch</Table.Th>
          <Table.Th>Uuid</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trace.batches.map((b) => (
          <Table.Tr key={`${b.uuid}/${b.segmentName}`}>
            <Table.Td>{formatTime(b.createdAt)}</Table.Td>
            <Table.Td>{b.connectorName}</Table.Td>
            <Table.Td>{b.segmentName}</Table.Td>
            <Table.Td>{b.status}</Table.Td>
            <Table.Td>{b.state}</Table.Td>
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
      setError((e as ApiErrorShape).message);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Stack>
      <div>
        <Title order={2}>Profile trace</Title>
        <Text c="dimmed" size="sm">
          Find one customer by email or customer id: an email is hashed the same way an import hashes it.
        </Text>
      </div>
      <form onSubmit={find}>
        <Group align="flex-start">
          <TextInput label="Email or customer id" value={query} onChange={(e) => setQuery(e.currentTarget.value)} error={error} w={420} placeholder="alice.jansen@example.com" />
          <Button type="submit" loading={loading} mt={25}>
            Find
          </Button>
        </Group>
      </form>
      {trace && trace.memberships.length === 0 && trace.batches.length === 0 && (
        <EmptyState title="Not found">
          No segment holds <Code>{trace.customerId}</Code>, and no batch carried it.
        </EmptyState>
      )}
      {trace && (trace.memberships.length > 0 || trace.batches.length > 0) && (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Trace result">
          <Stack>
            <Text size="sm">
              Customer id sent: <Code>{trace.customerId}</Code>
            </Text>
            <Memberships trace={trace} />
            <Title order={4}>Batches</Title>
            <Batches trace={trace} />
          </Stack>
        </Paper>
      )}
      {trace && <ForgetProfile key={trace.query} trace={trace} onTrace={setTrace} />}
    </Stack>
  );
}
