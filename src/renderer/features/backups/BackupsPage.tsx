import { Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorShape } from '../../../shared/api';
import type { BackupView } from '../../../shared/model';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatTime } from '../../components/format';

/** The database backups: one a day kept automatically (the last 7), one now on request, and how to restore. */
export function BackupsPage() {
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
        <Title order={2}>Backups</Title>
        <Text c="dimmed" size="sm">
          A copy of the database is made every day (the last 7 are kept). Tokens are not in backups: they are kept apart, protected by the system where it can.
        </Text>
      </div>
      <Group>
        <Button onClick={() => void backUpNow()} loading={busy}>
          Back up now
        </Button>
        {made && (
          <Text size="sm" role="status">
            Backed up to <Code>{made.file}</Code> ({formatBytes(made.bytes)}).
          </Text>
        )}
      </Group>
      <ErrorAlert error={error} title="Backups" />
      <Paper withBorder radius="md" p="md" component="section" aria-label="Backups list">
        {backups && backups.length === 0 ? (
          <Text size="sm">No backups yet.</Text>
        ) : (
          <Table fz="sm" aria-label="Backups table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Made</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>File</Table.Th>
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
        To restore one, quit Canopy Batch (and any <Code>serve</Code> or <Code>run</Code>), then run <Code>canopy-batch restore FILE</Code>: the database it
        replaces is kept beside it.
      </Text>
    </Stack>
  );
}
