import { Alert, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
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
  const [saved, setSaved] = useState<ConnectorSaved | null>(null);

  useEffect(() => void refresh(), [refresh]);

  const onSaved = (result: ConnectorSaved) => {
    upsert(result.connector);
    setEditing(null);
    setSaved(result);
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
      {saved && (
        <Alert color="teal" variant="light" role="status" title={`Saved ${saved.connector.name}`} withCloseButton closeButtonLabel="Dismiss" onClose={() => setSaved(null)}>
          {saved.notices.length === 0 ? (
            'The connector is ready: import a file into one of its segments.'
          ) : (
            <List size="sm">
              {saved.notices.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
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
          <ConnectorForm connector={editing.mode === 'edit' ? editing.connector : undefined} onSaved={onSaved} onCancel={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
