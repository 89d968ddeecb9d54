/**
 * The one API between the screens and the engine. Every transport (Electron IPC, the loopback console's
 * HTTP, tests) carries exactly these methods: the name, an input validated with its zod schema on the
 * engine's side, and the output type. `window.api` in the renderer is BridgeApi: these methods, each answering with an envelope.
 */
import { z } from 'zod';
import type { Message } from './messages';
import {
  connectorInputSchema,
  connectorPatchSchema,
  importOptionsSchema,
  importEncodingSchema,
  type BackupView,
  type RejectsPage,
  dateOrderSchema,
  type BatchEventView,
  type ConnectorSaved,
  type ConnectorView,
  type ImportInspection,
  type ImportResult,
  type PayloadPreview,
  type PendingSegmentSummary,
  type ProfileTrace,
  type QueueView,
  type ProcessRef,
  type WatchView,
  watchInputSchema,
  type ScheduleView,
  type SegmentExportResult,
  forgetInputSchema,
  type ForgetResult,
  type ErasureView,
  type UndoPlan,
  type ImportHistoryEntry,
  type AdoptPlan,
  type BackupRestored,
  retentionPolicySchema,
  type RetentionView,
} from './model';
import type { ApiEnvelope } from './errors';
import { displayFileName } from './file-name';

const connectorRef = z.object({ connector: z.string().min(1, 'A connector is required') });
const optionalConnectorRef = z.object({ connector: z.string().min(1).optional() });

export const apiInputs = {
  /** Facts the screens show once: where the data lives, and whether tokens are OS-protected. */
  'app.info': z.object({}),
  'connectors.list': z.object({}),
  'connectors.create': connectorInputSchema,
  'connectors.update': z.object({ connector: z.string().min(1), patch: connectorPatchSchema }),
  'connectors.remove': connectorRef,
  /** Splits a pasted webhook URL without saving anything, for the form to show at once. */
  'connectors.splitUrl': z.object({ url: z.string() }),
  'connectors.pause': connectorRef,
  'connectors.resume': connectorRef,
  'segments.add': z.object({ connector: z.string().min(1), segment: z.string().trim().min(1, 'A segment name is required') }),
  'segments.remove': z.object({ connector: z.string().min(1), segment: z.string().min(1) }),
  'segments.setRemovalGuard': z.object({
    connector: z.string().min(1),
    segment: z.string().min(1),
    percent: z.number().int().min(0, 'The share is a percentage from 0 to 100').max(100, 'The share is a percentage from 0 to 100'),
  }),
  'imports.inspect': z.object({
    file: z.string().min(1),
    connector: z.string().min(1).optional(),
    idColumn: z.string().optional(),
    mode: z.enum(['snapshot', 'delta']).optional(),
    encoding: importEncodingSchema.optional(),
    dateOrder: dateOrderSchema.optional(),
  }),
  'imports.run': importOptionsSchema.extend({
    jobId: z.string().min(1).optional(),
    /** The operator's name for the file, for the import history (the console's uploads have an internal name). */
    fileName: z.string().max(1000).transform((name) => displayFileName(name)).optional(),
  }),
  'imports.cancel': z.object({ jobId: z.string().min(1) }),
  'queue.status': z.object({}),
  'queue.pending': z.object({}),
  'queue.flush': optionalConnectorRef,
  'queue.retryFailed': z.object({ batchUuid: z.string().uuid() }),
  'preview.next': connectorRef,
  'log.list': z.object({
    limit: z.number().int().min(1).max(10_000).default(200),
    beforeId: z.number().int().optional(),
    connector: z.string().optional(),
    /** Log search: a batch uuid, a customer (email or id), an HTTP status, or text in the meaning or response. */
    query: z.string().max(200, 'A log search is at most 200 characters').optional(),
  }),
  'trace.find': z.object({ query: z.string().trim().min(1, 'Type an email or customer id') }),
  /** A page of an import's rejected rows (line, reason, the row itself); `csv` adds the whole file for a download. */
  'imports.rejects': z.object({
    rejectsFile: z.string().min(1),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    csv: z.boolean().default(false),
  }),
  'backups.list': z.object({}),
  /** A backup now, into the data folder's backups/ folder. */
  'backups.create': z.object({}),
  'watches.list': z.object({}),
  'watches.add': watchInputSchema,
  /** By id, or by the segment it fills (one watch per segment). */
  'watches.remove': z.union([
    z.object({ id: z.number().int().positive() }),
    z.object({ connector: z.string().min(1, 'A connector is required'), segment: z.string().trim().min(1, 'A segment name is required') }),
  ]),
  /** A cron expression in words and its next send times, for the connector form as the operator types. */
  'schedule.describe': z.object({ cron: z.string(), count: z.number().int().min(1).max(50).default(5) }),
  /** Writes a segment's delivered state as CSV to a new file in the data folder's exports (the screens name no path). */
  'segments.export': z.object({ connector: z.string().min(1), segment: z.string().trim().min(1) }),
  /** Lets go what "Hold new changes for review" held for this connector. */
  'queue.release': connectorRef.extend({
    /** The latest import the screen showed (heldByImport / heldThroughImport): refused if a later one added to a hold. */
    throughImport: z.number().int().optional(),
  }),
  /** Forgets a profile by email or customer id (issue 12); dryRun only says what it would do. */
  'profiles.forget': forgetInputSchema,
  /** That erasures happened: when, how many segments, whether finished (no identifier is kept). */
  'profiles.erasures': z.object({}),
  /** Undo the segment's latest import (issue 12); `dryRun` only says what it would do (the screens' confirmation). */
  'imports.undo': z.object({ connector: z.string().min(1), segment: z.string().trim().min(1), dryRun: z.boolean().optional(), allowRemovals: z.boolean().optional() }),
  /** A segment's imports, newest first: when, file, counts, undone or not. */
  'segments.history': z.object({ connector: z.string().min(1), segment: z.string().trim().min(1), limit: z.number().int().min(1).max(500).optional() }),
  /** The file's membership becomes what Deployteq holds (delivered), without any request; `dryRun` only counts. */
  // The file is read as an import reads it (the same columns, types and mappings), so the params it adopts
  // are those a later import of the same file compares with.
  'segments.adopt': importOptionsSchema
    .pick({ file: true, connector: true, segment: true, idColumn: true, columns: true, types: true, map: true, encoding: true, valueMaps: true, dateOrder: true })
    .extend({ dryRun: z.boolean().optional(), allowRemovals: z.boolean().optional() }),
  /**
   * Puts a backup from `backups.list` in place of the database, named by its file name (never a path): the
   * engine stops sending, restores, reopens and resumes; the replaced database is kept beside it.
   */
  'backups.restore': z.object({
    name: z
      .string()
      .min(1, 'Name the backup to restore')
      .max(255)
      .regex(/^[\w.-]+\.db$/, 'Name a backup from the Backups list (a file name ending in .db, no folder)'),
  }),
  /** How long delivered batch bodies and the attempt log are kept, and what the next prune would remove. */
  'retention.get': z.object({}),
  'retention.set': retentionPolicySchema,
} as const;

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export interface FlushReport {
  connector: string;
  batchesSent: number;
  customersDelivered: number;
  failed: number;
  halted: boolean;
  paused: boolean;
  messages: string[];
  /** Batches this flush tried that now wait for a retry (a network error, a timeout, a 408 or 5xx). */
  retrying?: number;
  /** When the first of them is tried again. */
  nextRetryAt?: number | null;
  /** One sentence per reason the flush did not deliver all it tried (the CLI prints them on stderr, exit 1). */
  problems?: string[];
  /** The same problems as messages (shared/messages.ts), in the same order, for the screens to word. */
  problemMessages?: Message[];
  /** Every line of `messages` as a message, in the same order; null for a line without one (absent: an older engine). */
  lineMessages?: (Message | null)[];
  /** Another process was sending for this connector, so this flush sent nothing (see QueueView.sendingBy). */
  busy?: ProcessRef | null;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** A sentence when tokens are not protected by the operating system, else null. */
  secretsWarning: string | null;
  /** Whether this engine's scheduler sends by itself (false under `serve --no-scheduler`, or while paused). */
  schedulerRunning?: boolean;
}

