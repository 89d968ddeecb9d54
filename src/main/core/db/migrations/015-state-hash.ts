import type Database from 'better-sqlite3';
import { rebuildMemberState } from '../../reconcile/member-state';

/**
 * Issue 11: a member's params hash in the segment state is state-hash.ts's, folded from per-value hashes the
 * reader computes once per distinct value, instead of the first 60 bits of the params' MD5 (one MD5 per row
 * of every import). Every segment's state is rebuilt from its desired state here, so the next import of an
 * unchanged file finds every member unchanged, as before.
 */
export function m015StateHash(db: Database.Database): void {
  const segments = db.prepare('SELECT DISTINCT segment_id FROM segment_state').pluck().all() as number[];
  for (const segmentId of segments) rebuildMemberState(db, segmentId);
}
