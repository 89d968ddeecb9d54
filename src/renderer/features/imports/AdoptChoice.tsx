import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { formatNumber } from '../../components/format';
import { wordClauses } from '../../i18n/say';
import { appliedValueMaps, useImports } from '../../stores/imports';
import type { AdoptPlan } from '../../../shared/model';
import { useDryRun } from './use-dry-run';

/**
 * "Deployteq already holds this segment": instead of importing (and sending NEW for everyone), the file
 * becomes what Deployteq holds, without any request. The counts are shown (a dry run) before it is done.
 */
export function AdoptChoice() {
  const { t } = useTranslation();
  const filePath = useImports((s) => s.filePath);
  const choices = useImports((s) => s.choices);
  const [chosen, setChosen] = useState(false);
  const segment = choices.segment.trim();
  const inspected = useImports((s) => s.inspection !== null);
  // Read as the import would read it (the same columns, types and mappings): a later import then compares like with like.
  const reading = inspected
    ? {
        columns: choices.columns,
        types: Object.fromEntries(choices.columns.map((c) => [c, choices.types[c] ?? 'string'])),
        map: choices.map,
        valueMaps: appliedValueMaps(choices),
        encoding: choices.encoding,
        dateOrder: choices.dateOrder ?? undefined,
      }
    : {};
  const input = filePath && choices.connector && segment ? { file: filePath, connector: choices.connector, segment, idColumn: choices.idColumn ?? undefined, ...reading } : null;

  // The dialog showed how many members the app drops: the guard's question was asked there.
  const adopt = (dryRun: boolean) => call('segments.adopt', { ...input!, dryRun, allowRemovals: !dryRun });
  const { plan, done, error, busy, ask, confirm, cancel } = useDryRun<AdoptPlan>({ preview: () => adopt(true), apply: () => adopt(false) });

  return (
    <Stack gap="xs" aria-label={t('adopt.label')}>
      <Checkbox
        checked={chosen}
        onChange={(e) => setChosen(e.currentTarget.checked)}
        label={t('adopt.checkbox')}
        description={t('adopt.checkboxHint')}
      />
      {chosen && (
        <Group>
          <Button variant="light" disabled={!input} loading={busy && !plan} onClick={() => void ask()}>
            {t('adopt.button')}
          </Button>
        </Group>
      )}
      {done && (
        <Alert color="teal" role="status" title={t('adopt.done')}>
          {wordClauses(done.sentences, done.message)}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title={t('adopt.notDone')}>
          {error}
        </Alert>
      )}
      <Modal opened={plan !== null} onClose={cancel} title={t('adopt.title', { segment })} centered>
        {plan && (
          <Stack>
            <Text size="sm">
              {t('adopt.members', { members: formatNumber(plan.members), rows: formatNumber(plan.rowsRead), rejected: formatNumber(plan.rejected) })}
            </Text>
            {plan.membersBefore > 0 && (
              <Text size="sm">
                {t('adopt.dropped', { before: formatNumber(plan.membersBefore), dropped: formatNumber(plan.dropped), pending: formatNumber(plan.pendingDropped) })}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel}>
                {t('common.cancel')}
              </Button>
              <Button loading={busy} onClick={() => void confirm()}>
                {t('adopt.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
