import type { Db } from '../db/open';
import type { ChangeStatus, PendingSegmentSummary, StatusCounts } from '../../../shared/model';
import { sql } from '../db/sql';

export const emptyCounts = (): StatusCounts => ({ NEW: 0, MODIFIED: 0, REMOVED: 0 });

/**
 * Whether an unacknowledged batch carries the pending row of `alias` (the view in_flight, migration 014): the
 * one rule for "in flight". Such a row stays out of the queue, and an import keeps it (with its new desired
 * params) whatever it changes, until the batch's answer is recorded and re-derives it.
 */
export const inFlight = (alias: string) =>
  `EXISTS (SELECT 1 FROM in_flight f WHERE f.segment_id = ${alias}.segment_id AND f.customer_id = ${alias}.customer_id)`;

/** Pending changes of one segment by status, in flight or not. */
export function segmentPendingCounts(db: Db, connectorId: number, segmentId: number): StatusCounts {
  const rows = sql(db, 'SELECT status, count(*) AS n FROM pending WHERE connector_id = ? AND segment_id = ? GROUP BY status')
    .all(connectorId, segmentId) as Array<{ status: ChangeStatus; n: number }>;
  const counts = emptyCounts();
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Pending changes per connector and segment by status, with how many are in flight or held after a 400. */
export function pendingSummary(db: Db): PendingSegmentSummary[] {
  const rows = sql(
      db,
      `SELECT c.id AS connectorId, c.name AS connectorName, s.id AS segmentId, s.name AS segmentName,
              count(p.customer_id) FILTER (WHERE p.status = 'NEW') AS NEW,
              count(p.customer_id) FILTER (WHERE p.status = 'MODIFIED') AS MODIFIED,
              count(p.customer_id) FILTER (WHERE p.status = 'REMOVED') AS REMOVED,
              (SELECT count(*) FROM in_flight f WHERE f.segment_id = s.id) AS inFlight, count(p.held_by) AS held,
              count(p.customer_id) FILTER (WHERE s.held_since IS NOT NULL AND p.held_by IS NULL AND NOT ${inFlight('p')}) AS heldForReview,
              s.held_since AS heldSince, s.held_by_import AS heldByImport
       FROM segments s JOIN connectors c ON c.id = s.connector_id
       LEFT JOIN pending p ON p.connector_id = s.connector_id AND p.segment_id = s.id
       GROUP BY s.id ORDER BY c.name, s.name`,
    )
    .all() as Array<Omit<PendingSegmentSummary, 'counts'> & StatusCounts>;
  return rows.map(({ NEW, MODIFIED, REMOVED, ...rest }) => ({ ...rest, counts: { NEW, MODIFIED, REMOVED } }));
}
