import type { Db } from '../db/open';
import type { ImportMode, Param, StatusCounts } from '../../../shared/model';
import { UserError } from '../errors';
import { hashParams, paramsJson } from './params';
import { writeStateHash } from './state-hash';
import { inFlight, segmentPendingCounts } from './pending';
import { changeStatus, changeStatusSql } from './rule';
import { HASH_WORDS, KEY_WORDS, MemberIndex, MemberState, MemberStateWriter, compareKeys, identifierTypeOf, keyWriterFor, keysFollowIds, memberCount, rangeOf, type KeyWriter, type MemberIds } from './member-state';
import { MemberFilter } from './member-filter';
import { RangeSpill, SPILL_WORDS } from './range-spill';
import { sql } from '../db/sql';
import { LEAVES, MAX_STAGED_ROWS, MemberOutcomes, STAGED, UNCHANGED, UNSEEN } from './member-outcomes';

export interface StagedRecord {
  line: number;
  customerId: string;
  params: Param[];
  action: 'upsert' | 'remove';
  /** The params' state hash words (state-hash.ts), when the reader already folded them from cached values. */
  stateHashA?: number;
  stateHashB?: number;
}

/** What applying the staged rows would do to the segment, worked out before anything is written. */
export interface StagingPlan extends StatusCounts {
  /** Members of the segment before the import. */
  members: number;
  /** Members kept exactly as they were because a row of theirs was rejected. */
  kept: number;
}

let nextStagingId = 0;

/**
 * From how many members a segment's import is read by key range (issue 11): below it, the whole index of the
 * members (20.7 bytes each) is held while the file is read; from it, a filter (4.8 bytes each) and the rows'
 * records on disk, matched one range of RANGE_MEMBERS at a time (an index of 8 MB). 1,500,000 members keep the
 * whole index to 31 MB.
 */
export const RANGED_FROM_MEMBERS = 1_500_000;
export const RANGE_MEMBERS = 500_000;

export interface StagingOptions {
  /** Read by key range from this many members (RANGED_FROM_MEMBERS); Infinity: never. */
  rangedFrom?: number;
  membersPerRange?: number;
  /** Narrows the filter's fingerprints (tests: so that a row the filter lets by is common). */
  fingerprintMask?: number;
}

/**
 * A row the filter let by as maybe a member's own, unchanged, was not (odds of about one in 700 million a row):
 * its values were not kept, so the file is read again, the classic way (imports/run.ts).
 */
export class RangedReadMissed extends Error {
  constructor() {
    super('A row read by key range must be read again');
    this.name = 'RangedReadMissed';
  }
}

/** A spilled record's kind (its tag's low two bits; the part of the file is above them). */
const SPILLED_MAYBE_SAME = 0;
const SPILLED_CODE = 1;
const SPILLED_KEPT = 2;
const spillTag = (kind: number, part: number) => kind | (part << 2);

/**
 * While a connection has stagings open, its TEMP schema's page cache is 8 MiB instead of open.ts's 32: the touched
 * table is written in key order and each staged row is read once, so a page that is not cached is one read from
 * the temp file (in the OS's cache); the 24 MiB spared keep a 1,000,000-row import under its 300 MB of peak RSS
 * (measured in process: 270 -> 236 MB, the same CPU time within the machine's noise).
 */
const STAGING_TEMP_CACHE_KIB = 8192;
const tempCaches = new WeakMap<Db, { open: number; saved: number }>();

function shrinkTempCache(db: Db): void {
  const entry = tempCaches.get(db) ?? { open: 0, saved: db.pragma('temp.cache_size', { simple: true }) as number };
  if (entry.open++ === 0) db.pragma(`temp.cache_size = -${STAGING_TEMP_CACHE_KIB}`);
  tempCaches.set(db, entry);
}

function restoreTempCache(db: Db): void {
  const entry = tempCaches.get(db);
  if (!entry || --entry.open > 0) return;
  tempCaches.delete(db);
  if (db.open) db.pragma(`temp.cache_size = ${entry.saved}`);
}
/** Rows per INSERT statement: one statement step per 32 rows instead of per row halves the cost of staging. */
const ROWS_PER_INSERT = 32;

/** Inserts rows into `into` ("table (columns)"), ROWS_PER_INSERT a statement. */
class BatchedInsert {
  private readonly many;
  private readonly one;
  private readonly width: number;
  private values: Array<string | number | null> = [];

  constructor(db: Db, into: string) {
    this.width = into.slice(into.indexOf('(')).split(',').length;
    const row = `(${new Array(this.width).fill('?').join(', ')})`;
    this.one = db.prepare(`INSERT INTO ${into} VALUES ${row}`);
    this.many = db.prepare(`INSERT INTO ${into} VALUES ${new Array(ROWS_PER_INSERT).fill(row).join(', ')}`);
  }

  add(...row: Array<string | number | null>): void {
    for (const value of row) this.values.push(value);
    if (this.values.length === this.width * ROWS_PER_INSERT) {
      this.many.run(this.values);
      this.values = [];
    }
  }

  finish(): void {
    for (let at = 0; at < this.values.length; at += this.width) this.one.run(this.values.slice(at, at + this.width));
    this.values = [];
  }
}

