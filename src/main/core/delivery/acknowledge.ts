import type { Db } from '../db/open';
import type { Param } from '../../../shared/model';
import { saidError } from '../errors';
import { encodeParams } from '../reconcile/params';
import { changeStatusSql, UNKNOWN_HASH } from '../reconcile/rule';
import { stopHereSync } from './test-hooks';
import { inWriteTransaction, sql } from '../db/sql';

export { UNKNOWN_HASH };

const DELIVERED = 'FROM delivered v WHERE v.segment_id = pending.segment_id AND v.customer_id = pending.customer_id';
/** A pending row's change now, by the reconciliation rule (reconcile/rule.ts); NULL when nothing is left to send. */
const CURRENT_STATUS = changeStatusSql({
  // A pending row carries its key's desired params (desired_state, migration 013).
  desiredExists: 'pending.params_hash IS NOT NULL',
  desiredHash: 'pending.params_hash',
  deliveredExists: `EXISTS (SELECT 1 ${DELIVERED})`,
  deliveredHash: `SELECT v.params_hash ${DELIVERED}`,
});
/** Desired and delivered agree: the pending row goes. */
const AGREES = `${CURRENT_STATUS} IS NULL`;
/** The pending rows of the keys a batch carries (its batch_items; the batch id is the statement's `@batch`). */
const CARRIED = '(segment_id, customer_id) IN (SELECT i.segment_id, i.customer_id FROM batch_items i WHERE i.batch_id = @batch)';
/** The key's desired state is still exactly what the batch carried. */
const UNCHANGED_SINCE_FREEZE = `EXISTS (SELECT 1 FROM batch_items i
  WHERE i.batch_id = @batch AND i.segment_id = pending.segment_id AND i.customer_id = pending.customer_id
    AND CASE WHEN i.status = 'REMOVED' THEN pending.params_hash IS NULL ELSE pending.params_hash IS i.params_hash END)`;

interface BatchState {
  id: number;
  state: 'queued' | 'retrying' | 'delivered' | 'failed';
}

const batchState = (db: Db, batchId: number) =>
  sql(db, 'SELECT id, state FROM batches WHERE id = ?').get(batchId) as BatchState | undefined;

interface CarriedParams {
  segmentId: number;
  customerId: string;
  json: string;
  hash: string;
}

interface CarriedItem {
  segmentId: number;
  customerId: string;
  hash: string;
}

const keyOf = (segmentId: number, customerId: string) => `${segmentId}\u0000${customerId}`;

/**
 * The params each customer of a batch carried, read back from its stored body (batch_items keeps only their
 * hash). encodeParams gives back the exact text and hash the desired table held when the batch was frozen:
 * the body embeds that text verbatim, and JSON.stringify of what JSON.parse made of it is the same text.
 */
export function carriedParams(db: Db, batchId: number): CarriedParams[] {
  const row = sql(db, 'SELECT b.connector_id AS connectorId, x.body FROM batches b JOIN batch_bodies x ON x.batch_id = b.id WHERE b.id = ?').get(batchId) as
    | { connectorId: number; body: string }
    | undefined;
  if (!row) return [];
  const segmentIds = new Map(
    (sql(db, 'SELECT id, name FROM segments WHERE connector_id = ?').all(row.connectorId) as Array<{ id: number; name: string }>).map((s) => [s.name, s.id]),
  );
  const body = JSON.parse(row.body) as { campaigns: Array<{ segmentName: string; customers: Array<{ customerId: string; params: Param[] }> }> };
  return body.campaigns.flatMap((campaign) => {
    const segmentId = segmentIds.get(campaign.segmentName);
    if (segmentId === undefined) return [];
    return campaign.customers.map((customer) => ({ segmentId, customerId: customer.customerId, ...encodeParams(customer.params) }));
  });
}

/**
 * Writes the delivered params of the carried NEW / MODIFIED keys. Almost always their pending row (which holds
 * the desired params) still holds exactly what was sent (same hash), so the params are copied from there in one statement; only keys whose desired
 * state moved on while the batch was out are read back from the body. Says whether none had moved on.
 */
