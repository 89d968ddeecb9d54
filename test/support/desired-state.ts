/**
 * The desired state (the view desired_state, migration 013: a key's pending row if any, else its delivered
 * row) as tests set it up. Delivered feeds the view, so the view is copied aside before delivered changes.
 */
import type Database from 'better-sqlite3';

let copies = 0;

/** What a 2xx for everything pending does: the desired state becomes delivered, and nothing is pending. */
export function deliverDesiredState(db: Database.Database, segmentId?: number): void {
  const where = segmentId === undefined ? '' : `WHERE segment_id = ${Number(segmentId)}`;
  const copy = `desired_copy_${copies++}`;
  db.transaction(() => {
    db.exec(`
      CREATE TEMP TABLE ${copy} AS SELECT segment_id, customer_id, params, params_hash FROM desired_state ${where};
      DELETE FROM delivered ${where};
      INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) SELECT segment_id, customer_id, params, params_hash, 0 FROM temp.${copy};
      DELETE FROM pending ${where};
      DROP TABLE temp.${copy};`);
  })();
}
