import type Database from 'better-sqlite3';

/**
 * Issue 12, "Forget a profile":
 * - erasures: that an erasure happened, when it was asked and finished, and how many segments it touched.
 *   No identifier, not even a hash: a salted hash would still single the person out to whoever holds the salt.
 * - erasure_keys: the (segment, customer id) keys an unfinished erasure still has to wipe once Deployteq has
 *   acknowledged their REMOVED. They are deleted when the erasure finishes (privacy/forget.ts).
 */
export function m009Erasures(db: Database.Database): void {
  db.exec(`
    CREATE TABLE erasures (
      id INTEGER PRIMARY KEY,
      requested_at INTEGER NOT NULL,
      segments INTEGER NOT NULL,
      completed_at INTEGER
    );
    CREATE TABLE erasure_keys (
      erasure_id INTEGER NOT NULL REFERENCES erasures(id) ON DELETE CASCADE,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      PRIMARY KEY (erasure_id, segment_id, customer_id)
    ) WITHOUT ROWID;
  `);
}