/**
 * One import's rows against the segment's members, so that the work is one sequential read of the
 * segment's compact state (member-state.ts) plus writes for the keys that change, not for the file:
 * - each row's key is looked up in the state as it arrives; a row with the member's own params hash is
 *   only counted, any other row is staged (params included) in a TEMP table private to this connection;
 * - `apply` works out NEW / MODIFIED / REMOVED in memory (the last row of a customer wins), then, in one
 *   transaction, writes pending (which carries a changed key's desired params, desired_state in migration
 *   013) and the new state for the changed keys only: nothing proportional to the file or the segment.
 * Nothing is visible (or lost) until `apply`: a crash drops the temp tables with the connection.
 *
 * Without a segment id at construction (tests of the store), rows are kept in memory until `apply`.
 */
export class SegmentStaging {
  private readonly staged: string;
  private readonly changes: string;
  private readonly touched: string;
  /** Staged rows of new keys that do not join (an earlier row of the key, or its last row leaves or was rejected). */
  private readonly losers: string;
  /** The joining new keys' staged rows (rowid, customer id, params), in key order. */
  private readonly newIds: string;
  private readonly insertStagedRows: BatchedInsert;
  private state: MemberState | null = null;
  /** A state loaded by key range: what the rows said, on disk by range until `plan` matches them (resolveRanges). */
  private spill: RangeSpill | null = null;
  /** The staged rows that resolveRanges found to be members' (not new keys): losers of sortNewIds. */
  private membersStaged: number[] = [];
  private resolved = false;
  private writeKey: KeyWriter = () => undefined;
  /** The segment's keys sort as its ids (keysFollowIds): new members can go to pending in key order. */
  private keysFollowIds = false;
  private stateVersion = 0;
  private segmentId: number | null = null;
  /** Per member: what their last row said, and whether a rejected row keeps them. */
  private outcomes = new MemberOutcomes(0);
  /** Keys not in the state, in arrival order, with LEAVES or STAGED + rowid. */
  private newKeys = new Uint32Array(1024 * KEY_WORDS);
  private newCodes = new Int32Array(1024);
  private newParts = new Uint8Array(1024);
  private newCount = 0;
  /** Keys of rejected rows that are not members: they do not join either. */
  private readonly keptNewKeys = new Set<string>();
  /** The params hash of each staged row (by rowid - 1). */
  private stagedHashes = new Uint32Array(1024 * HASH_WORDS);
  private stagedCount = 0;
  private added = 0;
  private distinctMembers = 0;
  private unbound: { chunks: Array<readonly StagedRecord[]>; kept: string[] } | null = { chunks: [], kept: [] };
  private planned: { mode: ImportMode; plan: StagingPlan; order: Uint32Array } | null = null;
  private disposed = false;
  private readonly key = new Uint32Array(KEY_WORDS);
  /** Milliseconds spent matching rows against the state, planning and writing (for the benchmark). */
  readonly timings = { matchMs: 0, planMs: 0, writeMs: 0 };

  constructor(
    private readonly db: Db,
    segmentId?: number,
    private readonly options: StagingOptions = {},
  ) {
    const id = `${process.pid}_${nextStagingId++}`;
    shrinkTempCache(db);
    this.staged = `staged_${id}`;
    this.changes = `staged_changes_${id}`;
    this.touched = `staged_touched_${id}`;
    this.losers = `staged_losers_${id}`;
    this.newIds = `staged_new_ids_${id}`;
    // k0..k2: the key's words, only for a row whose key the segment does not have (a new key): SQL's sorter
    // puts the new keys in key order for the state, where a probe by rowid per key was a random read.
    db.exec(`CREATE TEMP TABLE ${this.staged} (customer_id TEXT NOT NULL, params_hash TEXT NOT NULL, params TEXT NOT NULL, k0 INTEGER, k1 INTEGER, k2 INTEGER)`);
    this.insertStagedRows = new BatchedInsert(db, `temp.${this.staged} (rowid, customer_id, params_hash, params, k0, k1, k2)`);
    if (segmentId !== undefined) this.bind(segmentId);
  }

  /** Stages a chunk. A later record for the same customer replaces the earlier one. */
  add(records: readonly StagedRecord[]): void {
    this.assertOpen();
    if (this.planned !== null) throw new Error('Records cannot be added once the staging was read');
    if (this.unbound) this.unbound.chunks.push(records);
    else this.match(records);
  }

  /** A rejected row whose customer can still be read: that member stays exactly as they were. */
  keep(customerId: string): void {
    this.assertOpen();
    if (this.unbound) return void this.unbound.kept.push(customerId);
    this.writeKey(customerId, this.key, 0);
    if (this.spill) return this.spill.add(rangeOf(this.state!.ranges!, this.key, 0), this.key, 0, 0, 0, spillTag(SPILLED_KEPT, 0));
    const member = this.state!.find(this.key, 0);
    if (member >= 0) this.outcomes.keep(member);
    else this.keptNewKeys.add(keyText(this.key, 0));
  }

  /** The segment's members as matching needs them (shared with reader threads): their index, or their filter. */
  get sharedMembers(): SharedMembers {
    this.assertOpen();
    if (this.state === null) throw new Error('The staging has no segment yet');
    const ranges = this.state.ranges;
    if (ranges) {
      const filter = ranges.filter;
      if (!filter) throw new Error('The file was read already');
      return { kind: 'filter', size: filter.size, prints: filter.prints, buckets: filter.buckets, mask: filter.mask };
    }
    const { size, tails, hashes, buckets } = this.state.index;
    return { kind: 'index', size, tails, hashes, buckets };
  }

  /** In how many key ranges the segment is read (0: as a whole). */
  get ranges(): number {
    return this.state?.ranges?.starts.length ?? 0;
  }

