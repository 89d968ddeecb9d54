/**
 * Watched folders: each new or replaced file in a watched folder (or the one watched file) is imported into
 * the watch's segment once it is complete, with the options stored with the watch and the same guards as a
 * manual import. A refused import is recorded and announced as a 'watch' event; it sends nothing, since an
 * import either applies whole or not at all. Runs only where the scheduler runs (run, serve, the app).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import type { Db } from '../db/open';
import type { Connectors } from '../connectors/connectors';
import { UserError, notFound, saidError } from '../errors';
import { said } from '../../../shared/messages';
import type { EngineEvent } from '../../../shared/api';
import { watchInputSchema, type ImportOptions, type ImportResult, type WatchInput, type WatchResult, type WatchView } from '../../../shared/model';
import { fileNameMatches } from './glob';
import { facts, sha256File, whenSettled } from './settle';
import { deleteWatch, fileRecord, insertWatch, recordFile, refreshFileFacts, watchOfSegment, watchRow, watchRows, watchView, type WatchMessage, type WatchRow } from './store';

export interface WatchDeps {
  db: Db;
  now: () => number;
  connectors: Connectors;
  importFile(options: ImportOptions & { jobId: string }): Promise<ImportResult>;
  cancelImport(jobId: string): void;
  emit(event: EngineEvent): void;
  /** How long a file's size and mtime must stay the same before it counts as complete. */
  settleMs: number;
  /** How often a running service looks for watches added or removed by another process (the CLI). */
  syncMs?: number;
}

/** Which watch to remove: by id, or by the segment it fills. */
export type WatchRef = { id: number } | { connector: string; segment: string };

interface Armed {
  watcher: FSWatcher;
  abort: AbortController;
  /** Files waiting to be looked at, in arrival order; one file of a watch is handled at a time. */
  queued: Set<string>;
  queue: Promise<void>;
}

