import { Alert, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { WatchResult, WatchView } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { api, call } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { confirmAction } from '../../components/confirm';
import { formatTime } from '../../components/format';
import { AddWatchForm } from './AddWatchForm';
import { wordMessage } from '../../i18n/say';
import i18n from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

const RESULT_COLOR: Record<WatchResult, string> = { imported: 'teal', refused: 'orange', failed: 'red', existing: 'gray' };

/** The import options a watch applies, in a line: mode, identifier column, columns, value mapping. */
const describeOptions = (w: WatchView) =>
  [
    w.options.mode,
    w.options.idColumn && i18n.t('watches.optId', { column: w.options.idColumn }),
    w.options.columns && i18n.t('watches.optColumns', { columns: w.options.columns.join(', ') }),
    ...Object.entries(w.options.map ?? {}).map(([kind, column]) => `${kind}=${column}`),
  ]
    .filter(Boolean)
    .join(' · ');

export const describeTarget = (w: WatchView) => (w.kind === 'folder' ? `${w.path}${w.pattern ? ` (${w.pattern})` : ` ${i18n.t('watches.everyFile')}`}` : w.path);

function LastFile({ watch }: { watch: WatchView }) {
  const { t } = useTranslation();
  if (!watch.last) return <Text size="sm" c="dimmed">{t('watches.noFile')}</Text>;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Badge color={RESULT_COLOR[watch.last.result]} variant="light">
          {t(`watches.result_${watch.last.result}`)}
        </Badge>
        <Code>{watch.last.path.split(/[\\/]/).pop()}</Code>
        <Text size="xs" c="dimmed">
          {formatTime(watch.last.handledAt)}
        </Text>
      </Group>
      <Text size="xs">{wordMessage(watch.last.sentence, watch.last.message)}</Text>
    </Stack>
  );
}

/** Watched folders: each watch with the last file it handled and what came of it; add and remove. */
export function WatchesPage() {
  const { t } = useTranslation();
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
      title: t('watches.stopTitle', { segment: w.segment }),
      body: t('watches.stopBody', { target: describeTarget(w), connector: w.connector, segment: w.segment }),
      confirmLabel: t('watches.removeWatch'),
      onConfirm: async () => {
        await call('watches.remove', { id: w.id });
        await refresh();
      },
    });

  return (
    <Stack gap="md">
      <PageHeader
        title={t('watches.title')}
        description={<Trans i18nKey="watches.intro" components={{ code: <Code /> }} />}
        actions={!adding && <Button onClick={() => setAdding(true)}>{t('watches.add')}</Button>}
      />
      {error && (
        <Alert color="red" role="alert" title={t('watches.cannotLoad')}>
          {wordMessage(error.sentence, error.message)}
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
        <EmptyState title={t('watches.emptyTitle')} action={<Button onClick={() => setAdding(true)}>{t('watches.add')}</Button>}>
          {t('watches.emptyBody')}
        </EmptyState>
      )}
      {watches && watches.length > 0 && (
        <Table withTableBorder fz="sm" aria-label={t('watches.table')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('watches.segment')}</Table.Th>
              <Table.Th>{t('watches.watches')}</Table.Th>
              <Table.Th>{t('watches.options')}</Table.Th>
              <Table.Th>{t('watches.lastFile')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {watches.map((w) => (
              <Table.Tr key={w.id} aria-label={t('watches.rowLabel', { connector: w.connector, segment: w.segment })}>
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
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove(w)} aria-label={t('watches.removeLabel', { segment: w.segment })}>
                    {t('watches.remove')}
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
