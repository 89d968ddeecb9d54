import { Alert, Button, List, Modal, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConnectorSaved, ConnectorView } from '../../../shared/model';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useConnectors } from '../../stores/connectors';
import { ConnectorCard } from './ConnectorCard';
import { ConnectorForm } from './ConnectorForm';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { wordMessage } from '../../i18n/say';

type Editing = { mode: 'create' } | { mode: 'edit'; connector: ConnectorView } | null;

/** Connectors: where profiles go. List, create, edit, remove. */
export function ConnectorsPage() {
  const { t } = useTranslation();
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
      <PageHeader title={t('connectors.title')} description={t('connectors.intro')} actions={<Button onClick={() => setEditing({ mode: 'create' })}>{t('connectors.new')}</Button>} />
      <ErrorAlert error={error} title={t('connectors.loadFailed')} />
      {saved && (
        <Alert color="teal" variant="light" role="status" title={t('connectors.saved', { name: saved.connector.name })} withCloseButton closeButtonLabel={t('common.dismiss')} onClose={() => setSaved(null)}>
          {saved.notices.length === 0 ? (
            t('connectors.ready')
          ) : (
            <List size="sm">
              {saved.notices.map((n, i) => (
                <List.Item key={n}>{wordMessage(saved.noticeMessages?.[i], n)}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {loaded && !error && connectors.length === 0 && (
        <EmptyState title={t('connectors.emptyTitle')} action={<Button onClick={() => setEditing({ mode: 'create' })}>{t('connectors.emptyAction')}</Button>}>
          {t('connectors.emptyBody')}
        </EmptyState>
      )}
      {connectors.map((c) => (
        <ConnectorCard key={c.id} connector={c} onEdit={() => setEditing({ mode: 'edit', connector: c })} />
      ))}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? t('connectors.editTitle', { name: editing.connector.name }) : t('connectors.new')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <ConnectorForm connector={editing.mode === 'edit' ? editing.connector : undefined} onSaved={onSaved} onCancel={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
