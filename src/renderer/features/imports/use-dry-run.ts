import { useState } from 'react';
import { wordError } from '../../i18n/say';

interface DryRunSteps<Plan> {
  /** Asks the engine what it would do, changing nothing. */
  preview(): Promise<Plan>;
  /** Does it: only after the operator saw the plan and confirmed. */
  apply(): Promise<Plan>;
  /** After it was done: what the screen reads again. */
  afterApply?(): Promise<void>;
}

/**
 * The confirm flow of a change that cannot be taken back silently (Undo an import, Adopt a segment): a dry run
 * shows its counts in a dialog, and only the dialog's confirmation does it. `plan` is the open dialog's plan,
 * `done` what was done, `error` why not.
 */
export function useDryRun<Plan>(steps: DryRunSteps<Plan>) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [done, setDone] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (e) {
      setPlan(null);
      setError(wordError(e));
    } finally {
      setBusy(false);
    }
  };
  const ask = () =>
    attempt(async () => {
      setDone(null);
      setPlan(await steps.preview());
    });
  const confirm = () =>
    attempt(async () => {
      setDone(await steps.apply());
      setPlan(null);
      await steps.afterApply?.();
    });
  const cancel = () => setPlan(null);
  return { plan, done, error, busy, ask, confirm, cancel, setError };
}