function deliverCarried(db: Db, batchId: number, now: number, carried: number): boolean {
  const copied = sql(
    db,
    `INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at)
     SELECT i.segment_id, i.customer_id, p.params, p.params_hash, ? FROM batch_items i
     JOIN pending p ON p.segment_id = i.segment_id AND p.customer_id = i.customer_id AND p.params_hash = i.params_hash
     WHERE i.batch_id = ? AND i.status <> 'REMOVED'
     ON CONFLICT (segment_id, customer_id) DO UPDATE SET
       params = excluded.params, params_hash = excluded.params_hash, delivered_at = excluded.delivered_at`,
  ).run(now, batchId).changes;
  if (copied === carried) return true;
  const movedOn = sql(
    db,
    `SELECT i.segment_id AS segmentId, i.customer_id AS customerId, i.params_hash AS hash FROM batch_items i
     WHERE i.batch_id = ? AND i.status <> 'REMOVED' AND NOT EXISTS (SELECT 1 FROM pending p
       WHERE p.segment_id = i.segment_id AND p.customer_id = i.customer_id AND p.params_hash = i.params_hash)`,
  ).all(batchId) as CarriedItem[];
  const sent = new Map(carriedParams(db, batchId).map((p) => [keyOf(p.segmentId, p.customerId), p]));
  const upsert = sql(
    db,
    `INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (segment_id, customer_id) DO UPDATE SET
       params = excluded.params, params_hash = excluded.params_hash, delivered_at = excluded.delivered_at`,
  );
  for (const item of movedOn) {
    const params = sent.get(keyOf(item.segmentId, item.customerId));
    // The body and batch_items are written in one transaction; a disagreement is a bug, never guessed around.
    if (!params || params.hash !== item.hash) throw new Error(`Batch ${batchId}: the stored body does not carry ${item.customerId} as batch_items says`);
    upsert.run(item.segmentId, item.customerId, params.json, params.hash, now);
  }
  return false;
}

/** How many NEW / MODIFIED keys and how many REMOVED ones a batch carries. */
const carriedCounts = (db: Db, batchId: number) =>
  sql(
    db,
    `SELECT coalesce(sum(status <> 'REMOVED'), 0) AS kept, coalesce(sum(status = 'REMOVED'), 0) AS removed
     FROM batch_items WHERE batch_id = ?`,
  ).get(batchId) as { kept: number; removed: number };

/** Whether a REMOVED key of the batch is desired again (an import put it back while the batch was out). */
const removedComeBack = (db: Db, batchId: number) =>
  sql(
    db,
    `SELECT 1 FROM batch_items i JOIN pending p ON p.segment_id = i.segment_id AND p.customer_id = i.customer_id
     WHERE i.batch_id = ? AND i.status = 'REMOVED' AND p.params_hash IS NOT NULL LIMIT 1`,
  ).get(batchId) !== undefined;

/**
 * A 2xx: in one transaction, what the batch carried becomes delivered state (NEW / MODIFIED upserted with
 * their params, REMOVED deleted), then each carried key's pending row is re-derived: gone when desired now
 * equals delivered, otherwise requeued with its current status. Acknowledging twice changes nothing.
 *
 * Almost always no carried key changed while the batch was out: then delivered now equals desired for every
 * one of them, so all their pending rows go in one DELETE by batch id, without comparing key by key.
 */
export function acknowledgeBatch(db: Db, batchId: number, now: number, httpStatus: number): void {
  inWriteTransaction(db, () => {
    const batch = batchState(db, batchId);
    if (!batch || batch.state === 'delivered') return;
    const carried = carriedCounts(db, batchId);
    const unchanged = deliverCarried(db, batchId, now, carried.kept);
    if (carried.removed > 0) {
      sql(
        db,
        `DELETE FROM delivered WHERE (segment_id, customer_id) IN
           (SELECT segment_id, customer_id FROM batch_items WHERE batch_id = ? AND status = 'REMOVED')`,
      ).run(batchId);
    }
    stopHereSync('ack-in-transaction');
    if (unchanged && (carried.removed === 0 || !removedComeBack(db, batchId))) {
      sql(db, `DELETE FROM pending WHERE ${CARRIED}`).run({ batch: batchId });
    } else {
      sql(db, `DELETE FROM pending WHERE ${CARRIED} AND ${AGREES}`).run({ batch: batchId });
      sql(db, `UPDATE pending SET status = ${CURRENT_STATUS} WHERE ${CARRIED}`).run({ batch: batchId });
    }
    sql(
      db,
      `UPDATE batches SET state = 'delivered', delivered_at = ?, last_http_status = ?,
         next_attempt_at = NULL, last_error = NULL WHERE id = ?`,
    ).run(now, httpStatus, batchId);
  });
}