  /** How many distinct customers are staged. */
  get size(): number {
    if (this.unbound) return new Set(this.unbound.chunks.flatMap((records) => records.map((record) => record.customerId))).size;
    if (this.spill && !this.resolved) throw new Error('Read by key range, the customers are counted once the staging is planned');
    return this.distinctMembers + (this.planned?.order ?? this.uniqueNewKeys()).length;
  }

  /** How many records replaced an earlier one with the same customer id (the last row wins). */
  get duplicates(): number {
    const rows = this.unbound ? this.unbound.chunks.reduce((sum, records) => sum + records.length, 0) : this.added;
    return rows - this.size;
  }

  /**
   * What `apply` would do: NEW / MODIFIED / REMOVED against the segment's current members, without writing.
   * A snapshot removes every member it does not list; a delta only those it marks as removed.
   */
  plan(segmentId: number, mode: ImportMode): StagingPlan {
    this.assertOpen();
    if (this.unbound) this.bind(segmentId);
    if (segmentId !== this.segmentId) throw new Error(`This staging was read against segment ${this.segmentId}, not ${segmentId}`);
    if (this.planned?.mode === mode) return this.planned.plan;
    const started = performance.now();
    if (this.spill && !this.resolved) this.resolveRanges();
    const state = this.state!;
    const plan: StagingPlan = { members: state.size, kept: 0, NEW: 0, MODIFIED: 0, REMOVED: 0 };
    for (let member = 0; member < state.size; member++) {
      const change = this.memberChange(member, mode);
      if (this.outcomes.kept(member)) plan.kept++;
      if (change !== null) plan[change]++;
    }
    const order = this.uniqueNewKeys();
    for (const entry of order) if (this.joins(entry)) plan.NEW++;
    this.planned = { mode, plan, order };
    this.timings.planMs += performance.now() - started;
    return plan;
  }

  /**
   * Makes the staged rows the segment's desired state, in one transaction, and re-derives the pending
   * change of every key whose desired state moved. Returns the segment's pending counts after.
   */
  apply(segmentId: number, mode: ImportMode): StatusCounts {
    const connectorId = (sql(this.db, 'SELECT connector_id AS id FROM segments WHERE id = ?').get(segmentId) as { id: number } | undefined)?.id;
    if (connectorId === undefined) throw new Error(`Segment ${segmentId} does not exist`);
    this.plan(segmentId, mode);
    const started = performance.now();
    const counts = this.db.transaction(() => {
      const version = sql(this.db, 'SELECT state_version FROM segments WHERE id = ?', 'pluck').get(segmentId) as number;
      if (version !== this.stateVersion) {
        throw new UserError('Another import changed this segment while this file was read; nothing was changed by this one. Import it again.', 'conflict');
      }
      this.writeChanges(segmentId, mode);
      rederivePending(this.db, this.touched, connectorId, segmentId);
      this.insertNewMembers(connectorId, segmentId);
      sql(this.db, 'UPDATE segments SET state_version = state_version + 1 WHERE id = ?').run(segmentId);
      return segmentPendingCounts(this.db, connectorId, segmentId);
    }).immediate();
    this.timings.writeMs += performance.now() - started;
    return counts;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.spill?.dispose();
    for (const table of [this.staged, this.changes, this.touched, this.losers, this.newIds]) this.db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    restoreTempCache(this.db);
  }

  private bind(segmentId: number): void {
    const started = performance.now();
    const unbound = this.unbound;
    this.unbound = null;
    this.segmentId = segmentId;
    this.stateVersion = (sql(this.db, 'SELECT state_version FROM segments WHERE id = ?', 'pluck').get(segmentId) as number | undefined) ?? 0;
    const identifierType = identifierTypeOf(this.db, segmentId);
    this.writeKey = keyWriterFor(identifierType);
    this.keysFollowIds = keysFollowIds(identifierType);
    const rangedFrom = this.options.rangedFrom ?? RANGED_FROM_MEMBERS;
    if (memberCount(this.db, segmentId) >= rangedFrom) {
      this.state = MemberState.loadRanged(this.db, segmentId, this.options.membersPerRange ?? RANGE_MEMBERS, this.options.fingerprintMask);
      this.spill = new RangeSpill(this.state.ranges!.starts.length);
    } else {
      this.state = MemberState.load(this.db, segmentId);
    }
    // The pages just read sit in SQLite's cache while the file is read, of no use until the write (which reads
    // them again from the OS's cache): 32 MB less at the read's peak.
    this.db.pragma('shrink_memory');
    // Read by key range, the outcomes are known only once the ranges are matched (resolveRanges makes them).
    if (!this.spill) this.outcomes = new MemberOutcomes(this.state.size);
    this.timings.matchMs += performance.now() - started;
    for (const records of unbound?.chunks ?? []) this.match(records);
    for (const customerId of unbound?.kept ?? []) this.keep(customerId);
  }

  /** Looks each row up in the state; stages (in one short transaction) the rows that change something. */
  private match(records: readonly StagedRecord[]): void {
    const started = performance.now();
    const matched = rowMatcher(this.sharedMembers, this.writeKey, { md5: false })(records);
    this.timings.matchMs += performance.now() - started;
    this.addMatched(matched, 0);
  }

