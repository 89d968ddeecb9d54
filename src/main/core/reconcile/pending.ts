import type { Db } from '../db/open';
import type { ChangeStatus, StatusCounts } from '../../../shared/model';

export const emptyCounts = (): StatusCounts => ({ NEW: 0, MODIFIED: 0, REMOVED: 0 });

/** Pending changes of one segment by status, in flight or not. */
export function segmentPendingCounts(db: Db, connectorId: number, segmentId: number): StatusCounts {
  const rows = db
    .prepare('SELECT status, count(*) AS n FROM pending WHERE connector_id = ? AND segment_id = ? GROUP BY status')
    .all(connectorId, segmentId) as Array<{ status: ChangeStatus; n: number }>;
  const counts = emptyCounts();
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
