import type Database from 'better-sqlite3';
import { rebuildMemberState } from '../../reconcile/member-state';

/**
 * Issue 11 and two snapshot-safety points of issue 9:
 * - segment_state: each segment's membership in compact form (reconcile/member-state.ts), so an import
 *   reads a few bytes per member instead of desired's wide rows; built here from desired for existing data.
 * - segments.removal_guard_percent: a snapshot import that would remove more than this share of the
 *   segment's members (and at least 50) is refused unless the operator allows the removals.
 * - segments.state_version: counts the imports applied, so an import that read the state can tell that
 *   another one changed it meanwhile.
 */
export function m004MemberState(db: Database.Database): void {
  db.exec(`
    CREATE TABLE segment_state (
      id INTEGER PRIMARY KEY,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      chunk INTEGER NOT NULL,
      entries INTEGER NOT NULL,
      keys BLOB NOT NULL,
      hashes BLOB NOT NULL,
      id_ends BLOB NOT NULL,
      ids BLOB NOT NULL,
      UNIQUE (segment_id, chunk)
    );
    ALTER TABLE segments ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE segments ADD COLUMN removal_guard_percent INTEGER NOT NULL DEFAULT 25 CHECK (removal_guard_percent BETWEEN 0 AND 100);
  `);
  const segments = db.prepare('SELECT id FROM segments').pluck().all() as number[];
  for (const segmentId of segments) rebuildMemberState(db, segmentId, 'desired');
}