  /**
   * Takes rows already matched against the state (here, or on a reader thread: imports/read-thread.ts) from part
   * `part` of the file. Parts may arrive interleaved, each in its own order: of a customer's rows, the last
   * of the latest part wins, as if the file were read from start to end.
   */
  addMatched(matched: MatchedRows, part: number): void {
    this.assertOpen();
    if (this.spill) return this.addSpilled(matched, part);
    const started = performance.now();
    const { members, kinds, newKeys, staged } = matched;
    /** Per staged row: where its key is in `newKeys` when it is a new key, else -1. */
    const newKeyOf = new Int32Array(staged.length / VALUES_PER_ROW);
    let stagedRow = 0;
    let newKey = 0;
    for (let row = 0; row < matched.rows; row++) {
      const kind = kinds[row];
      const member = members[row];
      let code = kind === SAME ? UNCHANGED : LEAVES;
      if (kind === STAGE) {
        newKeyOf[stagedRow] = member >= 0 ? -1 : newKey * KEY_WORDS;
        code = STAGED + this.stageHash(staged[stagedRow * VALUES_PER_ROW + 1] as number, staged[stagedRow++ * VALUES_PER_ROW + 2] as number);
      }
      if (member >= 0) this.noteMember(member, code, part);
      else this.pushNewKey(newKeys, newKey++ * KEY_WORDS, code, part);
    }
    this.added += matched.rows;
    this.timings.matchMs += performance.now() - started;
    this.insertStaged(staged, newKeys, newKeyOf);
  }

  /**
   * addMatched for a state loaded by key range: each row's record goes to its range's file (resolveRanges
   * matches them), a row to stage is staged now, with its key (whether it is a member's is known only then).
   */
  private addSpilled(matched: MatchedRows, part: number): void {
    const started = performance.now();
    const { kinds, newKeys: keys, staged } = matched;
    const hashes = matched.hashes!;
    const ranges = this.state!.ranges!;
    const spill = this.spill!;
    const keyOf = new Int32Array(staged.length / VALUES_PER_ROW);
    let stagedRow = 0;
    for (let row = 0; row < matched.rows; row++) {
      const at = row * KEY_WORDS;
      const range = rangeOf(ranges, keys, at);
      if (kinds[row] === MAYBE_SAME) {
        spill.add(range, keys, at, hashes[row * HASH_WORDS], hashes[row * HASH_WORDS + 1], spillTag(SPILLED_MAYBE_SAME, part));
        continue;
      }
      let code = LEAVES;
      if (kinds[row] === STAGE) {
        keyOf[stagedRow] = at;
        code = STAGED + this.stageHash(staged[stagedRow * VALUES_PER_ROW + 1] as number, staged[stagedRow++ * VALUES_PER_ROW + 2] as number);
      }
      spill.add(range, keys, at, code, 0, spillTag(SPILLED_CODE, part));
    }
    this.added += matched.rows;
    this.timings.matchMs += performance.now() - started;
    this.insertStaged(staged, keys, keyOf);
  }

  /**
   * Matches the spilled records range by range against each range's members (one sequential read of the
   * state), as addMatched and keep do with the whole index: the members' outcomes, the new keys in arrival
   * order. A row the filter let by that is not its member's own throws RangedReadMissed.
   */
  private resolveRanges(): void {
    const state = this.state!;
    const spill = this.spill!;
    state.ranges!.filter = null;
    this.outcomes = new MemberOutcomes(state.size);
    let range = 0;
    for (const { start, index } of state.rangeIndexes(this.db)) {
      for (const records of spill.take(range++)) this.resolveRecords(records, start, index);
    }
    this.resolved = true;
  }

  /** Matches spilled records against their range's members (resolveRanges). */
  private resolveRecords(records: Uint32Array, start: number, index: MemberIndex): void {
    for (let r = 0; r < records.length; r += SPILL_WORDS) {
      const local = index.find(records, r);
      const member = local < 0 ? -1 : start + local;
      const kind = records[r + 5] & 3;
      const part = records[r + 5] >>> 2;
      if (kind === SPILLED_KEPT) {
        if (member >= 0) this.outcomes.keep(member);
        else this.keptNewKeys.add(keyText(records, r));
      } else if (kind === SPILLED_MAYBE_SAME) {
        if (local < 0 || !index.sameHash(local, records, r + 3)) throw new RangedReadMissed();
        this.noteMember(member, UNCHANGED, part);
      } else if (member >= 0) {
        const code = records[r + 3];
        this.noteMember(member, code, part);
        if (code > LEAVES) this.membersStaged.push(code - STAGED);
      } else {
        this.pushNewKey(records, r, records[r + 3], part);
      }
    }
  }

  private noteMember(member: number, code: number, part: number): void {
    if (this.outcomes.note(member, code, part)) this.distinctMembers++;
  }

  /** Reserves the next staged rowid, remembering its params hash. */
  private stageHash(hashA: number, hashB: number): number {
    if (this.stagedCount === MAX_STAGED_ROWS) throw new UserError(`An import can change at most ${MAX_STAGED_ROWS} rows; split the file.`);
    if ((this.stagedCount + 1) * HASH_WORDS > this.stagedHashes.length) this.stagedHashes = grow(this.stagedHashes);
    this.stagedHashes[this.stagedCount * HASH_WORDS] = hashA;
    this.stagedHashes[this.stagedCount * HASH_WORDS + 1] = hashB;
    return ++this.stagedCount;
  }

  private pushNewKey(keys: Uint32Array, at: number, code: number, part: number): void {
    if (this.newCount === this.newCodes.length) {
      this.newKeys = grow(this.newKeys);
      this.newCodes = grow(this.newCodes);
      this.newParts = grow(this.newParts);
    }
    this.newKeys.set(keys.subarray(at, at + KEY_WORDS), this.newCount * KEY_WORDS);
    this.newParts[this.newCount] = part;
    this.newCodes[this.newCount++] = code;
  }

