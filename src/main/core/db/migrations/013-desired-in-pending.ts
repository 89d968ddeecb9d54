import type Database from 'better-sqlite3';

/**
 * Issue 11: the desired state is kept only where it differs from delivered. Before, `desired` held every
 * member's params (equal to delivered's, row for row, most of the time), and an import rewrote a random page
 * of it per changed key. Now a pending change carries its desired params (`params` / `params_hash`, NULL when
 * the key is not desired), and the desired state of a key is its pending row if any, else its delivered row:
 * the view `desired_state`, which every reader uses. An import writes the changed keys' pending rows only.
 *
 * Existing data: pending rows take their params from desired; a desired row that differs from delivered
 * without a pending row (which the app never leaves, but a copy of an old database might) gets one, so no
 * desired state is lost; then desired goes. Self-contained, as every migration.
 */
export function m013DesiredInPending(db: Database.Database): void {
  db.exec(`
    ALTER TABLE pending ADD COLUMN params TEXT;
    ALTER TABLE pending ADD COLUMN params_hash TEXT;

    UPDATE pending SET (params, params_hash) = (
      SELECT d.params, d.params_hash FROM desired d WHERE d.segment_id = pending.segment_id AND d.customer_id = pending.customer_id);

    INSERT INTO pending (connector_id, segment_id, customer_id, status, params, params_hash)
      SELECT s.connector_id, d.segment_id, d.customer_id, CASE WHEN v.customer_id IS NULL THEN 'NEW' ELSE 'MODIFIED' END, d.params, d.params_hash
      FROM desired d JOIN segments s ON s.id = d.segment_id
      LEFT JOIN delivered v ON v.segment_id = d.segment_id AND v.customer_id = d.customer_id
      WHERE v.params_hash IS NOT d.params_hash
        AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = d.segment_id AND p.customer_id = d.customer_id);
    INSERT INTO pending (connector_id, segment_id, customer_id, status)
      SELECT s.connector_id, v.segment_id, v.customer_id, 'REMOVED'
      FROM delivered v JOIN segments s ON s.id = v.segment_id
      WHERE NOT EXISTS (SELECT 1 FROM desired d WHERE d.segment_id = v.segment_id AND d.customer_id = v.customer_id)
        AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = v.segment_id AND p.customer_id = v.customer_id);

    DROP TABLE desired;

    -- A key's desired state: its pending row if it has one (no params: not desired), else its delivered row.
    CREATE VIEW desired_state (segment_id, customer_id, params, params_hash) AS
      SELECT segment_id, customer_id, params, params_hash FROM pending WHERE params_hash IS NOT NULL
      UNION ALL
      SELECT v.segment_id, v.customer_id, v.params, v.params_hash FROM delivered v
      WHERE NOT EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = v.segment_id AND p.customer_id = v.customer_id);
  `);
}
