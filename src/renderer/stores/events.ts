import { api } from '../api/client';
import { useConnectors } from './connectors';
import { useImports } from './imports';
import { useLog } from './log';
import { useQueue } from './queue';

/** One subscription to the engine's live events, feeding every store. Returns the unsubscribe function. */
export function connectEngineEvents(): () => void {
  return api().onEvent((event) => {
    switch (event.type) {
      case 'batch':
        useLog.getState().add(event.event);
        break;
      case 'queue': {
        useQueue.getState().setQueue(event.queue);
        // A connector halted or paused by a flush (the scheduler's, in the background): the list follows.
        const known = useConnectors.getState().connectors;
        const changed = event.queue.some((q) => {
          const c = known.find((k) => k.id === q.connectorId);
          return c && (c.state !== q.state || c.stateReason !== q.stateReason);
        });
        if (changed) void useConnectors.getState().refresh();
        break;
      }
      case 'connector':
        useConnectors.getState().upsert(event.connector);
        break;
      case 'import-progress':
        useImports.getState().progress(event);
        break;
    }
  });
}