  /** Inserts the staged rows (all of `values`), whose rowids `stageHash` reserved, a new key's words with it. */
  private insertStaged(values: StagedValues, newKeys: Uint32Array, newKeyOf: Int32Array): void {
    const rows = values.length / VALUES_PER_ROW;
    if (rows === 0) return;
    let rowid = this.stagedCount - rows + 1;
    const insert = this.insertStagedRows;
    this.db.transaction(() => {
      for (let row = 0; row < rows; row++) {
        const at = row * VALUES_PER_ROW;
        const [customerId, json] = [values[at] as string, values[at + 4] as string];
        const md5 = (values[at + 5] as string) || hashParams(json);
        const key = newKeyOf[row];
        if (key < 0) insert.add(rowid++, customerId, md5, json, null, null, null);
        else insert.add(rowid++, customerId, md5, json, newKeys[key], newKeys[key + 1], newKeys[key + 2]);
      }
      insert.finish();
    })();
  }

  /** The change a member undergoes, or null when they stay as they are. */
  private memberChange(member: number, mode: ImportMode): keyof StatusCounts | null {
    if (this.outcomes.kept(member)) return null;
    const code = this.outcomes.code(member);
    if (code === UNCHANGED) return null;
    if (code === UNSEEN) return mode === 'snapshot' ? 'REMOVED' : null;
    return code === LEAVES ? 'REMOVED' : 'MODIFIED';
  }

  /** Whether new-key entry `entry` joins the segment (its last row was no removal, and none was rejected). */
  private joins(entry: number): boolean {
    if (this.newCodes[entry] === LEAVES) return false;
    return this.keptNewKeys.size === 0 || !this.keptNewKeys.has(keyText(this.newKeys, entry * KEY_WORDS));
  }

