import i18n from 'i18next';
import type { ConnectorView } from '../../../shared/model';
import { call } from '../../api/client';
import { refreshAfterAction, runAction } from '../../actions/run-action';

/** The connector actions the Connectors and Queue screens share: each one API call, one refresh, one notification. */

/** Pauses a connector: nothing of it is sent until it is resumed. The connector as it now is, or null. */
export const pauseConnector = (connector: string): Promise<ConnectorView | null> =>
  runAction(i18n.t('connectors.notChanged'), () => call('connectors.pause', { connector }));

/** Resumes a paused or halted connector. The connector as it now is, or null. */
export const resumeConnector = (connector: string): Promise<ConnectorView | null> =>
  runAction(i18n.t('connectors.notChanged'), () => call('connectors.resume', { connector }));

/**
 * Removes a connector, from the confirmation dialog: a refusal is thrown so the dialog says it where the
 * operator clicked (as for every confirmed action); the stores are refreshed once either way.
 */
export async function removeConnector(connector: string): Promise<void> {
  try {
    await call('connectors.remove', { connector });
  } finally {
    void refreshAfterAction();
  }
}

/** Removes a segment from a connector, from the confirmation dialog (which says a refusal); one refresh either way. */
export async function removeSegment(connector: string, segment: string): Promise<void> {
  try {
    await call('segments.remove', { connector, segment });
  } finally {
    void refreshAfterAction();
  }
}
