import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordError, wordMessage } from '../../i18n/say';
import { call } from '../../api/client';
import { formatNumber, formatTime } from '../../components/format';
import type { ImportHistoryEntry, UndoPlan } from '../../../shared/model';
import { useDryRun } from './use-dry-run';

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * A segment's imports (when, file, counts, undone or not), with Undo on the latest one while it can be undone.
 * Undo first asks the engine what it would do (a dry run) and shows the counts; only a confirmation does it.
 */
export function SegmentHistory({ connector, segment }: { connector: string; segment: string }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<ImportHistoryEntry[] | null>(null);

  const refresh = useCallback(async () => {
    try {
      setHistory(await call('segments.history', { connector, segment }));
    } catch (e) {
      setError(wordError(e));
    }
  }, [connector, segment]);
  const { plan, done, error, busy, ask, confirm, cancel, setError } = useDryRun<UndoPlan>({
    preview: () => call('imports.undo', { connector, segment, dryRun: true }),
    // The operator saw every removal in the counts: the guard's question was asked by this dialog.
    apply: () => call('imports.undo', { connector, segment, allowRemovals: true }),
    afterApply: refresh,
  });
  useEffect(() => void refresh(), [refresh]);

  return (
    <Stack gap="xs" component="section" aria-label={t('undo.region', { segment })}>
      <Title order={4}>{t('undo.title', { segment })}</Title>
      {done && (
        <Alert color="teal" role="status" title={t('undo.done')}>
          {wordMessage(done.sentence, done.message)}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title={t('undo.notDone')}>
          {error}
        </Alert>
      )}
      {history && history.length > 0 && (
        <Table striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('undo.when')}</Table.Th>
              <Table.Th>{t('undo.file')}</Table.Th>
              <Table.Th>{t('undo.rowsRead')}</Table.Th>
              <Table.Th>{t('undo.rejected')}</Table.Th>
              <Table.Th>{t('undo.changed')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>{formatTime(entry.finishedAt)}</Table.Td>
                <Table.Td>{fileName(entry.file)}</Table.Td>
                <Table.Td>{formatNumber(entry.rowsRead)}</Table.Td>
                <Table.Td>{formatNumber(entry.rejected)}</Table.Td>
                <Table.Td>{formatNumber(entry.changed)}</Table.Td>
                <Table.Td>
                  {entry.undoneAt !== null && <Badge color="gray">{t('undo.undone', { time: formatTime(entry.undoneAt) })}</Badge>}
                  {entry.undoable && (
                    <Button size="compact-xs" variant="light" color="orange" onClick={() => void ask()}>
                      {t('undo.button')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={plan !== null} onClose={cancel} title={t('undo.dialog', { file: plan ? fileName(plan.file) : '' })} centered>
        {plan && (
          <Stack>
            <Text size="sm">
              {t('undo.counts', { leave: formatNumber(plan.membersLeave), rejoin: formatNumber(plan.membersRejoin), restored: formatNumber(plan.paramsRestored) })}
            </Text>
            <Text size="sm" aria-label={t('undo.pendingLabel')}>
              {t('undo.pending', {
                segment,
                newAfter: formatNumber(plan.pendingAfter.NEW),
                modifiedAfter: formatNumber(plan.pendingAfter.MODIFIED),
                removedAfter: formatNumber(plan.pendingAfter.REMOVED),
                newBefore: formatNumber(plan.pendingBefore.NEW),
                modifiedBefore: formatNumber(plan.pendingBefore.MODIFIED),
                removedBefore: formatNumber(plan.pendingBefore.REMOVED),
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel}>
                {t('common.cancel')}
              </Button>
              <Button color="orange" loading={busy} onClick={() => void confirm()}>
                {t('undo.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
