/**
 * The desired state (the view desired_state, migration 013: a key's pending row if any, else its delivered
 * row) as tests set it up. Delivered feeds the view, so copying the view into delivered reads it whole first.
 */
import type Database from 'better-sqlite3';

/** What a 2xx for everything pending does: the desired state becomes delivered, and nothing is pending. */
export function deliverDesiredState(db: Database.Database, segmentId?: number): void {
  const where = segmentId === undefined ? '' : 'WHERE segment_id = ?';
  const args = segmentId === undefined ? [] : [segmentId];
  db.transaction(() => {
    const rows = db.prepare(`SELECT segment_id, customer_id, params, params_hash FROM desired_state ${where}`).raw(true).all(...args) as unknown[][];
    db.prepare(`DELETE FROM delivered ${where}`).run(...args);
    const insert = db.prepare('INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, ?, 0)');
    for (const row of rows) insert.run(...row);
    db.prepare(`DELETE FROM pending ${where}`).run(...args);
  })();
}
