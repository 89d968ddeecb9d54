import type { Db } from '../db/open';
import type { ImportMode, Param, StatusCounts } from '../../../shared/model';
import { encodeParams } from './params';
import { segmentPendingCounts } from './pending';

export interface StagedRecord {
  line: number;
  customerId: string;
  params: Param[];
  action: 'upsert' | 'remove';
}

let nextStagingId = 0;

/**
 * One import's rows, staged in TEMP tables private to this connection, so nothing is visible (or lost)
 * until `apply` turns them into the segment's desired state and pending changes in a single transaction.
 * A crash before that drops the temp tables with the connection: the segment stays exactly as it was.
 *
 * Rows are appended in arrival order (cheap), then sorted once by customer id into `final`, keeping the
 * last arrival per customer. Inserting a million random SHA-256 keys into a B-tree one by one costs a page
 * write per row; one sort costs a fraction, and key-ordered joins against `desired` then read it in order.
 * The sort moves only keys and hashes: params are fetched from `arrivals` for the rows that changed.
 */
export class SegmentStaging {
  private readonly arrivals: string;
  private readonly final: string;
  private added = 0;
  private deduplicated: number | null = null;
  private disposed = false;
  private readonly insert;

  constructor(private readonly db: Db) {
    const id = `${process.pid}_${nextStagingId++}`;
    this.arrivals = `staged_in_${id}`;
    this.final = `staged_${id}`;
    db.exec(`CREATE TEMP TABLE ${this.arrivals} (customer_id TEXT NOT NULL, params_hash TEXT NOT NULL, remove INTEGER NOT NULL, params TEXT NOT NULL)`);
    this.insert = db.prepare(`INSERT INTO ${this.arrivals} (customer_id, params_hash, remove, params) VALUES (?, ?, ?, ?)`);
  }

  /** Stages a chunk in one short transaction. A later record for the same customer replaces the earlier one. */
  add(records: readonly StagedRecord[]): void {
    this.assertOpen();
    if (this.deduplicated !== null) throw new Error('Records cannot be added once the staging was read');
    this.db.transaction(() => {
      for (const record of records) {
        const remove = record.action === 'remove';
        const { json, hash } = remove ? REMOVED_PARAMS : encodeParams(record.params);
        this.insert.run(record.customerId, hash, remove ? 1 : 0, json);
      }
    })();
    this.added += records.length;
  }

  /** How many distinct customers are staged. */
  get size(): number {
    return this.deduplicate();
  }

  /** How many records replaced an earlier one with the same customer id (the last row wins). */
  get duplicates(): number {
    return this.added - this.deduplicate();
  }

