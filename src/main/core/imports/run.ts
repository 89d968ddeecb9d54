/**
 * One import, start to finish: the file streamed through the reader into the segment's staging table,
 * then applied in one transaction. Any error or a cancel before that leaves the segment exactly as it was.
 */
import { join } from 'node:path';
import type { Db } from '../db/open';
import type { IdentifierType, ImportOptions, ImportProgress, ImportResult } from '../../../shared/model';
import { dataFiles } from '../paths';
import { SegmentStaging } from '../reconcile/staging';
import { readInWorker } from './read-thread';
import { NoValidRowsError, openImport, type ReadOptions } from './records';
import { RejectsWriter, type RejectedRow } from './rejects';

export interface ImportTarget {
  connectorId: number;
  connectorName: string;
  identifierType: IdentifierType;
  segmentId: number;
  segmentName: string;
}

export interface ImportHooks {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * Where the file is parsed: in this thread (the default), or on a worker thread while this one stages.
   * The thread is opt-in: on the 2-vCPU benchmark machine it was ~10% slower (the two vCPUs share a core,
   * and copying the records between threads costs what the overlap saves); see read-thread.ts.
   */
  reader?: 'inline' | 'thread';
}

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
    valueMaps: options.valueMaps,
    dateOrder: options.dateOrder,
  };
  const reader = await openImport(options.file, readOptions);
  const summary = reader.summary;
  const mode = summary.mode;
  const rejectsFile = options.rejectsFile ?? defaultRejectsFile(ctx.dataDir, target.segmentName);
  const rejectHeader = summary.format === 'csv' ? summary.headers : ['record'];
  const rejects = new RejectsWriter(rejectsFile, rejectHeader, summary.delimiter ?? ',');
  const staging = new SegmentStaging(ctx.db);
  try {
    const readHooks = { ...hooks, onReject: (row: RejectedRow) => rejects.add(row) };
    if (hooks.reader === 'thread') {
      // The worker parses, hashes and encodes the next chunk while this thread stages the last one.
      for await (const values of readInWorker(reader, { file: options.file, options: readOptions }, readHooks)) {
        staging.addValues(values);
        await rejects.drain();
      }
    } else {
      for await (const chunk of reader.records(readHooks)) {
        staging.add(chunk);
        await rejects.drain();
      }
    }
    // The rejects file is complete before anything is stored: a failure to write it changes nothing.
    await rejects.close();
    // The segment's new state and the record of the import that made it commit together.
    return ctx.db.transaction(() => {
      const pending = staging.apply(target.segmentId, mode);
      const duplicates = staging.duplicates;
      const result: ImportResult = {
        file: options.file,
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
        duplicates,
        rejectsFile: rejects.written ? rejectsFile : null,
        hints: summary.hints,
        warnings: summary.warnings,
        pending,
        durationMs: Math.round(performance.now() - started),
      };
      recordImport(ctx.db, target.segmentId, result, (ctx.now ?? Date.now)());
      return result;
    }).immediate();
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

/** `<dataDir>/rejects/<yyyymmdd-hhmmss>-<segment>.rejects.csv`, the segment name made safe for a file name. */
export function defaultRejectsFile(dataDir: string, segmentName: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const safe = segmentName.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'segment';
  return join(dataFiles(dataDir).rejects, `${stamp}-${safe}.rejects.csv`);
}

function recordImport(db: Db, segmentId: number, result: ImportResult, finishedAt: number): void {
  const changed = result.pending.NEW + result.pending.MODIFIED + result.pending.REMOVED;
  db.prepare(
    `INSERT INTO imports (segment_id, file, mode, rows_read, rejected, duplicates, changed, rejects_file, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(segmentId, result.file, result.mode, result.rowsRead, result.rejected, result.duplicates, changed, result.rejectsFile, finishedAt);
}
