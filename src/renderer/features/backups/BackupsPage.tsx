import { Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorShape } from '../../../shared/api';
import type { BackupView } from '../../../shared/model';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatTime } from '../../components/format';
import { Trans, useTranslation } from 'react-i18next';

/** The database backups: one a day kept automatically (the last 7), one now on request, and how to restore. */
export function BackupsPage() {
  const { t } = useTranslation();
  const [backups, setBackups] = useState<BackupView[] | null>(null);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [made, setMade] = useState<BackupView | null>(null);
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
      setError(null);
      refresh();
    } catch (e) {
      setError(e as ApiErrorShape);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <div>
        <Title order={2}>{t('backups.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('backups.intro')}
        </Text>
      </div>
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
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Text size="sm">
        <Trans i18nKey="backups.restore" components={{ code: <Code /> }} />
      </Text>
    </Stack>
  );
}
