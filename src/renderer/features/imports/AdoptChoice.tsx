import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api/client';
import { formatNumber } from '../../components/format';
import { appliedValueMaps, useImports } from '../../stores/imports';
import type { AdoptPlan } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';

/**
 * "Deployteq already holds this segment": instead of importing (and sending NEW for everyone), the file
 * becomes what Deployteq holds, without any request. The counts are shown (a dry run) before it is done.
 */
export function AdoptChoice() {
  const filePath = useImports((s) => s.filePath);
  const choices = useImports((s) => s.choices);
  const [chosen, setChosen] = useState(false);
  const [plan, setPlan] = useState<AdoptPlan | null>(null);
  const [done, setDone] = useState<AdoptPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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

  const run = async (dryRun: boolean) => {
    if (!input) return;
    setBusy(true);
    setError(null);
    try {
      // The dialog showed how many members the app drops: the guard's question was asked there.
      const result = await call('segments.adopt', { ...input, dryRun, allowRemovals: !dryRun });
      if (dryRun) setPlan(result);
      else {
        setPlan(null);
        setDone(result);
      }
    } catch (e) {
      setPlan(null);
      setError((e as ApiErrorShape).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" aria-label="Adopt what Deployteq holds">
      <Checkbox
        checked={chosen}
        onChange={(e) => setChosen(e.currentTarget.checked)}
        label="Deployteq already holds this segment"
        description="Take this file as what Deployteq holds now: nothing is sent for it, and later imports send only what changes."
      />
      {chosen && (
        <Group>
          <Button variant="light" disabled={!input} loading={busy && !plan} onClick={() => void run(true)}>
            Adopt as delivered…
          </Button>
        </Group>
      )}
      {done && (
        <Alert color="teal" role="status" title="Adopted">
          {done.message}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title="Not adopted">
          {error}
        </Alert>
      )}
      <Modal opened={plan !== null} onClose={() => setPlan(null)} title={`Adopt this file as what Deployteq holds in ${segment}?`} centered>
        {plan && (
          <Stack>
            <Text size="sm">
              {formatNumber(plan.members)} members become delivered, with no request sent. {formatNumber(plan.rowsRead)} rows read,{' '}
              {formatNumber(plan.rejected)} rejected.
            </Text>
            {plan.membersBefore > 0 && (
              <Text size="sm">
                The app holds {formatNumber(plan.membersBefore)} members now; {formatNumber(plan.dropped)} of them are not in the file and are dropped (nothing is
                sent). {formatNumber(plan.pendingDropped)} pending changes vanish.
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPlan(null)}>
                Cancel
              </Button>
              <Button loading={busy} onClick={() => void run(false)}>
                Adopt
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