export interface ApiOutputs {
  'app.info': AppInfo;
  'connectors.list': ConnectorView[];
  'connectors.create': ConnectorSaved;
  'connectors.update': ConnectorSaved;
  'connectors.remove': { removed: string };
  'connectors.splitUrl': { endpoint: string; token: string | null; notice: string | null; error: string | null };
  'connectors.pause': ConnectorView;
  'connectors.resume': ConnectorView;
  'segments.add': ConnectorView;
  'segments.setRemovalGuard': ConnectorView;
  'segments.remove': ConnectorView;
  'imports.inspect': ImportInspection;
  'imports.run': ImportResult;
  'imports.cancel': { cancelled: boolean };
  'queue.status': QueueView[];
  'queue.pending': PendingSegmentSummary[];
  'queue.flush': FlushReport[];
  'queue.retryFailed': { requeued: number };
  'preview.next': PayloadPreview;
  'log.list': BatchEventView[];
  'trace.find': ProfileTrace;
  'imports.rejects': RejectsPage;
  'backups.list': BackupView[];
  'backups.create': BackupView;
  'watches.list': WatchView[];
  'watches.add': WatchView;
  'watches.remove': WatchView;
  'schedule.describe': ScheduleView;
  'segments.export': SegmentExportResult;
  'queue.release': { connector: string; segments: string[]; changes: number; message: string; sentence?: Message };
  'profiles.forget': ForgetResult;
  'profiles.erasures': ErasureView[];
  'imports.undo': UndoPlan;
  'segments.history': ImportHistoryEntry[];
  'segments.adopt': AdoptPlan;
  'backups.restore': BackupRestored;
  'retention.get': RetentionView;
  'retention.set': RetentionView;
}

/** Live events pushed from the engine to every open screen. */
export type EngineEvent =
  | { type: 'batch'; event: BatchEventView }
  | { type: 'queue'; queue: QueueView[] }
  | { type: 'import-progress'; jobId: string; rowsRead: number; bytesRead: number; totalBytes: number }
  | { type: 'connector'; connector: ConnectorView }
  /** A watch handled a file (see watch.last), or could not watch (problem). */
  | { type: 'watch'; watch: WatchView; problem?: string };

// The error contract lives in ./errors; re-exported here for the callers that know the API by this file.
export { API_ERROR_CODES, REMOVALS_NEED_CONFIRMATION, type ApiEnvelope, type ApiErrorCode, type ApiErrorShape } from './errors';

export type Api = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutputs[M]>;
} & {
  /** Subscribes to live engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /**
   * Makes a dropped or picked file readable by the engine and returns its path: the file's own path in the
   * desktop app (webUtils.getPathForFile), an upload into the data folder in the browser console.
   */
  resolveFile(file: Blob & { name: string }): Promise<string>;
};

export const API_METHODS = Object.keys(apiInputs) as ApiMethod[];

/**
 * `window.api` as the desktop preload exposes it: the same methods, each resolving to an envelope (the
 * renderer's api client unwraps it in one place and throws a typed ApiError).
 */
export type BridgeApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiEnvelope<ApiOutputs[M]>>;
} & {
  onEvent: Api['onEvent'];
  resolveFile(file: Blob & { name: string }): Promise<ApiEnvelope<string>>;
};
