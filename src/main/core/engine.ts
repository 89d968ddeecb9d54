import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from './db/open';
import { Connectors } from './connectors/connectors';
import { FileSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { dataFiles } from './paths';
import { runImport } from './imports/run';
import { UserError } from './errors';
import { inWords } from './db/errors';
import { Maintenance, type MaintenanceOptions } from './maintenance/maintenance';
import { findBackup, markInUse, otherUsers, putInPlace, undoPutInPlace } from './maintenance/backup';
import { Delivery, Scheduler, deliveryDepsOf, describeHolder } from './delivery';
import { connectorLease, leasesHeldByOthers } from './delivery/lease';
import { deliveryOutlook } from './delivery/outlook';
import { Watches } from './watches/service';
import type { EngineEvent } from '../../shared/api';
import { importOptionsSchema, type BackupRestored, type ImportOptions, type ImportResult } from '../../shared/model';

export interface EngineOptions {
  dataDir: string;
  /** Where tokens are kept; a user-only file in the data folder by default (headless use). */
  secrets?: SecretStore;
  now?: () => number;
  /** better-sqlite3's native module for the runtime, when it is not the one npm built for Node. */
  nativeBinding?: string;
  /** Retention and daily backups on a timer (on by default; tests that drive them step by step turn it off). */
  maintenance?: MaintenanceOptions | false;
  /** How long a watched file must stay unchanged before it is imported (default 3 s). */
  watchSettleMs?: number;
}

/**
 * The engine: one database, the connectors, imports into desired state and the delivery of pending changes.
 * Plain Node, used alike by the CLI, the loopback console and the desktop app's engine process.
 */
export class Engine {
  // The database and the parts built on it are replaced together when a backup is restored (openParts).
  db!: Db;
  connectors!: Connectors;
  readonly secrets: SecretStore;
  readonly now: () => number;
  /** Sends pending changes: flush, preview, retries, the attempt log and the queue view. */
  delivery!: Delivery;
  /** Flushes each connector when it is due; started by the long-running transports (run, serve, the app). */
  scheduler!: Scheduler;
  /** Retention steps and the daily backup, on a timer that never keeps the process alive. */
  maintenance!: Maintenance;
  private readonly releaseFolder: () => void;
  /** Watched folders; started, like the scheduler, by the long-running transports only. */
  watches!: Watches;
  private readonly emitter = new EventEmitter();
  private readonly runningImports = new Map<string, AbortController>();
  /** Set while a restore swaps the database: calls that arrive meanwhile wait for it (see createHandlers). */
  restoring: Promise<unknown> | null = null;

  constructor(readonly dataDir: string, private readonly options: Omit<EngineOptions, 'dataDir'> = {}) {
    const files = dataFiles(dataDir);
    this.now = options.now ?? Date.now;
    this.secrets = options.secrets ?? new FileSecretStore(files.secrets);
    this.emitter.setMaxListeners(0);
    this.openParts();
    this.releaseFolder = markInUse(dataDir);
  }

  /** Opens (and migrates, and checks) the database, and builds every part that holds it. */
  private openParts(): void {
    const { dataDir, options } = this;
    try {
      this.db = openDatabase(dataFiles(dataDir).database, { nativeBinding: options.nativeBinding });
    } catch (error) {
      throw inWords(error, dataDir);
    }
    this.connectors = new Connectors(this.db, this.secrets, this.now, (record) =>
      this.emit({ type: 'connector', connector: this.connectors.view(record) }),
    );
    this.delivery = new Delivery({ ...deliveryDepsOf(this), nativeBinding: options.nativeBinding });
    this.scheduler = new Scheduler(this.delivery);
    this.watches = new Watches({
      db: this.db,
      now: this.now,
      connectors: this.connectors,
      importFile: (input) => this.importFile(input),
      cancelImport: (jobId) => void this.cancelImport(jobId),
      emit: (event) => this.emit(event),
      settleMs: options.watchSettleMs ?? 3000,
    });
    // A failed backup or retention step is retried at the next look; it is said, not thrown at whoever is working.
    const onError = (error: unknown) => console.warn(`Upkeep of the data folder: ${(inWords(error, dataDir) as Error).message}`);
    this.maintenance = new Maintenance(this.db, dataDir, this.now, { onError, ...(options.maintenance || {}) });
    const readOnly = this.db.readonly || this.db.pragma('query_only', { simple: true }) === 1;
    if (options.maintenance !== false && !readOnly) this.maintenance.start();
  }

  /**
   * Puts a listed backup in place of the database while the engine runs (the screens' Restore): sending,
   * watches and upkeep stop, the database closes, the backup takes its place (the replaced database is kept
   * beside it), the database reopens (migrated and checked) and what ran runs again. Refused while another
   * process sends, imports or has the folder open; when anything fails, the database the engine had is open again.
   */
  async restoreBackup(name: string): Promise<BackupRestored> {
    const backup = findBackup(this.dataDir, name);
    this.refuseRestoreWhileBusy();
    let finished: () => void = () => undefined;
    this.restoring = new Promise<void>((resolve) => (finished = resolve));
    try {
      const resume = await this.stopParts();
      let keptAs: string | null;
      try {
        keptAs = putInPlace(this.dataDir, backup.file, this.now()).keptAs;
      } catch (error) {
        this.reopen(resume);
        throw error;
      }
      try {
        this.reopen(resume);
      } catch (error) {
        await this.stopParts(); // whatever of the restored database did start
        if (keptAs) undoPutInPlace(this.dataDir, keptAs);
        this.reopen(resume);
        const reason = (inWords(error, this.dataDir) as Error).message.replace(/\.$/, '');
        throw new UserError(`"${name}" could not be opened in place of the database (${reason}); the database you had is back, unchanged.`);
      }
      return { restored: backup, keptAs };
    } finally {
      this.restoring = null;
      finished();
    }
  }

  /** A restore waits for nobody: it is refused, with who is busy, while an import runs or another process works. */
  private refuseRestoreWhileBusy(): void {
    if (this.runningImports.size > 0) throw new UserError('An import is running: let it finish (or cancel it), then restore.', 'conflict');
    const names = new Map(this.connectors.list().map((c) => [connectorLease(c.id), `sending for "${c.name}"`]));
    const lease = leasesHeldByOthers(this.db, this.delivery.holder)[0];
    if (lease) {
      const doing = names.get(lease.name) ?? 'running the scheduler';
      throw new UserError(`Another ${describeHolder(lease)} is ${doing} on this data folder: stop it (quit the app, or Ctrl-C \`serve\` or \`run\`), then restore.`, 'conflict');
    }
    const others = otherUsers(this.dataDir);
    if (others.length > 0) {
      throw new UserError(
        `The data folder ${this.dataDir} is in use by process ${others.join(', ')} as well (the desktop app, \`serve\`, \`run\` or a command): ` +
          'quit it or let it finish, then restore.',
        'conflict',
      );
    }
  }

  /** Stops everything that uses the database and closes it; returns what was running, to start it again. */
  private async stopParts(): Promise<{ scheduler: boolean; paused: boolean; watches: boolean }> {
    const running = { scheduler: this.scheduler.isRunning, paused: this.scheduler.isPaused, watches: this.watches.isRunning };
    await this.maintenance.stop();
    await this.watches.stop();
    await this.scheduler.stop({ deadlineMs: 10_000 });
    await this.delivery.idle();
    await this.delivery.close();
    this.db.close();
    return running;
  }

  /** Opens the database again and starts what ran before; every open screen hears the queue and connectors anew. */
  private reopen(was: { scheduler: boolean; paused: boolean; watches: boolean }): void {
    this.openParts();
    if (was.paused) this.scheduler.pause();
    if (was.scheduler) this.scheduler.start();
    if (was.watches) this.watches.start();
    for (const connector of this.connectors.list()) this.emit({ type: 'connector', connector: this.connectors.view(connector) });
    this.emit({ type: 'queue', queue: this.delivery.queueStatus() });
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  emit(event: EngineEvent): void {
    this.emitter.emit('event', event);
  }

  /** Imports a segment export into the desired state; progress is emitted for the job's progress bar. */
  async importFile(input: ImportOptions & { jobId?: string; fileName?: string }): Promise<ImportResult> {
    const options = importOptionsSchema.parse(input);
    const jobId = input.jobId ?? randomUUID();
    if (this.runningImports.has(jobId)) throw new UserError(`An import with job id ${jobId} is already running.`, 'conflict');
    const connector = this.connectors.get(options.connector);
    const isNewSegment = !this.connectors.segments(connector.id).some((s) => s.name === options.segment.trim());
    const segment = this.connectors.ensureSegment(connector, options.segment);
    const abort = new AbortController();
    this.runningImports.set(jobId, abort);
    try {
      const result = await runImport(
        { db: this.db, dataDir: this.dataDir, now: this.now },
        { connectorId: connector.id, connectorName: connector.name, identifierType: connector.identifierType, segmentId: segment.id, segmentName: segment.name, fileName: input.fileName },
        options,
        {
          signal: abort.signal,
          onProgress: (progress) => this.emit({ type: 'import-progress', jobId, ...progress }),
        },
      );
      const outlook = deliveryOutlook(this.db, this.connectors.byId(connector.id), this.now(), this.scheduler.isRunning && !this.scheduler.isPaused);
      this.delivery.notifyPending(connector.id);
      return { ...result, outlook };
    } catch (error) {
      // A refused file into a new segment name leaves no empty segment behind.
      if (isNewSegment) this.connectors.removeSegment(connector, segment.name);
      throw error;
    } finally {
      this.runningImports.delete(jobId);
    }
  }

  cancelImport(jobId: string): boolean {
    const job = this.runningImports.get(jobId);
    job?.abort();
    return job !== undefined;
  }

  /** Stops the scheduler (letting a request in flight finish, within the deadline) and closes the database. */
  async shutdown(deadlineMs = 10_000): Promise<void> {
    await this.maintenance.stop();
    await this.watches.stop();
    await this.scheduler.stop({ deadlineMs });
    await this.delivery.idle();
    await this.delivery.close();
    this.close();
  }

  close(): void {
    void this.maintenance.stop();
    this.releaseFolder();
    void this.watches.stop();
    for (const job of this.runningImports.values()) job.abort();
    if (this.db.open) this.db.close();
  }
}

export function createEngine(options: EngineOptions): Engine {
  const { dataDir, ...rest } = options;
  return new Engine(dataDir, rest);
}
