import type Database from 'better-sqlite3';

/**
 * Issue 11: a member state chunk (segment_state, migration 004) whose ids are all SHA-256s in lowercase hex
 * (Hashed Email) keeps them as 32 raw bytes each, without id_ends (reconcile/member-state.ts MemberIds):
 * 52 bytes a member instead of 88, which an import reads and writes once each. Existing chunks are converted
 * here; a chunk with any other id stays as it is. Also imports.from_empty (below). Self-contained, so later changes to the state's code
 * never change what this migration did.
 */
export function m011CompactMemberState(db: Database.Database): void {
  // An import into a segment without members keeps no before-image rows (every member it leaves joined
  // through it): imports.from_empty says so, and undo removes the segment's members (reconcile/undo.ts).
  db.exec('ALTER TABLE imports ADD COLUMN from_empty INTEGER NOT NULL DEFAULT 0 CHECK (from_empty IN (0, 1))');
  const chunkIds = db.prepare('SELECT id FROM segment_state WHERE length(id_ends) > 0').pluck().all() as number[];
  const read = db.prepare('SELECT entries, id_ends AS ends, ids FROM segment_state WHERE id = ?');
  const update = db.prepare("UPDATE segment_state SET id_ends = x'', ids = ? WHERE id = ?");
  // One chunk in memory at a time.
  for (const id of chunkIds) {
    const chunk = read.get(id) as { entries: number; ends: Buffer; ids: Buffer };
    const raw = rawIds(chunk.entries, chunk.ends, chunk.ids);
    if (raw) update.run(raw, id);
  }
}

const HEX_ID = /^[0-9a-f]{64}$/;

/** The chunk's ids as 32 raw bytes each, or null when one of them is not a lowercase hex SHA-256. */
function rawIds(entries: number, endBytes: Buffer, ids: Buffer): Buffer | null {
  const raw = Buffer.alloc(entries * 32);
  let start = 0;
  for (let i = 0; i < entries; i++) {
    const end = endBytes.readUInt32LE(i * 4);
    const id = ids.toString('utf8', start, end);
    if (!HEX_ID.test(id)) return null;
    raw.write(id, i * 32, 'hex');
    start = end;
  }
  return raw;
}
