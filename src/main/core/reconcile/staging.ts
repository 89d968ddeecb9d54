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
 * One import's rows, staged in a TEMP table private to this connection, so nothing is visible (or lost)
 * until `apply` turns them into the segment's desired state and pending changes in a single transaction.
 * A crash before that drops the temp table with the connection: the segment stays exactly as it was.
 */
export class SegmentStaging {
  private readonly table = `staged_${process.pid}_${nextStagingId++}`;
  private added = 0;
  private disposed = false;
  private readonly insert;

  constructor(private readonly db: Db) {
    db.exec(`CREATE TEMP TABLE ${this.table} (
      customer_id TEXT PRIMARY KEY,
      params TEXT NOT NULL,
      params_hash TEXT NOT NULL,
      remove INTEGER NOT NULL,
      line INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.insert = db.prepare(
      `INSERT INTO ${this.table} (customer_id, params, params_hash, remove, line) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (customer_id) DO UPDATE SET
         params = excluded.params, params_hash = excluded.params_hash, remove = excluded.remove, line = excluded.line`,
    );
  }

  /** Stages a chunk in one short transaction. A later record for the same customer replaces the earlier one. */
  add(records: readonly StagedRecord[]): void {
    this.assertOpen();
    this.db.transaction(() => {
      for (const record of records) {
        const remove = record.action === 'remove';
        const { json, hash } = remove ? REMOVED_PARAMS : encodeParams(record.params);
        this.insert.run(record.customerId, json, hash, remove ? 1 : 0, record.line);
      }
    })();
    this.added += records.length;
  }

  get size(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${this.table}`).get() as { n: number }).n;
  }

  /** How many records replaced an earlier one with the same customer id (the last row wins). */
  get duplicates(): number {
    return this.added - this.size;
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
    const t = this.table;
    return this.db.transaction(() => {
      this.db.exec('CREATE TEMP TABLE IF NOT EXISTS touched (customer_id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.touched;');
      // Keys whose desired state changes: upserts with new or different params, removes of members...
      this.db.prepare(
        `INSERT INTO temp.touched (customer_id)
         SELECT s.customer_id FROM ${t} s
         LEFT JOIN desired d ON d.segment_id = ? AND d.customer_id = s.customer_id
         WHERE (s.remove = 0 AND d.params_hash IS NOT s.params_hash) OR (s.remove = 1 AND d.customer_id IS NOT NULL)`,
      ).run(segmentId);
      // ...and, for a snapshot, every member the file no longer lists.
      if (mode === 'snapshot') {
        this.db.prepare(
          `INSERT INTO temp.touched (customer_id)
           SELECT d.customer_id FROM desired d
           WHERE d.segment_id = ? AND NOT EXISTS (SELECT 1 FROM ${t} s WHERE s.customer_id = d.customer_id)`,
        ).run(segmentId);
      }
      this.db.prepare(
        `DELETE FROM desired WHERE segment_id = ? AND customer_id IN (
           SELECT customer_id FROM temp.touched
           WHERE NOT EXISTS (SELECT 1 FROM ${t} s WHERE s.customer_id = touched.customer_id AND s.remove = 0))`,
      ).run(segmentId);
      this.db.prepare(
        `INSERT INTO desired (segment_id, customer_id, params, params_hash)
         SELECT ?, s.customer_id, s.params, s.params_hash FROM temp.touched k JOIN ${t} s ON s.customer_id = k.customer_id
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
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}`);
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
