import type Database from 'better-sqlite3';

/**
 * Issue 8: a key in flight is known from what the unacknowledged batches carry (batch_items), no longer
 * marked in its pending row. Marking rewrote each frozen key's row (params and all) and two indexes, only
 * for the acknowledgement to delete the row again; now freezing writes nothing to pending, and a key is
 * written there once, when it is acknowledged. The view `in_flight` is the one rule every reader uses.
 *
 * pending is rebuilt without batch_id (a column with a foreign key cannot be dropped in place, and its
 * ON DELETE SET NULL would otherwise scan pending for every batch deleted). A key that an open batch
 * carries has its pending.batch_id and its batch_items row written in one transaction by the freeze, and
 * both let go of in one transaction by the acknowledgement or the failure, so in-flight batches are carried
 * as they were. pending_queue drops batch_id (always NULL in it) and pending_in_batch goes.
 */
export function m014InFlightFromBatchItems(db: Database.Database): void {
  db.exec(`
    DROP VIEW desired_state;
    CREATE TABLE pending_014 (
      connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('NEW', 'MODIFIED', 'REMOVED')),
      held_by INTEGER REFERENCES batches(id) ON DELETE SET NULL,
      params TEXT,
      params_hash TEXT,
      PRIMARY KEY (segment_id, customer_id)
    ) WITHOUT ROWID;
    INSERT INTO pending_014 (connector_id, segment_id, customer_id, status, held_by, params, params_hash)
      SELECT connector_id, segment_id, customer_id, status, held_by, params, params_hash FROM pending ORDER BY segment_id, customer_id;
    DROP TABLE pending;
    ALTER TABLE pending_014 RENAME TO pending;

    -- The send queue in key order (see migration 001); held_by (always NULL here) makes it cover the filter.
    CREATE INDEX pending_queue ON pending (connector_id, segment_id, customer_id, held_by) WHERE held_by IS NULL;
    CREATE INDEX pending_held ON pending (held_by) WHERE held_by IS NOT NULL;
    CREATE INDEX pending_counts ON pending (connector_id, segment_id, status);

    -- The keys an unacknowledged batch carries: in flight until its answer is recorded. Driven by the few
    -- open batches (batches_open) into batch_items' primary key, whatever a reader filters on: a join left
    -- the planner free to scan all of batch_items' history by customer instead.
    CREATE VIEW in_flight (batch_id, connector_id, segment_id, customer_id, status, params_hash) AS
      SELECT i.batch_id, (SELECT b.connector_id FROM batches b WHERE b.id = i.batch_id), i.segment_id, i.customer_id, i.status, i.params_hash
      FROM batch_items i
      WHERE i.batch_id IN (SELECT id FROM batches WHERE state IN ('queued', 'retrying'));

    -- As migration 013 made it.
    CREATE VIEW desired_state (segment_id, customer_id, params, params_hash) AS
      SELECT segment_id, customer_id, params, params_hash FROM pending WHERE params_hash IS NOT NULL
      UNION ALL
      SELECT v.segment_id, v.customer_id, v.params, v.params_hash FROM delivered v
      WHERE NOT EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = v.segment_id AND p.customer_id = v.customer_id);
  `);
}
