import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { WatchResult, WatchView } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { api, call } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { confirmAction } from '../../components/confirm';
import { formatTime } from '../../components/format';
import { AddWatchForm } from './AddWatchForm';

const RESULT_COLOR: Record<WatchResult, string> = { imported: 'teal', refused: 'orange', failed: 'red', existing: 'gray' };

/** The import options a watch applies, in a line: mode, identifier column, columns, value mapping. */
const describeOptions = (w: WatchView) =>
  [
    w.options.mode,
    w.options.idColumn && `id ${w.options.idColumn}`,
    w.options.columns && `columns ${w.options.columns.join(', ')}`,
    ...Object.entries(w.options.map ?? {}).map(([kind, column]) => `${kind}=${column}`),
  ]
    .filter(Boolean)
    .join(' · ');

export const describeTarget = (w: WatchView) => (w.kind === 'folder' ? `${w.path}${w.pattern ? ` (${w.pattern})` : ' (every file)'}` : w.path);

function LastFile({ watch }: { watch: WatchView }) {
  if (!watch.last) return <Text size="sm" c="dimmed">No file yet</Text>;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Badge color={RESULT_COLOR[watch.last.result]} variant="light">
          {watch.last.result}
        </Badge>
        <Code>{watch.last.path.split(/[\\/]/).pop()}</Code>
        <Text size="xs" c="dimmed">
          {formatTime(watch.last.handledAt)}
        </Text>
      </Group>
      <Text size="xs">{watch.last.message}</Text>
    </Stack>
  );
}

/** Watched folders: each watch with the last file it handled and what came of it; add and remove. */
export function WatchesPage() {
  const [watches, setWatches] = useState<WatchView[] | null>(null);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [adding, setAdding] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setWatches(await call('watches.list', {}));
      setError(null);
    } catch (e) {
      setError(e as ApiErrorShape);
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);
  // A watch that handled a file (in the engine, in the background) shows its new last file at once.
  useEffect(
    () =>
      api().onEvent((event) => {
        if (event.type === 'watch') void refresh();
      }),
    [refresh],
  );

  const remove = (w: WatchView) =>
    confirmAction({
      title: `Stop watching for ${w.segment}?`,
      body: `New files in ${describeTarget(w)} will no longer be imported into ${w.connector} / ${w.segment}. Nothing already imported or queued changes.`,
      confirmLabel: 'Remove watch',
      onConfirm: async () => {
        await call('watches.remove', { id: w.id });
        await refresh();
      },
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Watched folders</Title>
        {!adding && <Button onClick={() => setAdding(true)}>Add a watch</Button>}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Each new or replaced export in a watched folder is imported into its segment once it is complete, with the options saved with the watch
        and the same checks as an import by hand: a refused import sends nothing and shows here. Files already there when you add the watch are
        left alone. Watches run while this app (or <Code>run</Code> / <Code>serve</Code>) is running.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="Could not load the watches">
          {error.message}
        </Alert>
      )}
      {adding && (
        <AddWatchForm
          onAdded={() => {
            setAdding(false);
            void refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {watches && watches.length === 0 && !adding && (
        <EmptyState title="No watched folders yet" action={<Button onClick={() => setAdding(true)}>Add a watch</Button>}>
          Point a segment at the folder where the nightly export lands, and it is imported without anyone doing it by hand.
        </EmptyState>
      )}
      {watches && watches.length > 0 && (
        <Table withTableBorder fz="sm" aria-label="Watches">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Segment</Table.Th>
              <Table.Th>Watches</Table.Th>
              <Table.Th>Import options</Table.Th>
              <Table.Th>Last file</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {watches.map((w) => (
              <Table.Tr key={w.id} aria-label={`Watch of ${w.connector} / ${w.segment}`}>
                <Table.Td>
                  {w.connector} / <b>{w.segment}</b>
                </Table.Td>
                <Table.Td>
                  <Code>{describeTarget(w)}</Code>
                </Table.Td>
                <Table.Td>{describeOptions(w)}</Table.Td>
                <Table.Td>
                  <LastFile watch={w} />
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove(w)} aria-label={`Remove the watch of ${w.segment}`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
