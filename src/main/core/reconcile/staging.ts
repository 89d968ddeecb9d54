import type { Db } from '../db/open';
import type { ImportMode, Param, StatusCounts } from '../../../shared/model';
import { encodeParams, hashParams } from './params';
import { segmentPendingCounts } from './pending';

export interface StagedRecord {
  line: number;
  customerId: string;
  params: Param[];
  action: 'upsert' | 'remove';
  /** The params' JSON exactly as encodeParams writes it, when the reader already built it (saves encoding twice). */
  paramsJson?: string;
}

let nextStagingId = 0;
/** Rows per INSERT statement: one statement step per 32 rows instead of per row halves the cost of staging. */
const ROWS_PER_INSERT = 32;

/**
 * One import's rows, staged in TEMP tables private to this connection, so nothing is visible (or lost)
 * until `apply` turns them into the segment's desired state and pending changes in a single transaction.
 * A crash before that drops the temp tables with the connection: the segment stays exactly as it was.
 *
 * Rows are appended in arrival order (cheap), then sorted once by customer id into `final`, keeping the
 * last arrival per customer. Inserting a million random SHA-256 keys into a B-tree one by one costs a page
 * write per row; one sort costs a fraction, and key-ordered joins against `desired` then read it in order.
 * The sort moves only keys and hashes: params are fetched from `arrivals` for the rows that changed.
 * `apply` reads the unchanged majority once (one pass over the staged keys against desired, and for a
 * snapshot one pass over the members); every later statement works on the changed keys only.
 */
export class SegmentStaging {
  private readonly arrivals: string;
  private readonly final: string;
  private readonly touched: string;
  private added = 0;
  private deduplicated: number | null = null;
  private disposed = false;
  private readonly insertOne;
  private readonly insertMany;