export class Watches {
  private readonly armed = new Map<number, Armed>();
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: WatchDeps) {}

  get isRunning(): boolean {
    return this.syncTimer !== null;
  }

  list(): WatchView[] {
    return watchRows(this.deps.db).map((row) => watchView(this.deps.db, row));
  }

  /** Adds a watch. Files already there are noted and left alone: only files that arrive or change afterwards are imported. */
  add(input: WatchInput): WatchView {
    const { connector: connectorName, segment: segmentName, path: givenPath, pattern, ...options } = watchInputSchema.parse(input);
    const connector = this.deps.connectors.get(connectorName);
    const path = resolve(givenPath);
    const kind = watchKind(path, pattern);
    const segment = this.deps.connectors.ensureSegment(connector, segmentName);
    const existing = watchOfSegment(this.deps.db, segment.id);
    if (existing) {
      throw saidError('watchedAlready', { connector: existing.connector, segment: existing.segment, id: existing.id, path: existing.path }, 'conflict');
    }
    const now = this.deps.now();
    const id = this.deps.db.transaction(() => {
      const watchId = insertWatch(this.deps.db, { segmentId: segment.id, path, kind, pattern: pattern ?? null, options: JSON.stringify(options), createdAt: now });
      for (const file of filesPresent(path, kind, pattern ?? null)) recordFile(this.deps.db, watchId, { ...file, sha256: '' }, 'existing', { text: 'There when the watch was added', message: null }, now);
      return watchId;
    })();
    if (this.isRunning) this.sync();
    return watchView(this.deps.db, watchRow(this.deps.db, id)!);
  }

  remove(ref: WatchRef): WatchView {
    const row = 'id' in ref ? watchRow(this.deps.db, ref.id) : this.ofSegment(ref.connector, ref.segment);
    if (!row) throw notFound('id' in ref ? `There is no watch ${ref.id}.` : `${ref.connector} / ${ref.segment} has no watch.`);
    const view = watchView(this.deps.db, row);
    deleteWatch(this.deps.db, row.id);
    if (this.isRunning) this.sync();
    return view;
  }

  /** Starts watching every watch in the database, and keeps in step with watches added or removed elsewhere. */
  start(): void {
    if (this.isRunning) return;
    this.syncTimer = setInterval(() => this.sync(), this.deps.syncMs ?? 5000);
    this.syncTimer.unref();
    this.sync();
  }

  /** Stops watching. An import under way is cancelled (the segment stays as it was) and tried again at the next start. */
  async stop(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
    await Promise.all([...this.armed.keys()].map((id) => this.disarm(id)));
  }

  private ofSegment(connectorName: string, segmentName: string): WatchRow | undefined {
    const connector = this.deps.connectors.get(connectorName);
    const segment = this.deps.connectors.segments(connector.id).find((s) => s.name === segmentName.trim());
    return segment ? watchOfSegment(this.deps.db, segment.id) : undefined;
  }

  private sync(): void {
    if (!this.deps.db.open) return;
    const rows = watchRows(this.deps.db);
    const wanted = new Set(rows.map((r) => r.id));
    for (const id of this.armed.keys()) if (!wanted.has(id)) void this.disarm(id);
    for (const row of rows) if (!this.armed.has(row.id)) this.arm(row);
  }

  private arm(row: WatchRow): void {
    const folder = row.kind === 'folder' ? row.path : dirname(row.path);
    const wants = (file: string) =>
      row.kind === 'folder' ? dirname(resolve(file)) === folder && fileNameMatches(row.pattern, basename(file)) : resolve(file) === row.path;
    const watcher = chokidarWatch(folder, { depth: 0, ignoreInitial: false, ignorePermissionErrors: true });
    const armed: Armed = { watcher, abort: new AbortController(), queued: new Set(), queue: Promise.resolve() };
    const arrived = (file: string) => {
      if (!wants(file) || armed.queued.has(resolve(file))) return;
      armed.queued.add(resolve(file));
      armed.queue = armed.queue.then(() => this.handle(row.id, resolve(file), armed)).catch((error: unknown) => this.report(row.id, error));
    };
    watcher.on('add', arrived).on('change', arrived).on('error', (error) => this.report(row.id, error));
    this.armed.set(row.id, armed);
  }

  private async disarm(id: number): Promise<void> {
    const armed = this.armed.get(id);
    if (!armed) return;
    this.armed.delete(id);
    armed.abort.abort();
    this.deps.cancelImport(jobIdOf(id));
    await armed.watcher.close();
    await armed.queue;
  }

  /** One file, once complete: imported unless this very file (size, mtime, content) was handled before. */
  private async handle(watchId: number, path: string, armed: Armed): Promise<void> {
    // Files handled before (every file at a restart) are passed over at once, without waiting for them to settle.
    const first = await facts(path);
    const settled = first && !this.handledBefore(watchId, path, first) ? await whenSettled(path, this.deps.settleMs, armed.abort.signal) : null;
    armed.queued.delete(path);
    const row = watchRow(this.deps.db, watchId);
    if (!settled || !row || armed.abort.signal.aborted || this.handledBefore(watchId, path, settled)) return;
    const file = { path, ...settled, sha256: await sha256File(path) };
    if (this.handledBefore(watchId, path, file)) return refreshFileFacts(this.deps.db, watchId, file);
    const { result, told } = await this.importOne(row, path);
    if (armed.abort.signal.aborted) return; // cancelled by stop(): not handled, so tried again next start
    recordFile(this.deps.db, watchId, file, result, told, this.deps.now());
    this.deps.emit({ type: 'watch', watch: watchView(this.deps.db, row) });
  }

  /**
   * Whether this file was handled before (imported, refused, or there when the watch was added): the same size and mtime, or (given its sha-256)
   * the same content. An unexpected failure (a locked database, a full disk) is tried again.
   */
  private handledBefore(watchId: number, path: string, file: { size: number; mtimeMs: number; sha256?: string }): boolean {
    const before = fileRecord(this.deps.db, watchId, path);
    if (!before || before.result === 'failed') return false;
    return file.sha256 !== undefined ? before.sha256 === file.sha256 : before.size === file.size && before.mtimeMs === file.mtimeMs;
  }

  private async importOne(row: WatchRow, file: string): Promise<{ result: WatchResult; told: WatchMessage }> {
    const options = JSON.parse(row.options) as Omit<ImportOptions, 'file' | 'connector' | 'segment'>;
    try {
      const r = await this.deps.importFile({ ...options, file, connector: row.connector, segment: row.segment, jobId: jobIdOf(row.id) });
      return { result: 'imported', told: importSummary(r) };
    } catch (error) {
      // A UserError is the import saying no (a guard, a bad file): nothing was applied, so nothing is sent.
      if (error instanceof UserError) return { result: 'refused', told: { text: error.message, message: error.sentence ?? null } };
      return { result: 'failed', told: said('watchUnexpected', { problem: (error as Error).message }) };
    }
  }

  private report(watchId: number, error: unknown): void {
    const row = this.deps.db.open ? watchRow(this.deps.db, watchId) : undefined;
    if (row) this.deps.emit({ type: 'watch', watch: watchView(this.deps.db, row), problem: (error as Error).message });
  }
}

const jobIdOf = (watchId: number) => `watch-${watchId}`;

/** What a watch says of a file it imported: its counts, as a message. */
export function importSummary(r: ImportResult): WatchMessage {
  return said('watchImported', { rowsRead: r.rowsRead, rejected: r.rejected, new: r.pending.NEW, modified: r.pending.MODIFIED, removed: r.pending.REMOVED });
}

/** A folder, or one file: an existing file, or a name in an existing folder (tonight's export). */
function watchKind(path: string, pattern: string | undefined): 'folder' | 'file' {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return 'folder';
  if (pattern) throw saidError('watchPatternNotFolder', { path }, 'invalid-input');
  if (stats?.isFile()) return 'file';
  if (stats) throw saidError('watchNeitherFolderNorFile', { path }, 'invalid-input');
  if (statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) return 'file';
  throw saidError('watchNoSuchPath', { path, folder: dirname(path) }, 'invalid-input');
}

function filesPresent(path: string, kind: 'folder' | 'file', pattern: string | null): Array<{ path: string; size: number; mtimeMs: number }> {
  const paths = kind === 'file' ? [path] : readdirSync(path).filter((name) => fileNameMatches(pattern, name)).map((name) => join(path, name));
  return paths.flatMap((file) => {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats?.isFile() ? [{ path: file, size: stats.size, mtimeMs: Math.trunc(stats.mtimeMs) }] : [];
  });
}