/**
 * A 400 (or another refusal that retrying cannot cure): the batch fails for good, its response kept. Its
 * changes are held back (held_by) until their data changes or the operator retries; a change whose data
 * already moved on while the batch was out is requeued at once, and one that no longer differs is dropped.
 */
export function failBatch(db: Db, batchId: number, httpStatus: number | null, responseBody: string): void {
  inWriteTransaction(db, () => {
    const batch = batchState(db, batchId);
    if (!batch || batch.state === 'delivered' || batch.state === 'failed') return;
    if (mayHaveBeenApplied(db, batchId)) {
      const markUnknown = sql(
        db,
        `INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, '${UNKNOWN_HASH}', 0)
         ON CONFLICT (segment_id, customer_id) DO UPDATE SET params_hash = '${UNKNOWN_HASH}'`,
      );
      for (const p of carriedParams(db, batchId)) markUnknown.run(p.segmentId, p.customerId, p.json);
    }
    sql(db, `DELETE FROM pending WHERE ${CARRIED} AND ${AGREES}`).run({ batch: batchId });
    sql(
      db,
      `UPDATE pending SET held_by = CASE WHEN ${UNCHANGED_SINCE_FREEZE} THEN @batch ELSE NULL END, status = ${CURRENT_STATUS}
       WHERE ${CARRIED}`,
    ).run({ batch: batchId });
    sql(
      db,
      `UPDATE batches SET state = 'failed', last_http_status = ?, last_error = ?, next_attempt_at = NULL
       WHERE id = ?`,
    ).run(httpStatus, responseBody, batchId);
  });
}

/**
 * Counts an attempt as it starts, also as one that may have been applied until its answer rules that out
 * (settleAttempt): an attempt cut short by a crash still counts, as both.
 */
export function countAttempt(db: Db, batchId: number): void {
  sql(db, 'UPDATE batches SET attempts = attempts + 1, unclear_attempts = unclear_attempts + 1 WHERE id = ?').run(batchId);
}

/** Keeps on the batch what its attempt's end means (delivery/outcome.ts mayHaveApplied), as the answer is recorded. */
export function settleAttempt(db: Db, batchId: number, mayHaveApplied: boolean): void {
  if (mayHaveApplied) return;
  sql(db, 'UPDATE batches SET unclear_attempts = unclear_attempts - 1 WHERE id = ? AND unclear_attempts > 0').run(batchId);
}

/** Whether an attempt of this batch may have been applied by Deployteq (see settleAttempt). */
function mayHaveBeenApplied(db: Db, batchId: number): boolean {
  const row = sql(db, 'SELECT unclear_attempts AS unclear FROM batches WHERE id = ?').get(batchId) as { unclear: number } | undefined;
  return (row?.unclear ?? 0) > 0;
}

/** A transient failure: the batch waits, unchanged, and is resent with the same uuid and body at nextAttemptAt. */
export function scheduleRetry(db: Db, batchId: number, httpStatus: number | null, error: string, nextAttemptAt: number): void {
  sql(
    db,
    `UPDATE batches SET state = 'retrying', last_http_status = ?, last_error = ?, next_attempt_at = ?
     WHERE id = ? AND state IN ('queued', 'retrying')`,
  ).run(httpStatus, error, nextAttemptAt, batchId);
}

/** An attempt that stopped the connector (401/403/429...): the batch stays queued, to go first once it may. */
export function keepQueued(db: Db, batchId: number, httpStatus: number | null, error: string): void {
  sql(
    db,
    `UPDATE batches SET state = 'queued', last_http_status = ?, last_error = ?, next_attempt_at = NULL
     WHERE id = ? AND state IN ('queued', 'retrying')`,
  ).run(httpStatus, error, batchId);
}

/**
 * The operator's retry of a batch that failed for good: its held changes go back into the queue (a new
 * batch will carry them, as they are now). Returns how many were requeued.
 */
export function retryFailedBatch(db: Db, uuid: string): number {
  return inWriteTransaction(db, () => {
    const batch = sql(db, 'SELECT id, state FROM batches WHERE uuid = ?').get(uuid) as BatchState | undefined;
    if (!batch) throw saidError('noSuchBatch', { uuid }, 'not-found');
    if (batch.state !== 'failed') throw saidError('batchNotFailed', { uuid, state: batch.state }, 'conflict');
    return sql(db, 'UPDATE pending SET held_by = NULL WHERE held_by = ?').run(batch.id).changes;
  });
}
