import type { Db } from '../db/open';
import { sql } from '../db/sql';
import type { Message, Said } from '../../../shared/messages';

/** The reason an operator's pause stores (delivery.ts pause). */
export const PAUSED_BY_OPERATOR = 'Paused by the operator.';

/**
 * A connector's state reason as a code and its values, for the screens to word in their language. The reason
 * stored with the state is the sentence of the attempt that halted or paused it, so the latest logged event with
 * that very sentence holds its code; null when none does (an older database, a reason without a code).
 */
export function stateReasonSaid(db: Db, connectorId: number, reason: string | null): Said | null {
  if (reason === null) return null;
  if (reason === PAUSED_BY_OPERATOR) return { code: 'state.pausedReason', values: {} };
  const row = sql(
    db,
    'SELECT meaning_code AS code, meaning_values AS vals FROM events WHERE connector_id = ? AND meaning = ? AND meaning_code IS NOT NULL ORDER BY id DESC LIMIT 1',
  ).get(connectorId, reason) as { code: string; vals: string | null } | undefined;
  if (!row) return null;
  try {
    return { code: row.code, values: row.vals === null ? {} : (JSON.parse(row.vals) as Said['values']) };
  } catch {
    return null; // values that do not parse: the English reason serves
  }
}

/** A message that quotes the connector's state reason as `reason`: the reason's code goes with it, for the screens. */
export function withStateReason<T extends { message: Message }>(sentence: T, db: Db, connector: { id: number; stateReason: string | null }): T {
  const reason = stateReasonSaid(db, connector.id, connector.stateReason);
  return reason ? { ...sentence, message: { ...sentence.message, nested: { reason } } } : sentence;
}