  /**
   * Makes the staged rows the segment's desired state, in one transaction: a snapshot replaces the whole
   * membership (whoever is absent has left), a delta applies its upserts and removes. Then re-derives the
   * pending change of every key whose desired state moved. Returns the segment's pending counts after.
   */
  apply(segmentId: number, mode: ImportMode): StatusCounts {
    this.assertOpen();
    const connectorId = (this.db.prepare('SELECT connector_id AS id FROM segments WHERE id = ?').get(segmentId) as { id: number } | undefined)?.id;
    if (connectorId === undefined) throw new Error(`Segment ${segmentId} does not exist`);
    this.deduplicate();
    const { arrivals: a, final: f } = this;
    return this.db.transaction(() => {
      this.db.exec('CREATE TEMP TABLE IF NOT EXISTS touched (customer_id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.touched;');
      // Keys whose desired state changes: upserts with new or different params, removes of members...
      this.db.prepare(
        `INSERT INTO temp.touched (customer_id)
         SELECT s.customer_id FROM ${f} s
         LEFT JOIN desired d ON d.segment_id = ? AND d.customer_id = s.customer_id
         WHERE (s.remove = 0 AND d.params_hash IS NOT s.params_hash) OR (s.remove = 1 AND d.customer_id IS NOT NULL)`,
      ).run(segmentId);
      // ...and, for a snapshot, every member the file no longer lists.
      if (mode === 'snapshot') {
        this.db.prepare(
          `INSERT INTO temp.touched (customer_id)
           SELECT d.customer_id FROM desired d
           WHERE d.segment_id = ? AND NOT EXISTS (SELECT 1 FROM ${f} s WHERE s.customer_id = d.customer_id)`,
        ).run(segmentId);
      }
      this.db.prepare(
        `DELETE FROM desired WHERE segment_id = ? AND customer_id IN (
           SELECT customer_id FROM temp.touched
           WHERE NOT EXISTS (SELECT 1 FROM ${f} s WHERE s.customer_id = touched.customer_id AND s.remove = 0))`,
      ).run(segmentId);
      this.db.prepare(
        `INSERT INTO desired (segment_id, customer_id, params, params_hash)
         SELECT ?, s.customer_id, r.params, s.params_hash
         FROM temp.touched k JOIN ${f} s ON s.customer_id = k.customer_id JOIN ${a} r ON r.rowid = s.arrival
         WHERE s.remove = 0
         ON CONFLICT (segment_id, customer_id) DO UPDATE SET params = excluded.params, params_hash = excluded.params_hash`,
      ).run(segmentId);
      rederivePending(this.db, connectorId, segmentId);
      return segmentPendingCounts(this.db, connectorId, segmentId);
    }).immediate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.arrivals}; DROP TABLE IF EXISTS temp.${this.final};`);
  }

  /** One row per customer, the last to arrive, sorted by customer id (built once, on first read). */
  private deduplicate(): number {
    this.assertOpen();
    if (this.deduplicated !== null) return this.deduplicated;
    this.db.exec(`
      CREATE TEMP TABLE ${this.final} (customer_id TEXT PRIMARY KEY, params_hash TEXT NOT NULL, remove INTEGER NOT NULL, arrival INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO ${this.final} (customer_id, params_hash, remove, arrival)
        SELECT customer_id, params_hash, remove, rowid FROM ${this.arrivals} WHERE true ORDER BY customer_id, rowid
        ON CONFLICT (customer_id) DO UPDATE SET params_hash = excluded.params_hash, remove = excluded.remove, arrival = excluded.arrival;`);
    this.deduplicated = (this.db.prepare(`SELECT count(*) AS n FROM ${this.final}`).get() as { n: number }).n;
    return this.deduplicated;
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('This import was already finished or cancelled');
  }
}

const REMOVED_PARAMS = encodeParams([]);

/**
 * For every key in temp.touched: the pending change is the difference between desired and delivered.
 * A key carried by an unacknowledged batch keeps its row (the acknowledgement re-derives it); a changed key
 * that a 400 held back is released, since its data changed.
 */
function rederivePending(db: Db, connectorId: number, segmentId: number): void {
  db.prepare(
    `DELETE FROM pending WHERE segment_id = ? AND batch_id IS NULL AND customer_id IN (
       SELECT k.customer_id FROM temp.touched k
       LEFT JOIN desired d ON d.segment_id = ? AND d.customer_id = k.customer_id
       LEFT JOIN delivered v ON v.segment_id = ? AND v.customer_id = k.customer_id
       WHERE d.params_hash IS v.params_hash)`,
  ).run(segmentId, segmentId, segmentId);
  db.prepare(
    `INSERT INTO pending (connector_id, segment_id, customer_id, status)
     SELECT ?, ?, k.customer_id,
            CASE WHEN d.customer_id IS NULL THEN 'REMOVED' WHEN v.customer_id IS NULL THEN 'NEW' ELSE 'MODIFIED' END
     FROM temp.touched k
     LEFT JOIN desired d ON d.segment_id = ? AND d.customer_id = k.customer_id
     LEFT JOIN delivered v ON v.segment_id = ? AND v.customer_id = k.customer_id
     WHERE d.params_hash IS NOT v.params_hash
     ON CONFLICT (segment_id, customer_id) DO UPDATE SET status = excluded.status, held_by = NULL`,
  ).run(connectorId, segmentId, segmentId, segmentId);
}
