import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { ConnectorSaved, ConnectorView } from '../../../shared/model';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useConnectors } from '../../stores/connectors';
import { ConnectorCard } from './ConnectorCard';
import { ConnectorForm } from './ConnectorForm';

type Editing = { mode: 'create' } | { mode: 'edit'; connector: ConnectorView } | null;

/** Connectors: where profiles go. List, create, edit, remove. */
export function ConnectorsPage() {
  const { connectors, loaded, error, refresh, upsert } = useConnectors();
  const [editing, setEditing] = useState<Editing>(null);

  useEffect(() => void refresh(), [refresh]);

  const saved = ({ connector, notices }: ConnectorSaved) => {
    upsert(connector);
    setEditing(null);
    notifications.show({ color: 'teal', title: `Saved ${connector.name}`, message: notices.join(' ') || 'The connector is ready.' });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>Connectors</Title>
          <Text c="dimmed" size="sm">
            Each connector is one Deployteq webhook: where batches go and with which token.
          </Text>
        </div>
        <Button onClick={() => setEditing({ mode: 'create' })}>New connector</Button>
      </Group>
      <ErrorAlert error={error} title="The connectors could not be loaded" />
      {loaded && !error && connectors.length === 0 && (
        <EmptyState title="No connectors yet" action={<Button onClick={() => setEditing({ mode: 'create' })}>Create your first connector</Button>}>
          In Deployteq, open the Webhook Receiver, copy its URL (it ends in ?token=…) and paste it here. The token is moved to its own field and kept
          out of sight.
        </EmptyState>
      )}
      {connectors.map((c) => (
        <ConnectorCard key={c.id} connector={c} onEdit={() => setEditing({ mode: 'edit', connector: c })} />
      ))}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? `Edit ${editing.connector.name}` : 'New connector'}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {editing && (
          <ConnectorForm connector={editing.mode === 'edit' ? editing.connector : undefined} onSaved={saved} onCancel={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
