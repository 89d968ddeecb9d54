import type { Db } from '../db/open';
import type { DeliveryOutlook } from '../../../shared/model';
import { batchLimit } from './freeze';
import { budgetLeft, budgetRenewsAt } from './budget';
import { nextDueAt, openWork } from './due';
import type { DeliveryConnector } from './types';
import { sql } from '../db/sql';
import { stateReasonSaid } from '../events/state-said';
import { heldForReviewCount, notHeldForReview } from '../connectors/hold';

/**
 * What will happen to a connector's pending changes, as the scheduler would decide it now (see nextDueAt):
 * a full batch pending makes a flush due at once, and a flush sends all that is pending, the remainder
 * included; less than a batch waits for the next interval or cron time; without a scheduler only a flush sends.
 */
export function deliveryOutlook(db: Db, connector: DeliveryConnector, now: number, schedulerRunning: boolean): DeliveryOutlook {
  const changes = (
    sql(db, `SELECT count(*) AS n FROM pending WHERE connector_id = ? AND held_by IS NULL AND ${notHeldForReview()}`).get(connector.id) as { n: number }
  ).n;
  const size = batchLimit(connector);
  const left = budgetLeft(db, connector.endpoint, connector.dailyLimit, now);
  const base: DeliveryOutlook = {
    when: 'nothing',
    at: now,
    schedulerRunning,
    changes,
    batches: Math.ceil(changes / size),
    batchSize: size,
    nextFlushAt: null,
    requestsLeftToday: Number.isFinite(left) ? left : null,
    budgetRenewsAt: Number.isFinite(left) ? budgetRenewsAt(now) : null,
    stateReason: connector.stateReason,
    stateSaid: stateReasonSaid(db, connector.id),
    heldForReview: heldForReviewCount(db, connector.id),
  };
  if (changes === 0 && openWork(db, connector.id).openBatches === 0) return base;
  if (connector.state === 'halted') return { ...base, when: 'halted' };
  if (connector.state === 'paused') return { ...base, when: 'paused', nextFlushAt: connector.pausedUntil };
  if (!schedulerRunning) return { ...base, when: 'on-flush' };
  const due = nextDueAt(db, connector, now);
  return { ...base, when: due !== null && due <= now ? 'now' : 'next-flush', nextFlushAt: due };
}
