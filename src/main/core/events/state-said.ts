import type { Db } from '../db/open';
import { sql } from '../db/sql';
import type { Message, Said } from '../../../shared/messages';

/** The reason an operator's pause stores (delivery.ts pause), and its code for the screens. */
export const PAUSED_BY_OPERATOR = 'Paused by the operator.';
export const PAUSED_BY_OPERATOR_SAID: Said = { code: 'state.pausedReason', values: {} };

/** A state reason's code and values as the connectors table keeps them (migration 012), for Connectors.setState. */
export function stateSaidColumns(said: Said | null): { code: string | null; values: string | null } {
  return said ? { code: said.code, values: JSON.stringify(said.values) } : { code: null, values: null };
}

/**
 * A connector's state reason as a code and its values, for the screens to word in their language: stored with
 * the state (Connectors.setState); null for a reason without a code (the English reason then serves).
 */
export function stateReasonSaid(db: Db, connectorId: number): Said | null {
  const row = sql(db, 'SELECT state_code AS code, state_values AS vals FROM connectors WHERE id = ?').get(connectorId) as
    | { code: string | null; vals: string | null }
    | undefined;
  if (!row?.code) return null;
  try {
    return { code: row.code, values: row.vals === null ? {} : (JSON.parse(row.vals) as Said['values']) };
  } catch {
    return null; // values that do not parse: the English reason serves
  }
}

/** A message that quotes the connector's state reason as `reason`: the reason's code goes with it, for the screens. */
export function withStateReason<T extends { message: Message }>(sentence: T, db: Db, connector: { id: number }): T {
  const reason = stateReasonSaid(db, connector.id);
  return reason ? { ...sentence, message: { ...sentence.message, nested: { reason } } } : sentence;
}
