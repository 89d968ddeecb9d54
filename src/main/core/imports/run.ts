/**
 * One import, start to finish: the file streamed through the reader into the segment's staging table,
 * then applied in one transaction. Any error or a cancel before that leaves the segment exactly as it was.
 */
import { join } from 'node:path';
import type { Db } from '../db/open';
import type { IdentifierType, ImportOptions, ImportProgress, ImportResult } from '../../../shared/model';
import { dataFiles } from '../paths';
import { RangedReadMissed, SegmentStaging, type StagingOptions, type StagingPlan } from '../reconcile/staging';
import { saidError } from '../errors';
import { REMOVALS_NEED_CONFIRMATION } from '../../../shared/api';
import { formatOf } from './formats';
import { partsFor, readInParts } from './read-thread';
import { NoValidRowsError, openImport, type ReadOptions } from './records';
import { RejectsWriter, type RejectedRow } from './rejects';
import { sql } from '../db/sql';

export interface ImportTarget {
  connectorId: number;
  connectorName: string;
  identifierType: IdentifierType;
  segmentId: number;
  segmentName: string;
  /** The operator's name for the file, when the file read is a copy (a console upload): recorded and returned. */
  fileName?: string;
}

export interface ImportHooks {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * How the file is read: in parts at once, on worker threads beside this one, where the file is big and the
   * machine has the cores (the default, read-thread.ts); 'inline': in this thread alone; 'parts': in parts
   * whatever the file's size (the tests compare it with 'inline').
   */
  reader?: 'inline' | 'parts';
  /** How a large segment is read by key range (reconcile/staging.ts StagingOptions; the tests lower its threshold). */
  staging?: StagingOptions;
  /** Where the time went, once the import is stored (the benchmark prints it). */
  onTimings?: (timings: ImportTimings) => void;
}

/**
 * Milliseconds: reading (decode, parse, convert, the identifier's SHA-256), matching rows against the state
 * (loading it included), planning, writing pending and the state, and the commit.
 */
export interface ImportTimings {
  /** How the file was read: in this many parts at once (1: in one thread), and whether it was read again in one thread. */
  parts: number;
  readAgain: boolean;
  /** The segment was read by key range: in this many (0: as a whole). */
  ranges: number;
  readMs: number;
  matchMs: number;
  planMs: number;
  writeMs: number;
  commitMs: number;
}

/** A snapshot may remove at most this many members without the guard looking at the share. */
const REMOVALS_ALWAYS_ALLOWED = 49;