  /**
   * The new keys' entries sorted by key, one per key (its last row: of the latest part). The keys are sorted as 64-bit numbers
   * (first key word above the entry's index) natively, then the rare runs that share a first word by the
   * whole key.
   */
  private uniqueNewKeys(): Uint32Array {
    const n = this.newCount;
    const packed = new BigUint64Array(n);
    const halves = new Uint32Array(packed.buffer);
    for (let i = 0; i < n; i++) {
      halves[2 * i] = i;
      halves[2 * i + 1] = this.newKeys[i * KEY_WORDS];
    }
    packed.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = halves[2 * i];
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && halves[2 * end + 1] === halves[2 * start + 1]) end++;
      if (end - start > 1) order.subarray(start, end).sort((a, b) => compareKeys(this.newKeys, a, this.newKeys, b) || this.newParts[a] - this.newParts[b] || a - b);
      start = end;
    }
    // Of each run of one key, the last (latest) entry stays.
    let unique = 0;
    for (let i = 0; i < n; i++) {
      if (i + 1 < n && compareKeys(this.newKeys, order[i], this.newKeys, order[i + 1]) === 0) continue;
      order[unique++] = order[i];
    }
    return order.subarray(0, unique);
  }

  /**
   * Writes the plan in one merge of the members and the new keys in key order: the members' changes (with their
   * staged row, none when they leave) into the changes table, and the segment's new state, whose new keys' ids
   * come sorted from SQL (sortNewIds), not probed one by one. In key order, the state is walked once from start to
   * end, never probed at random.
   */
  private writeChanges(segmentId: number, mode: ImportMode): void {
    const db = this.db;
    const state = this.state!;
    const joining = this.planned!.order.filter((entry) => this.joins(entry));
    this.sortNewIds(joining);
    db.exec(`DROP TABLE IF EXISTS temp.${this.changes}; CREATE TEMP TABLE ${this.changes} (customer_id TEXT NOT NULL, staged INTEGER);`);
    const changes = new BatchedInsert(db, `temp.${this.changes} (customer_id, staged)`);
    const newIds = new SortedNewIds(db, this.newIds);
    const writer = new MemberStateWriter(db, segmentId, state.nextChunk);
    const chunks = state.takeIds(db);
    let chunk: MemberIds | null = null;
    let chunkStart = 0;
    let next = 0;
    /** Adds the joining new keys that come before the whole key at `keys[at..]` (all that are left, without one). */
    const joinNewKeysBefore = (keys?: Uint32Array, at = 0) => {
      for (; next < joining.length && (keys === undefined || compareKeys(this.newKeys, joining[next], keys, at) < 0); next++) {
        const entry = joining[next];
        const rowid = this.newCodes[entry] - STAGED;
        writer.add(this.newKeys, entry * KEY_WORDS, this.stagedHashes, (rowid - 1) * HASH_WORDS, newIds.take(rowid));
      }
    };
    for (let member = 0; member < state.size; member++) {
      if (chunk === null || member - chunkStart >= chunk.length) {
        chunkStart += chunk?.length ?? 0;
        chunk = chunks.next().value as MemberIds;
      }
      const i = member - chunkStart;
      joinNewKeysBefore(chunk.keys, i);
      const what = this.memberChange(member, mode);
      if (what === 'REMOVED') {
        changes.add(chunk.text(i), null);
        continue;
      }
      let hashes = chunk.hashes;
      let hashAt = i * HASH_WORDS;
      if (what === 'MODIFIED') {
        const rowid = this.outcomes.code(member) - STAGED;
        changes.add(chunk.text(i), rowid);
        hashes = this.stagedHashes;
        hashAt = (rowid - 1) * HASH_WORDS;
      }
      writer.addStored(chunk.keys, i * KEY_WORDS, hashes, hashAt, chunk, i);
    }
    joinNewKeysBefore();
    writer.finish();
    changes.finish();
    this.touchChanges(segmentId);
  }

  /**
   * The joining new keys' staged rows in key order (table newIds: staged rowid, customer id, params hash, params),
   * by one sort in SQL of the staged rows of new keys (a sequential read; its sorter spills to the temp file),
   * where a probe by rowid per key, in key order, was a random read of the staged table: a million of them in a
   * first import. The staged rows of new keys that do not join are listed first (losers: usually none, or the
   * duplicates). The state, the touched table and pending then read the new keys from newIds alone.
   */
  private sortNewIds(joining: Uint32Array): void {
    const db = this.db;
    const chosen = new Uint8Array(this.newCount);
    for (const entry of joining) chosen[entry] = 1;
    db.exec(`DROP TABLE IF EXISTS temp.${this.losers}; CREATE TEMP TABLE ${this.losers} (rowid INTEGER PRIMARY KEY);`);
    const losers = new BatchedInsert(db, `temp.${this.losers} (rowid)`);
    for (let entry = 0; entry < this.newCount; entry++) {
      if (chosen[entry] === 0 && this.newCodes[entry] > LEAVES) losers.add(this.newCodes[entry] - STAGED);
    }
    // Read by key range, every staged row has its key: those of members are no new keys'.
    for (const rowid of this.membersStaged) losers.add(rowid);
    losers.finish();
    inSmallSortRuns(db, () =>
      db.exec(`DROP TABLE IF EXISTS temp.${this.newIds};
        CREATE TEMP TABLE ${this.newIds} AS SELECT rowid AS staged, customer_id, params_hash, params FROM temp.${this.staged}
        WHERE k0 IS NOT NULL AND rowid NOT IN (SELECT rowid FROM temp.${this.losers}) ORDER BY k0, k1, k2;`),
    );
  }

  /**
   * The touched table, one statement for the members' changes and one for the new keys that pending or delivered
   * already knows (a member who left and comes back before that was sent): each key's new desired params (null:
   * it leaves), its delivered hash, and its desired state before (undo's before-image: its pending row, else
   * delivered). Reads only: rederivePending then writes the key's pending row, the only place its new desired
   * state lives. The other new keys (all of a first import's) go straight to pending (insertNewMembers).
   */
  private touchChanges(segmentId: number): void {
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.touched};
      CREATE TEMP TABLE ${this.touched} (customer_id TEXT PRIMARY KEY, params_hash TEXT, params TEXT, delivered_hash TEXT, before_params TEXT, before_hash TEXT) WITHOUT ROWID;`);
    const columns = `(customer_id, params_hash, params, delivered_hash, before_params, before_hash)`;
    const before = `d.params_hash,
           CASE WHEN p.customer_id IS NULL THEN d.params ELSE p.params END,
           CASE WHEN p.customer_id IS NULL THEN d.params_hash ELSE p.params_hash END`;
    const sides = (key: string) => `LEFT JOIN pending p ON p.segment_id = @segment AND p.customer_id = ${key}
         LEFT JOIN delivered d ON d.segment_id = @segment AND d.customer_id = ${key}`;
    this.db
      .prepare(
        `INSERT INTO temp.${this.touched} ${columns}
         SELECT c.customer_id, s.params_hash, s.params, ${before}
         FROM temp.${this.changes} c
         LEFT JOIN temp.${this.staged} s ON s.rowid = c.staged
         ${sides('c.customer_id')}
         ORDER BY c.rowid`,
      )
      .run({ segment: segmentId });
    this.db
      .prepare(
        `INSERT INTO temp.${this.touched} ${columns}
         SELECT n.customer_id, n.params_hash, n.params, ${before}
         FROM temp.${this.newIds} n
         ${sides('n.customer_id')}
         WHERE p.customer_id IS NOT NULL OR d.customer_id IS NOT NULL
         ORDER BY n.customer_id`,
      )
      .run({ segment: segmentId });
  }

  /**
   * The pending rows of the joining new keys that neither pending nor delivered knows (touchChanges left them
   * out): NEW by the rule, with their params, in one insert in pending's order: newIds' own (key) order where the
   * keys follow the ids, else sorted by id (into a big pending, rows in random order would each be a random write).
   */
  private insertNewMembers(connectorId: number, segmentId: number): void {
    const insert = this.db.prepare(
      `INSERT INTO pending (connector_id, segment_id, customer_id, status, params, params_hash)
       SELECT ?, ?, n.customer_id, '${NEW_KEY_STATUS}', n.params, n.params_hash FROM temp.${this.newIds} n
       WHERE n.customer_id NOT IN (SELECT customer_id FROM temp.${this.touched})
       ORDER BY ${this.keysFollowIds ? 'n.rowid' : 'n.customer_id'}`,
    );
    inSmallSortRuns(this.db, () => insert.run(connectorId, segmentId));
  }

  /**
   * Keeps, for undo (reconcile/undo.ts), the desired state each changed key had before `apply`: call it in the
   * transaction that records the import, after `apply`. Only a segment's latest import can be undone, so the
   * before-images of its earlier imports go: what is kept is bounded by one import's changes per segment.
   * An import into a segment without members keeps no rows, only imports.from_empty: its before-image is
   * "no members", and a row per new member (a million for a first import) cost more to write, and then to
   * delete with the next import, than the rest of that next import's writes.
   */
  saveBeforeImage(importId: number): void {
    sql(this.db, 'DELETE FROM import_before WHERE import_id IN (SELECT id FROM imports WHERE segment_id = ? AND id < ?)').run(this.segmentId, importId);
    if (this.state!.size === 0) {
      sql(this.db, 'UPDATE imports SET from_empty = 1 WHERE id = ?').run(importId);
      return;
    }
    this.db
      .prepare(`INSERT INTO import_before (import_id, customer_id, params, params_hash) SELECT ?, customer_id, before_params, before_hash FROM temp.${this.touched}`)
      .run(importId);
    // The new members that insertNewMembers wrote were in neither pending nor delivered: before, they were not members.
    this.db
      .prepare(
        `INSERT INTO import_before (import_id, customer_id, params, params_hash)
         SELECT ?, customer_id, NULL, NULL FROM temp.${this.newIds} WHERE customer_id NOT IN (SELECT customer_id FROM temp.${this.touched})`,
      )
      .run(importId);
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('This import was already finished or cancelled');
  }
}

/**
 * SQLite's sorter keeps up to the page cache's size in memory (32 MiB here, db/open.ts) before it writes a sorted
 * run to the temp file, and that memory came on top of an import's peak: 10 MB more at 1,000,000 rows for the
 * sort of 25,000 new keys. In 4 MiB runs, the peak is as without the sort, and a first import's million rows
 * sort no slower (measured, `npm run bench`).
 */
const SORT_RUN_KIB = 4096;

function inSmallSortRuns(db: Db, run: () => unknown): void {
  const saved = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${SORT_RUN_KIB}`);
  try {
    run();
  } finally {
    db.pragma(`cache_size = ${saved}`);
  }
}

