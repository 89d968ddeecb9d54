import { notifications } from '@mantine/notifications';
import type { ApiErrorShape } from '../../shared/api';
import { Sentence } from '../components/Sentence';
import { wordMessage } from '../i18n/say';
import { useConnectors } from '../stores/connectors';
import { useQueue } from '../stores/queue';

/** The one way a refused or failed action is told: a red notification with the engine's sentence, in the screens' language. */
export function notifyFailure(title: string, error: unknown): void {
  const shape = error as ApiErrorShape;
  notifications.show({ color: 'red', title, message: <Sentence text={wordMessage(shape.sentence, shape.message)} /> });
}

/** After an action: every store that shows a connector's state or its queue reads it again, once. */
export async function refreshAfterAction(): Promise<void> {
  await Promise.all([useConnectors.getState().refresh(), useQueue.getState().refresh()]);
}

/**
 * An operator's action on a connector or its queue: the API call, then one refresh of the stores (also after a
 * failure, since the engine may have changed part of it), and on a failure one notification. The call's answer,
 * or null when it failed.
 */
export async function runAction<T>(failTitle: string, action: () => Promise<T>): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    notifyFailure(failTitle, error);
    return null;
  } finally {
    void refreshAfterAction();
  }
}
