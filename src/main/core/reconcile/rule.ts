import type { ChangeStatus } from '../../../shared/model';

/**
 * The reconciliation rule: what a key's pending change is, from its desired state (what the last imports say)
 * against its delivered state (what Deployteq acknowledged). Freezing a batch (delivery/freeze.ts), re-deriving
 * pending rows after an answer (delivery/acknowledge.ts) and after an import or undo (reconcile/staging.ts)
 * all take it from here, the JS function and the SQL fragment made from the same four steps.
 */

/**
 * The delivered hash of a key whose state at Deployteq is unknown: a batch carrying it failed for good after
 * an earlier attempt that Deployteq may have applied (an answer lost, a timeout). It equals no real hash, so
 * the key stays pending until a batch is acknowledged for it, whatever its desired state becomes.
 */
export const UNKNOWN_HASH = 'unknown';

/**
 * The change a key needs; null when desired and delivered agree (nothing to send). Hashes are null when the
 * key has no row in that table.
 *
 * A desired key whose delivered state is unknown is NEW, not MODIFIED: it may or may not be in the segment at
 * Deployteq. Deployteq's receiver reads NEW as "enter the segment and set these params" and MODIFIED as
 * "update the params" of a member; NEW is right in both worlds (a member entering again only gets its params
 * set), MODIFIED would leave a customer who never entered out of the segment.
 */
export function changeStatus(desiredHash: string | null, deliveredHash: string | null): ChangeStatus | null {
  if (desiredHash === null) return deliveredHash === null ? null : 'REMOVED';
  if (deliveredHash === null || deliveredHash === UNKNOWN_HASH) return 'NEW';
  return desiredHash === deliveredHash ? null : 'MODIFIED';
}

/** SQL expressions for one key's two sides, as the query at hand reaches them (columns or subqueries). */
export interface RuleColumns {
  desiredExists: string;
  desiredHash: string;
  deliveredExists: string;
  deliveredHash: string;
}

/** changeStatus as a SQL CASE over `columns`: 'NEW', 'MODIFIED', 'REMOVED' or NULL, step for step the same. */
export function changeStatusSql(columns: RuleColumns): string {
  const { desiredExists, desiredHash, deliveredExists, deliveredHash } = columns;
  return `(CASE
    WHEN NOT (${desiredExists}) THEN CASE WHEN ${deliveredExists} THEN 'REMOVED' END
    WHEN NOT (${deliveredExists}) OR (${deliveredHash}) = '${UNKNOWN_HASH}' THEN 'NEW'
    WHEN (${desiredHash}) = (${deliveredHash}) THEN NULL
    ELSE 'MODIFIED' END)`;
}
