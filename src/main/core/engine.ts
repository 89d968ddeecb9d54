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
import { markInUse } from './maintenance/backup';
import { Delivery, Scheduler, deliveryDepsOf } from './delivery';
import { deliveryOutlook } from './delivery/outlook';
import { Watches } from './watches/service';
import type { EngineEvent } from '../../shared/api';
import { importOptionsSchema, type ImportOptions, type ImportResult } from '../../shared/model';

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
  readonly db: Db;
  readonly connectors: Connectors;
  readonly secrets: SecretStore;
  readonly now: () => number;
  /** Sends pending changes: flush, preview, retries, the attempt log and the queue view. */
  readonly delivery: Delivery;
  /** Flushes each connector when it is due; started by the long-running transports (run, serve, the app). */
  readonly scheduler: Scheduler;
  /** Retention steps and the daily backup, on a timer that never keeps the process alive. */
  readonly maintenance: Maintenance;
  private readonly releaseFolder: () => void;
  /** Watched folders; started, like the scheduler, by the long-running transports only. */
  readonly watches: Watches;
  private readonly emitter = new EventEmitter();
  private readonly runningImports = new Map<string, AbortController>();

  constructor(readonly dataDir: string, options: Omit<EngineOptions, 'dataDir'> = {}) {
    const files = dataFiles(dataDir);
    this.now = options.now ?? Date.now;
    this.secrets = options.secrets ?? new FileSecretStore(files.secrets);
    try {
      this.db = openDatabase(files.database, { nativeBinding: options.nativeBinding });
    } catch (error) {
      throw inWords(error, dataDir);
    }
    this.connectors = new Connectors(this.db, this.secrets, this.now, (record) =>
      this.emit({ type: 'connector', connector: this.connectors.view(record) }),
    );
    this.delivery = new Delivery(deliveryDepsOf(this));
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
    this.emitter.setMaxListeners(0);
    // A failed backup or retention step is retried at the next look; it is said, not thrown at whoever is working.
    const onError = (error: unknown) => console.warn(`Upkeep of the data folder: ${(inWords(error, dataDir) as Error).message}`);
    this.maintenance = new Maintenance(this.db, dataDir, this.now, { onError, ...(options.maintenance || {}) });
    const readOnly = this.db.readonly || this.db.pragma('query_only', { simple: true }) === 1;
    if (options.maintenance !== false && !readOnly) this.maintenance.start();
    this.releaseFolder = markInUse(dataDir);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  emit(event: EngineEvent): void {
    this.emitter.emit('event', event);
  }

  /** Imports a segment export into the desired state; progress is emitted for the job's progress bar. */
  async importFile(input: ImportOptions & { jobId?: string }): Promise<ImportResult> {
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
        { connectorId: connector.id, connectorName: connector.name, identifierType: connector.identifierType, segmentId: segment.id, segmentName: segment.name },
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
