import i18n from 'i18next';
import type { FlushReport } from '../../../shared/api';
import { call } from '../../api/client';
import { runAction } from '../../actions/run-action';
import { wordMessage } from '../../i18n/say';

/** The queue actions the Queue and Preview screens share: each one API call, one refresh, one notification. */

/** Sends one connector's due changes now: what the flush did, or null when the engine refused. */
export const flushConnector = async (connector: string): Promise<FlushReport | null> =>
  (await runAction(i18n.t('common.notDone'), () => call('queue.flush', { connector })))?.[0] ?? null;

/** Sends every connector's due changes now: one report per connector, or null when the engine refused. */
export const flushAllConnectors = (): Promise<FlushReport[] | null> => runAction(i18n.t('common.failed'), () => call('queue.flush', {}));

/** Lets a connector's held changes go (up to the import the screen showed): the engine's sentence, or null. */
export const releaseHeld = async (connector: string, throughImport?: number): Promise<string | null> => {
  const result = await runAction(i18n.t('common.notDone'), () => call('queue.release', { connector, throughImport }));
  return result && wordMessage(result.sentence, result.message);
};

/** Queues again the rows a refused batch (a 400) held back: how many, or null when the engine refused. */
export const retryHeldBatch = async (batchUuid: string): Promise<number | null> =>
  (await runAction(i18n.t('common.notDone'), () => call('queue.retryFailed', { batchUuid })))?.requeued ?? null;