/** The rule's change for a key with desired params that delivered does not know. */
const NEW_KEY_STATUS = changeStatus('', null);

/** Reads a newIds table (sortNewIds) in rowid order, a page at a time (a statement cannot stay open while the state is written). */
class SortedNewIds {
  private readonly page;
  private rows: Array<[number, string]> = [];
  private at = 0;
  private lastRowid = 0;

  constructor(db: Db, table: string) {
    this.page = db.prepare(`SELECT rowid, staged, customer_id FROM temp.${table} WHERE rowid > ? ORDER BY rowid LIMIT ${NEW_IDS_PAGE}`).raw(true);
  }

  /** The customer id of the next new key, whose staged row must be `stagedRowid`. */
  take(stagedRowid: number): string {
    if (this.at === this.rows.length) {
      const page = this.page.all(this.lastRowid) as Array<[number, number, string]>;
      if (page.length === 0) throw new Error('The sorted new keys ran out before the plan did');
      this.lastRowid = page[page.length - 1][0];
      this.rows = page.map(([, staged, id]) => [staged, id]);
      this.at = 0;
    }
    const [staged, customerId] = this.rows[this.at++];
    if (staged !== stagedRowid) throw new Error(`The sorted new keys disagree with the plan (staged row ${staged}, planned ${stagedRowid})`);
    return customerId;
  }
}

const NEW_IDS_PAGE = 4096;

const keyText = (keys: Uint32Array, at: number) => `${keys[at]}:${keys[at + 1]}:${keys[at + 2]}`;

function grow<T extends Uint32Array | Int32Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Rows to stage as flat column values, VALUES_PER_ROW a row: customer id, the params' state hash (two words),
 * remove (0 or 1), params JSON, and its MD5 (params.ts, what pending and delivered compare), or '' when the
 * stager is to compute it (matchRows).
 */
export type StagedValues = Array<string | number>;
export const VALUES_PER_ROW = 6;

/**
 * What a row does to the state: a member's row with their params as stored, a row that leaves, one to stage,
 * or (read against a MemberFilter) maybe a member's own row, to be confirmed by key range.
 */
export const SAME = 0;
export const LEAVE = 1;
export const STAGE = 2;
export const MAYBE_SAME = 3;

/** A chunk of rows matched against the segment's members (matchRows), as `addMatched` takes it. */
export interface MatchedRows {
  rows: number;
  /** Per row: the member with its key, or -1 for a key the segment does not have. */
  members: Int32Array;
  /** Per row: SAME, LEAVE or STAGE. */
  kinds: Uint8Array;
  /** The keys of the rows whose member is -1, in row order (KEY_WORDS each): every row's, read against a filter. */
  newKeys: Uint32Array;
  /** The values of the STAGE rows, in row order. */
  staged: StagedValues;
  /** Read against a filter: every row's params hash (HASH_WORDS each; a leaving row's is 0). */
  hashes?: Uint32Array;
}

/** The members as reader threads share them: the index of them all, or a large segment's filter (MemberFilter). */
export type SharedMembers =
  | { kind: 'index'; size: number; tails: Uint32Array; hashes: Uint32Array; buckets: Uint32Array }
  | { kind: 'filter'; size: number; prints: Uint32Array; buckets: Uint32Array; mask: number };

/** How a chunk of rows is matched against shared members (here or on a reader thread). */
export function rowMatcher(shared: SharedMembers, writeKey: KeyWriter, options = { md5: true }): (records: readonly StagedRecord[]) => MatchedRows {
  if (shared.kind === 'filter') {
    const filter = new MemberFilter(shared.size, shared.prints, shared.buckets, shared.mask);
    return (records) => matchRowsAgainstFilter(filter, writeKey, records, options);
  }
  const index = new MemberIndex(shared.size, shared.tails, shared.hashes, shared.buckets);
  return (records) => matchRows(index, writeKey, records, options);
}