export async function runImport(
  ctx: { db: Db; dataDir: string; now?: () => number },
  target: ImportTarget,
  options: ImportOptions,
  hooks: ImportHooks = {},
): Promise<ImportResult> {
  const started = performance.now();
  const readOptions: ReadOptions = {
    identifierType: target.identifierType,
    mode: options.mode,
    idColumn: options.idColumn,
    columns: options.columns,
    types: options.types,
    map: options.map,
    actionColumn: options.actionColumn,
    encoding: options.encoding,
    format: options.format,
    valueMaps: options.valueMaps,
    dateOrder: options.dateOrder,
  };
  const rejectsFile = options.rejectsFile ?? defaultRejectsFile(ctx.dataDir, target.segmentName);
  let stagingOptions = hooks.staging ?? {};
  /** The reader, the staging it fills and the rejects file it writes: made again when a read must start over. */
  const begin = async () => {
    const reader = await openImport(options.file, readOptions);
    const { format, headers, delimiter } = reader.summary;
    const rejects = new RejectsWriter(rejectsFile, formatOf(format).rejectsHeader(headers), delimiter ?? ',');
    const staging = new SegmentStaging(ctx.db, target.segmentId, stagingOptions);
    const onReject = (row: RejectedRow) => {
      rejects.add(row);
      // A rejected row of a member keeps that member as they were: a malformed line never removes anyone.
      if (row.customerId !== undefined) staging.keep(row.customerId);
    };
    return { reader, rejects, staging, readHooks: { ...hooks, onReject } };
  };
  let { reader, rejects, staging, readHooks } = await begin();
  let readMs = 0;
  /** Reads the file into the staging; says in how many parts, and whether a read in parts started over. */
  const readAll = async () => {
    const readStarted = performance.now();
    const parts = hooks.reader === 'inline' ? 1 : hooks.reader === 'parts' ? 2 : partsFor(reader.layout.totalBytes);
    const inParts = parts > 1 ? await readInParts(reader, staging, { file: options.file, options: readOptions, parts }, readHooks, () => rejects.drain()) : 'whole';
    if (inParts === 'again') {
      staging.dispose();
      await rejects.discard();
      ({ reader, rejects, staging, readHooks } = await begin());
    }
    if (inParts !== 'read') {
      for await (const chunk of reader.records(readHooks)) {
        staging.add(chunk);
        await rejects.drain();
      }
    }
    readMs += performance.now() - readStarted - staging.timings.matchMs;
    return { parts, inParts };
  };
  try {
    let { parts, inParts } = await readAll();
    const mode = reader.summary.mode;
    let plan: StagingPlan;
    try {
      plan = staging.plan(target.segmentId, mode);
    } catch (error) {
      if (!(error instanceof RangedReadMissed)) throw error;
      // Rare (see RangedReadMissed): the file again, against the index of all members.
      staging.dispose();
      await rejects.discard();
      stagingOptions = { ...stagingOptions, rangedFrom: Number.POSITIVE_INFINITY };
      ({ reader, rejects, staging, readHooks } = await begin());
      ({ parts, inParts } = await readAll());
      plan = staging.plan(target.segmentId, mode);
    }
    const summary = reader.summary;
    // The rejects file is complete before anything is stored: a failure to write it changes nothing.
    await rejects.close();
    if (mode === 'snapshot' && !options.allowRemovals) refuseMassRemoval(ctx.db, target, plan);
    // The segment's new state and the record of the import that made it commit together.
    let applied = 0;
    const stored = ctx.db.transaction(() => {
      const pending = staging.apply(target.segmentId, mode);
      const duplicates = staging.duplicates;
      const result: ImportResult = {
        file: target.fileName ?? options.file,
        connector: target.connectorName,
        segment: target.segmentName,
        mode,
        encoding: summary.encoding,
        delimiter: summary.delimiter,
        format: summary.format,
        idColumn: summary.idColumn,
        columns: summary.columns,
        rowsRead: summary.rowsRead,
        rejected: summary.rejected,
        keptByRejects: plan.kept,
        duplicates,
        rejectsFile: rejects.written ? rejectsFile : null,
        hints: summary.hints,
        warnings: summary.warnings,
        warningMessages: summary.warningMessages,
        pending,
        durationMs: Math.round(performance.now() - started),
      };
      staging.saveBeforeImage(recordImport(ctx.db, target.segmentId, result, (ctx.now ?? Date.now)()));
      applied = performance.now();
      return result;
    }).immediate();
    hooks.onTimings?.({ parts: inParts === 'read' ? parts : 1, readAgain: inParts === 'again', ranges: staging.ranges, readMs, ...staging.timings, commitMs: performance.now() - applied });
    return stored;
  } catch (error) {
    if (error instanceof NoValidRowsError && rejects.written) {
      // The rejects are exactly what the operator needs to see why the file was refused: keep them.
      await rejects.close().catch(() => undefined);
      throw new NoValidRowsError(`${error.message} The rejected rows and their reasons are in ${rejectsFile}`);
    }
    await rejects.discard();
    throw error;
  } finally {
    staging.dispose();
  }
}

/**
 * Issue 9: a truncated or wrong export is the classic way to wipe a segment. A snapshot that would remove
 * more than the segment's share (removal_guard_percent, 25% by default) of its members, and at least 50,
 * is refused before anything is written, unless the operator allows the removals.
 */
export function refuseMassRemoval(db: Db, target: Pick<ImportTarget, 'segmentId' | 'segmentName'>, plan: Pick<StagingPlan, 'REMOVED' | 'members'>): void {
  const percent = sql(db, 'SELECT removal_guard_percent FROM segments WHERE id = ?', 'pluck').get(target.segmentId) as number;
  if (plan.REMOVED <= REMOVALS_ALWAYS_ALLOWED || plan.REMOVED * 100 <= plan.members * percent) return;
  const share = Math.round((plan.REMOVED * 100) / plan.members);
  throw saidError('removalGuard', { removing: plan.REMOVED, members: plan.members, segment: target.segmentName, share, percent }, REMOVALS_NEED_CONFIRMATION, {
    removed: plan.REMOVED,
    members: plan.members,
    percent,
  });
}

/** `<dataDir>/rejects/<yyyymmdd-hhmmss>-<segment>.rejects.csv`, the segment name made safe for a file name. */
export function defaultRejectsFile(dataDir: string, segmentName: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const safe = segmentName.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'segment';
  return join(dataFiles(dataDir).rejects, `${stamp}-${safe}.rejects.csv`);
}

/** Records the import with the segment's state version it left (undo checks it), and returns its id. */
function recordImport(db: Db, segmentId: number, result: ImportResult, finishedAt: number): number {
  const changed = result.pending.NEW + result.pending.MODIFIED + result.pending.REMOVED;
  const inserted = sql(
      db,
      `INSERT INTO imports (segment_id, file, mode, rows_read, rejected, duplicates, changed, rejects_file, finished_at, state_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT state_version FROM segments WHERE id = ?))`,
    )
    .run(segmentId, result.file, result.mode, result.rowsRead, result.rejected, result.duplicates, changed, result.rejectsFile, finishedAt, segmentId);
  return Number(inserted.lastInsertRowid);
}
