import { useEffect, useState } from 'react';
import i18n from 'i18next';
import { call } from '../../api/client';
import { formatNumber } from '../../components/format';

/** Whether the engine's scheduler sends by itself: null until the engine said. */
export function useSchedulerRunning(): boolean | null {
  const [running, setRunning] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    call('app.info', {}).then(
      (info) => live && setRunning(info.schedulerRunning ?? null),
      () => live && setRunning(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return running;
}

/** What storing an import sets in motion, said before the operator presses Import. */
export function beforeImportNote(running: boolean | null, batchSize: number | null): string {
  const batch = batchSize ? i18n.t('import.noteBatch', { count: batchSize, formatted: formatNumber(batchSize) }) : i18n.t('import.noteFullBatch');
  if (running === true) return i18n.t('import.noteSchedulerRunning', { batch });
  if (running === false) return i18n.t('import.noteNoScheduler');
  return i18n.t('import.noteUnknown');
}
