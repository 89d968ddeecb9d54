import type { Db } from '../db/open';
import { batchLimit } from './freeze';
import { budgetLeft, budgetRenewsAt } from './budget';
import type { DeliveryConnector } from './types';
import { sql } from '../db/sql';
import { notHeldForReview } from '../connectors/hold';
import { cronJob } from '../connectors/cron';
import { inFlight } from '../reconcile/pending';

/** Whether a connector has anything to send: an unacknowledged batch, or changes in its queue. */
export function openWork(db: Db, connectorId: number) {
  const open = sql(
      db,
      `SELECT count(*) AS batches, sum(state = 'queued') AS queued, min(CASE WHEN state = 'retrying' THEN next_attempt_at END) AS retryAt
       FROM batches WHERE connector_id = ? AND state IN ('queued', 'retrying')`,
    )
    .get(connectorId) as { batches: number; queued: number | null; retryAt: number | null };
  return { openBatches: open.batches, queuedBatches: open.queued ?? 0, retryAt: open.retryAt };
}

/**
 * Whether the connector's last request failed for now (a network error, a timeout, a 408 or 5xx): the receiver
 * may be down, so a batch in backoff holds back the whole connector until its retry time. After an isolated
 * failure the flush went on and a later request got through: the other batches need not wait.
 */
export function receiverLooksDown(db: Db, connectorId: number): boolean {
  const last = sql(db, `SELECT outcome FROM events WHERE connector_id = ? AND kind = 'attempt' ORDER BY id DESC LIMIT 1`).get(connectorId) as
    | { outcome: string }
    | undefined;
  return last?.outcome === 'retrying';
}

/** How many changes wait in the queue, counting no further than `cap` (so it costs the same at any backlog). */
export function queuedChanges(db: Db, connectorId: number, cap: number): number {
  return (
    sql(
        db,
        `SELECT count(*) AS n FROM (SELECT 1 FROM pending INDEXED BY pending_queue
           WHERE connector_id = ? AND held_by IS NULL AND ${notHeldForReview()} AND NOT ${inFlight('pending')} LIMIT ?)`,
      )
      .get(connectorId, cap) as { n: number }
  ).n;
}

/** The next cron time after `after`; cron expressions are read in Dutch time, like the daily limit. */
function cronNext(expression: string, after: number): number | null {
  try {
    return cronJob(expression).nextRun(new Date(after))?.getTime() ?? null;
  } catch {
    return null;
  }
}

/**
 * When the scheduler should next flush this connector (null: not until something changes). A full batch or
 * an unsent frozen batch is due now; otherwise every flush interval (or at the cron times) after the last
 * flush, so a flush missed while the machine slept or the app was closed is overdue and runs at once.
 * A batch in backoff waits for its retry time (and holds back the rest while the receiver looks down); a
 * spent daily budget waits for midnight in Amsterdam.
 */
export function nextDueAt(db: Db, connector: DeliveryConnector, now: number): number | null {
  if (connector.state === 'halted') return null;
  if (connector.state === 'paused' && connector.pausedUntil === null) return null;
  const work = openWork(db, connector.id);
  const queued = queuedChanges(db, connector.id, batchLimit(connector));
  if (work.openBatches === 0 && queued === 0) return null;
  if (connector.state === 'paused') return connector.pausedUntil;
  let due: number;
  if (work.retryAt !== null && receiverLooksDown(db, connector.id)) due = work.retryAt;
  else if (work.queuedBatches > 0 || queued >= batchLimit(connector)) due = now;
  else {
    if (connector.cron) due = cronNext(connector.cron, connector.lastFlushAt ?? connector.createdAt) ?? now;
    else due = (connector.lastFlushAt ?? connector.createdAt) + connector.flushIntervalMinutes * 60_000;
    if (work.retryAt !== null) due = Math.min(due, work.retryAt);
  }
  if (budgetLeft(db, connector.endpoint, connector.dailyLimit, now) === 0) due = Math.max(due, budgetRenewsAt(now));
  return due;
}