  constructor(private readonly db: Db) {
    const id = `${process.pid}_${nextStagingId++}`;
    this.arrivals = `staged_in_${id}`;
    this.final = `staged_${id}`;
    this.touched = `staged_touched_${id}`;
    db.exec(`CREATE TEMP TABLE ${this.arrivals} (customer_id TEXT NOT NULL, params_hash TEXT NOT NULL, remove INTEGER NOT NULL, params TEXT NOT NULL)`);
    const insert = `INSERT INTO ${this.arrivals} (customer_id, params_hash, remove, params) VALUES `;
    this.insertOne = db.prepare(`${insert}(?, ?, ?, ?)`);
    this.insertMany = db.prepare(insert + new Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', '));
  }

  /** Stages a chunk in one short transaction. A later record for the same customer replaces the earlier one. */
  add(records: readonly StagedRecord[]): void {
    this.addValues(stagedValues(records));
  }

  /** Stages a chunk already encoded by `stagedValues` (in a reader thread, say), in one short transaction. */
  addValues(values: StagedValues): void {
    this.assertOpen();
    if (this.deduplicated !== null) throw new Error('Records cannot be added once the staging was read');
    const rows = values.length / 4;
    const whole = rows - (rows % ROWS_PER_INSERT);
    this.db.transaction(() => {
      for (let row = 0; row < whole; row += ROWS_PER_INSERT) this.insertMany.run(values.slice(row * 4, (row + ROWS_PER_INSERT) * 4));
      for (let at = whole * 4; at < values.length; at += 4) this.insertOne.run(values[at], values[at + 1], values[at + 2], values[at + 3]);
    })();
    this.added += rows;
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
    const { arrivals: a, final: f, touched: t } = this;
    const db = this.db;
    return db.transaction(() => {
      // Every key whose desired state changes, once, in key order: its new params hash (NULL when it leaves),
      // the arrival that holds its params, and its delivered hash (NULL when Deployteq does not have it).
      // The one pass over the staged keys (and, for a snapshot, over the members) is all that reads the
      // unchanged majority; every later statement works on the changed keys only.
      db.exec(`DROP TABLE IF EXISTS temp.${t};
        CREATE TEMP TABLE ${t} (customer_id TEXT PRIMARY KEY, params_hash TEXT, arrival INTEGER, delivered_hash TEXT) WITHOUT ROWID;`);
      const delivered = `(SELECT v.params_hash FROM delivered v WHERE v.segment_id = @segmentId AND v.customer_id = `;
      // Upserts with new or different params, removes of members...
      db.prepare(
        `INSERT INTO temp.${t} (customer_id, params_hash, arrival, delivered_hash)
         SELECT s.customer_id, iif(s.remove = 0, s.params_hash, NULL), s.arrival, ${delivered}s.customer_id)
         FROM ${f} s LEFT JOIN desired d ON d.segment_id = @segmentId AND d.customer_id = s.customer_id
         WHERE (s.remove = 0 AND d.params_hash IS NOT s.params_hash) OR (s.remove = 1 AND d.customer_id IS NOT NULL)`,
      ).run({ segmentId });
      // ...and, for a snapshot, every member the file no longer lists.
      if (mode === 'snapshot') {
        db.prepare(
          `INSERT INTO temp.${t} (customer_id, params_hash, arrival, delivered_hash)
           SELECT d.customer_id, NULL, NULL, ${delivered}d.customer_id)
           FROM desired d WHERE d.segment_id = @segmentId AND NOT EXISTS (SELECT 1 FROM ${f} s WHERE s.customer_id = d.customer_id)`,
        ).run({ segmentId });
      }
      db.prepare(`DELETE FROM desired WHERE segment_id = ? AND customer_id IN (SELECT customer_id FROM temp.${t} WHERE params_hash IS NULL)`).run(segmentId);
      // CROSS JOIN keeps the changed keys as the outer loop: desired is written in key order.
      db.prepare(
        `INSERT INTO desired (segment_id, customer_id, params, params_hash)
         SELECT ?, k.customer_id, r.params, k.params_hash
         FROM temp.${t} k CROSS JOIN ${a} r ON r.rowid = k.arrival
         WHERE k.params_hash IS NOT NULL
         ON CONFLICT (segment_id, customer_id) DO UPDATE SET params = excluded.params, params_hash = excluded.params_hash`,
      ).run(segmentId);
      rederivePending(db, t, connectorId, segmentId);
      return segmentPendingCounts(db, connectorId, segmentId);
    }).immediate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.arrivals}; DROP TABLE IF EXISTS temp.${this.final}; DROP TABLE IF EXISTS temp.${this.touched};`);
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

/** Staged rows as flat column values, four a row: customer id, params hash, remove (0 or 1), params JSON. */
export type StagedValues = Array<string | number>;

/** Encodes records for `addValues`: the params' JSON and hash (the costly part, so it can run in a reader thread). */
export function stagedValues(records: readonly StagedRecord[]): StagedValues {
  const values: StagedValues = new Array(records.length * 4);
  for (let i = 0, at = 0; i < records.length; i++, at += 4) {
    const record = records[i];
    const remove = record.action === 'remove';
    let json: string;
    let hash: string;
    if (remove) ({ json, hash } = REMOVED_PARAMS);
    else if (record.paramsJson !== undefined) hash = hashParams((json = record.paramsJson));
    else ({ json, hash } = encodeParams(record.params));
    values[at] = record.customerId;
    values[at + 1] = hash;
    values[at + 2] = remove ? 1 : 0;
    values[at + 3] = json;
  }
  return values;
}

/**
 * For every changed key: the pending change is the difference between its new desired hash and its
 * delivered hash, both already in the touched table (no second look-up in desired or delivered).
 * A key carried by an unacknowledged batch keeps its row (the acknowledgement re-derives it); a changed key
 * that a 400 held back is released, since its data changed.
 */
function rederivePending(db: Db, touched: string, connectorId: number, segmentId: number): void {
  db.prepare(
    `DELETE FROM pending WHERE segment_id = ? AND batch_id IS NULL AND customer_id IN (
       SELECT customer_id FROM temp.${touched} WHERE params_hash IS delivered_hash)`,
  ).run(segmentId);
  db.prepare(
    `INSERT INTO pending (connector_id, segment_id, customer_id, status)
     SELECT ?, ?, customer_id,
            CASE WHEN params_hash IS NULL THEN 'REMOVED' WHEN delivered_hash IS NULL THEN 'NEW' ELSE 'MODIFIED' END
     FROM temp.${touched} WHERE params_hash IS NOT delivered_hash
     ON CONFLICT (segment_id, customer_id) DO UPDATE SET status = excluded.status, held_by = NULL`,
  ).run(connectorId, segmentId);
}
