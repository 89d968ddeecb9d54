import { Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorShape } from '../../../shared/api';
import type { BackupRestored, BackupView } from '../../../shared/model';
import { call } from '../../api/client';
import { confirmAction } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatTime } from '../../components/format';
import { useConnectors } from '../../stores/connectors';
import { useLog } from '../../stores/log';
import { useQueue } from '../../stores/queue';
import { Trans, useTranslation } from 'react-i18next';
import { RetentionSection } from './RetentionSection';
import { PageHeader } from '../../components/PageHeader';

/** After a restore every screen shows the restored database: the stores read it again. */
async function reloadEngineData(): Promise<void> {
  await Promise.all([useConnectors.getState().refresh(), useQueue.getState().refresh(), useLog.getState().load()]);
}

/** The database backups: one a day kept automatically (the last 7), one now on request, a restore; and retention. */
export function BackupsPage() {
  const { t } = useTranslation();
  const [backups, setBackups] = useState<BackupView[] | null>(null);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [made, setMade] = useState<BackupView | null>(null);
  const [restored, setRestored] = useState<BackupRestored | null>(null);
  // Retention lives in the database: after a restore, the section reads the restored one.
  const [generation, setGeneration] = useState(0);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    call('backups.list', {})
      .then(setBackups)
      .catch((e: ApiErrorShape) => setError(e));
  }, []);
  useEffect(refresh, [refresh]);

  const backUpNow = async () => {
    setBusy(true);
    try {
      setMade(await call('backups.create', {}));
      setRestored(null);
      setError(null);
      refresh();
    } catch (e) {
      setError(e as ApiErrorShape);
    } finally {
      setBusy(false);
    }
  };

  const restore = (backup: BackupView) => {
    const date = formatTime(backup.createdAt);
    confirmAction({
      title: t('backups.confirmTitle', { date }),
      body: t('backups.confirmBody', { date }),
      confirmLabel: t('backups.confirmLabel'),
      onConfirm: async () => {
        const done = await call('backups.restore', { name: backup.name });
        setRestored(done);
        setMade(null);
        setError(null);
        setGeneration((g) => g + 1);
        refresh();
        await reloadEngineData();
      },
    });
  };

  return (
    <Stack>
      <PageHeader title={t('backups.title')} description={t('backups.intro')} />
      <Group>
        <Button onClick={() => void backUpNow()} loading={busy}>
          {t('backups.now')}
        </Button>
        {made && (
          <Text size="sm" role="status">
            {t('backups.madeTo')} <Code>{made.file}</Code> ({formatBytes(made.bytes)}).
          </Text>
        )}
      </Group>
      {restored && (
        <Text size="sm" role="status">
          {t('backups.restored', { date: formatTime(restored.restored.createdAt) })}
          {restored.keptAs && (
            <>
              {' '}
              {t('backups.keptAs')} <Code>{restored.keptAs}</Code>.
            </>
          )}
        </Text>
      )}
      <ErrorAlert error={error} title={t('backups.title')} />
      <Paper withBorder radius="md" p="md" component="section" aria-label={t('backups.list')}>
        {backups && backups.length === 0 ? (
          <Text size="sm">{t('backups.none')}</Text>
        ) : (
          <Table fz="sm" aria-label={t('backups.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('backups.made')}</Table.Th>
                <Table.Th>{t('backups.size')}</Table.Th>
                <Table.Th>{t('backups.file')}</Table.Th>
                <Table.Th>{t('backups.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(backups ?? []).map((b) => (
                <Table.Tr key={b.file}>
                  <Table.Td>{formatTime(b.createdAt)}</Table.Td>
                  <Table.Td>{formatBytes(b.bytes)}</Table.Td>
                  <Table.Td>
                    <Code>{b.file}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => restore(b)} aria-label={t('backups.restoreLabel', { date: formatTime(b.createdAt), name: b.name })}>
                      {t('backups.restoreButton')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <RetentionSection key={generation} />
      <Text size="sm" c="dimmed">
        <Trans i18nKey="backups.restoreElsewhere" components={{ code: <Code /> }} />
      </Text>
    </Stack>
  );
}
