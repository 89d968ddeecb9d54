import { useEffect, useState } from 'react';
import { call } from '../../api/client';

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
  const batch = batchSize ? `${batchSize.toLocaleString('en-GB')} changes` : 'a full batch';
  if (running === true) {
    return `The scheduler is running: once the import is stored, its changes go out by themselves. With ${batch} or more pending, everything pending is sent at once; less waits for the next scheduled flush.`;
  }
  if (running === false) return 'No scheduler is running: the import only queues its changes, and nothing leaves this computer until you flush.';
  return 'The import works out who entered, changed or left, and queues those changes for Deployteq.';
}
