/**
 * Adopt what Deployteq already holds (issue 12): an operator moving an existing segment to this app says
 * which members (and params) Deployteq has; the file becomes the segment's delivered and desired state in
 * one transaction, without any request, and its pending changes vanish. A later import then sends only
 * the real differences. The member state is rebuilt with it (member-state.ts), and state_version moves, so
 * an earlier import can no longer be undone over it. The plan counts without writing.
 */
import type { Db } from '../db/open';
import type { AdoptPlan, IdentifierType, ImportOptions } from '../../../shared/model';
import { saidError } from '../errors';
import { joinClauses, said } from '../../../shared/messages';
import { refuseMassRemoval } from '../imports/run';
import { openImport } from '../imports/records';
import { memberCount, rebuildMemberState } from './member-state';
import { hashParams, paramsJson } from './params';
import { sql } from '../db/sql';

export interface AdoptTarget {
  connectorId: number;
  connectorName: string;
  identifierType: IdentifierType;
  segmentName: string;
}

/** How the file is read: as an import reads it (ImportOptions' reading fields). */
export type AdoptOptions = Pick<ImportOptions, 'file' | 'idColumn' | 'columns' | 'types' | 'map' | 'encoding' | 'valueMaps' | 'dateOrder' | 'allowRemovals'>;

let nextAdoptId = 0;

/** The file's members, read into a temp table (the last row of a customer wins), then a plan or the act. */
export class Adoption {
  private constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly file: string,
    private readonly rowsRead: number,
    private readonly rejected: number,
  ) {}

  static async read(db: Db, target: AdoptTarget, options: AdoptOptions): Promise<Adoption> {
    const { file, idColumn, columns, types, map, encoding, valueMaps, dateOrder } = options;
    const reader = await openImport(file, { identifierType: target.identifierType, mode: 'snapshot', idColumn, columns, types, map, encoding, valueMaps, dateOrder });
    const table = `adopt_${process.pid}_${nextAdoptId++}`;
    db.exec(`CREATE TEMP TABLE ${table} (customer_id TEXT PRIMARY KEY, params TEXT NOT NULL, params_hash TEXT NOT NULL) WITHOUT ROWID`);
    try {
      const insert = db.prepare(
        `INSERT INTO temp.${table} (customer_id, params, params_hash) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET params = excluded.params, params_hash = excluded.params_hash`,
      );
      for await (const chunk of reader.records()) {
        db.transaction(() => {
          for (const record of chunk) {
            if (record.action !== 'upsert') continue;
            const json = paramsJson(record.params);
            insert.run(record.customerId, json, hashParams(json));
          }
        })();
      }
    } catch (error) {
      db.exec(`DROP TABLE IF EXISTS temp.${table}`);
      throw error;
    }
    return new Adoption(db, table, options.file, reader.summary.rowsRead, reader.summary.rejected);
  }

  /** What adopting would do to the segment (null: it does not exist yet, so it has no members); writes nothing. */
  plan(target: AdoptTarget, segmentId: number | null): AdoptPlan {
    return this.adopt(target, segmentId ?? -1, { now: 0, allowRemovals: true, write: false });
  }

  apply(target: AdoptTarget, segmentId: number, options: { now: number; allowRemovals?: boolean }): AdoptPlan {
    return this.db.transaction(() => this.adopt(target, segmentId, { now: options.now, allowRemovals: options.allowRemovals ?? false, write: true })).immediate();
  }

  dispose(): void {
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}`);
  }

  private adopt(target: AdoptTarget, segmentId: number, options: { now: number; allowRemovals: boolean; write: boolean }): AdoptPlan {
    const db = this.db;
    const { table } = this;
    const inFlight = sql(db, 'SELECT count(*) FROM in_flight WHERE segment_id = ?', 'pluck').get(segmentId) as number;
    if (inFlight > 0) {
      throw saidError('adoptInFlight', { inFlight, segment: target.segmentName }, 'conflict');
    }
    const members = db.prepare(`SELECT count(*) FROM temp.${table}`).pluck().get() as number;
    const membersBefore = memberCount(db, segmentId);
    const dropped = db
      .prepare(`SELECT count(*) FROM desired_state d WHERE d.segment_id = ? AND NOT EXISTS (SELECT 1 FROM temp.${table} a WHERE a.customer_id = d.customer_id)`)
      .pluck()
      .get(segmentId) as number;
    if (!options.allowRemovals) refuseMassRemoval(db, { segmentId, segmentName: target.segmentName }, { REMOVED: dropped, members: membersBefore });
    const pendingDropped = sql(db, 'SELECT count(*) FROM pending WHERE segment_id = ?', 'pluck').get(segmentId) as number;
    if (options.write) this.write(segmentId, options.now);
    const clauses = [
      said('adoptMembers', { file: this.file, segment: target.segmentName, members }),
      ...(dropped > 0 ? [said('adoptDropped', { dropped })] : []),
      ...(pendingDropped > 0 ? [said('adoptPendingDropped', { pendingDropped })] : []),
      ...(this.rejected > 0 ? [said('adoptRejected', { rejected: this.rejected })] : []),
    ];
    return {
      connector: target.connectorName,
      segment: target.segmentName,
      file: this.file,
      rowsRead: this.rowsRead,
      rejected: this.rejected,
      members,
      membersBefore,
      dropped,
      pendingDropped,
      requests: 0,
      message: joinClauses(clauses.map((c) => c.text)),
      sentences: clauses.map((c) => c.message),
    };
  }

  /** The file becomes delivered, pending goes (so desired_state is delivered), the member state follows, and the version moves. */
  private write(segmentId: number, now: number): void {
    const db = this.db;
    sql(db, 'DELETE FROM pending WHERE segment_id = ?').run(segmentId);
    sql(db, 'DELETE FROM delivered WHERE segment_id = ?').run(segmentId);
    db.prepare(`INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) SELECT ?, customer_id, params, params_hash, ? FROM temp.${this.table}`).run(segmentId, now);
    rebuildMemberState(db, segmentId);
    sql(db, 'UPDATE segments SET state_version = state_version + 1 WHERE id = ?').run(segmentId);
    // No import before the adoption can be undone over it: their before-images go.
    sql(db, 'DELETE FROM import_before WHERE import_id IN (SELECT id FROM imports WHERE segment_id = ?)').run(segmentId);
  }
}