/**
 * As matchRows, against a large segment's filter: a row it lets by is MAYBE_SAME (its key and hash kept, to be
 * confirmed by key range), any other row is staged as it is read. Every row's key is kept (`newKeys`).
 */
export function matchRowsAgainstFilter(filter: MemberFilter, writeKey: KeyWriter, records: readonly StagedRecord[], options = { md5: true }): MatchedRows {
  const rows = records.length;
  const kinds = new Uint8Array(rows);
  const keys = new Uint32Array(rows * KEY_WORDS);
  const hashes = new Uint32Array(rows * HASH_WORDS);
  const staged: StagedValues = [];
  for (let row = 0; row < rows; row++) {
    const record = records[row];
    const [key, hash] = [row * KEY_WORDS, row * HASH_WORDS];
    writeKey(record.customerId, keys, key);
    if (record.action === 'remove') {
      kinds[row] = LEAVE;
      continue;
    }
    if (record.stateHashA !== undefined && record.stateHashB !== undefined) [hashes[hash], hashes[hash + 1]] = [record.stateHashA, record.stateHashB];
    else writeStateHash(record.params, hashes, hash);
    if (filter.mayHave(keys, key, hashes, hash)) {
      kinds[row] = MAYBE_SAME;
      continue;
    }
    kinds[row] = STAGE;
    const json = paramsJson(record.params);
    staged.push(record.customerId, hashes[hash], hashes[hash + 1], 0, json, options.md5 ? hashParams(json) : '');
  }
  return { rows, members: new Int32Array(rows).fill(-1), kinds, newKeys: keys, staged, hashes };
}

/**
 * Matches each row against the members: pure, so a reader thread can run it on the shared index. A row's
 * JSON is written only for the rows to stage (most rows of most imports change nothing), and its MD5 too on a
 * reader thread (`md5`), which so takes its share off the thread that stages; that thread hashes its own rows as it
 * inserts them, right before the text is garbage (kept with the chunk instead, its peak measured 5-15 MB higher).
 */
export function matchRows(index: MemberIndex, writeKey: KeyWriter, records: readonly StagedRecord[], options = { md5: true }): MatchedRows {
  const rows = records.length;
  const members = new Int32Array(rows);
  const kinds = new Uint8Array(rows);
  const keys = new Uint32Array(rows * KEY_WORDS);
  const hash = new Uint32Array(HASH_WORDS);
  const staged: StagedValues = [];
  let newKeys = 0;
  for (let row = 0; row < rows; row++) {
    const record = records[row];
    const key = newKeys * KEY_WORDS;
    writeKey(record.customerId, keys, key);
    const member = index.find(keys, key);
    members[row] = member;
    if (member < 0) newKeys++;
    if (record.action === 'remove') {
      kinds[row] = LEAVE;
      continue;
    }
    if (record.stateHashA !== undefined && record.stateHashB !== undefined) [hash[0], hash[1]] = [record.stateHashA, record.stateHashB];
    else writeStateHash(record.params, hash, 0);
    if (member >= 0 && index.sameHash(member, hash, 0)) {
      kinds[row] = SAME;
      continue;
    }
    kinds[row] = STAGE;
    const json = paramsJson(record.params);
    staged.push(record.customerId, hash[0], hash[1], 0, json, options.md5 ? hashParams(json) : '');
  }
  return { rows, members, kinds, newKeys: keys.subarray(0, newKeys * KEY_WORDS), staged };
}

/** The touched table's change of a key, by the reconciliation rule (a null hash: no row on that side). */
const TOUCHED_STATUS = changeStatusSql({
  desiredExists: 'params_hash IS NOT NULL',
  desiredHash: 'params_hash',
  deliveredExists: 'delivered_hash IS NOT NULL',
  deliveredHash: 'delivered_hash',
});

/**
 * For every changed key (a touched table: customer_id, its new desired params_hash and params, NULL when it
 * leaves, and its delivered_hash): the pending change is the difference between the new desired hash and the
 * delivered hash, both already in the touched table (no second look-up in delivered). The pending row carries
 * the new desired params (desired_state, migration 013): a key whose desired state now equals delivered loses
 * its row, unless an unacknowledged batch carries it, which keeps its row (the acknowledgement re-derives it)
 * with the new params. A changed key that a 400 held back is released, since its data changed.
 */
export function rederivePending(db: Db, touched: string, connectorId: number, segmentId: number): void {
  db.prepare(
    `DELETE FROM pending WHERE segment_id = ? AND NOT ${inFlight('pending')} AND customer_id IN (
       SELECT customer_id FROM temp.${touched} WHERE ${TOUCHED_STATUS} IS NULL)`,
  ).run(segmentId);
  db.prepare(
    `UPDATE pending SET (params, params_hash) = (SELECT t.params, t.params_hash FROM temp.${touched} t WHERE t.customer_id = pending.customer_id)
     WHERE segment_id = ? AND ${inFlight('pending')} AND customer_id IN (SELECT customer_id FROM temp.${touched} WHERE ${TOUCHED_STATUS} IS NULL)`,
  ).run(segmentId);
  db.prepare(
    `INSERT INTO pending (connector_id, segment_id, customer_id, status, params, params_hash)
     SELECT ?, ?, customer_id, status, params, params_hash
     FROM (SELECT customer_id, ${TOUCHED_STATUS} AS status, params, params_hash FROM temp.${touched}) WHERE status IS NOT NULL
     ON CONFLICT (segment_id, customer_id) DO UPDATE SET
       status = excluded.status, params = excluded.params, params_hash = excluded.params_hash, held_by = NULL`,
  ).run(connectorId, segmentId);
}
