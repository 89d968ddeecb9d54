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
      case 'queue':
        useQueue.getState().setQueue(event.queue);
        break;
      case 'connector':
        useConnectors.getState().upsert(event.connector);
        break;
      case 'import-progress':
        useImports.getState().progress(event);
        break;
    }
  });
}
