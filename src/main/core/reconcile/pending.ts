import type { Db } from '../db/open';
import type { ChangeStatus, PendingSegmentSummary, StatusCounts } from '../../../shared/model';
import { sql } from '../db/sql';

export const emptyCounts = (): StatusCounts => ({ NEW: 0, MODIFIED: 0, REMOVED: 0 });

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
              count(p.batch_id) AS inFlight, count(p.held_by) AS held,
              count(p.customer_id) FILTER (WHERE s.held_since IS NOT NULL AND p.batch_id IS NULL AND p.held_by IS NULL) AS heldForReview,
              s.held_since AS heldSince, s.held_by_import AS heldByImport
       FROM segments s JOIN connectors c ON c.id = s.connector_id
       LEFT JOIN pending p ON p.connector_id = s.connector_id AND p.segment_id = s.id
       GROUP BY s.id ORDER BY c.name, s.name`,
    )
    .all() as Array<Omit<PendingSegmentSummary, 'counts'> & StatusCounts>;
  return rows.map(({ NEW, MODIFIED, REMOVED, ...rest }) => ({ ...rest, counts: { NEW, MODIFIED, REMOVED } }));
}
