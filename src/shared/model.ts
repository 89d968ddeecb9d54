/**
 * The domain vocabulary shared by every process: engine, CLI, Electron main, preload and renderer.
 * Zod schemas validate whatever crosses a process boundary; the TypeScript types are inferred from them.
 */
import { z } from 'zod';
import { fieldText, VALUE_WORDS_EN, type Message, type Said } from './messages';

export const IDENTIFIER_TYPES = ['customer-id', 'hashed-email'] as const;
export const identifierTypeSchema = z.enum(IDENTIFIER_TYPES);
export type IdentifierType = z.infer<typeof identifierTypeSchema>;

/** Deployteq's customerType and default partner number for each identifier type. */
export const IDENTIFIER_INFO: Record<IdentifierType, { customerType: 'CLANG_ID' | 'HASHED_EMAIL'; partner: number; label: string }> = {
  'customer-id': { customerType: 'CLANG_ID', partner: 1020, label: VALUE_WORDS_EN.identifierType['customer-id'] },
  'hashed-email': { customerType: 'HASHED_EMAIL', partner: 1022, label: VALUE_WORDS_EN.identifierType['hashed-email'] },
};

export const authModeSchema = z.enum(['query', 'bearer']);
export type AuthMode = z.infer<typeof authModeSchema>;

export const STATUSES = ['NEW', 'MODIFIED', 'REMOVED'] as const;
export const statusSchema = z.enum(STATUSES);
export type ChangeStatus = z.infer<typeof statusSchema>;

export const PARAM_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export const paramTypeSchema = z.enum(PARAM_TYPES);
export type ParamType = z.infer<typeof paramTypeSchema>;

/** One profile variable as sent: `{ name, type, value }`, the value always a string. */
export interface Param {
  name: string;
  type: ParamType;
  value: string;
}

export const LIMITS = {
  defaultBatchSize: 500,
  maxBatchSize: 600,
  defaultIntervalMinutes: 20,
  defaultDailyLimit: 50_000,
  defaultTimeoutMs: 30_000,
  maxBodyBytes: 6 * 1024 * 1024,
  optionFieldLength: 256,
} as const;

export const connectorStateSchema = z.enum(['active', 'paused', 'halted']);
export type ConnectorState = z.infer<typeof connectorStateSchema>;

type Field = Parameters<typeof fieldText>[1] & string;
const name = z.string().trim().min(1, fieldText('fieldRequired', 'name')).max(100, fieldText('fieldTooLong', 'name', { maximum: 100 }));
const positiveInt = (field: Field) => z.number({ error: fieldText('fieldNotNumber', field) }).int(fieldText('fieldNotWhole', field));

/**
 * The rules of each connector field, without defaults: the one place both schemas below take them from. Their
 * sentences are engine messages (fieldText), so the screens word them in their language (fieldIssueMessage).
 */
const connectorFields = {
  name,
  url: z.string().trim().min(1, fieldText('fieldRequired', 'url')),
  token: z.string().trim(),
  identifierType: identifierTypeSchema,
  partnerNumber: positiveInt('partnerNumber').min(1, fieldText('fieldPositive', 'partnerNumber')),
  batchSize: positiveInt('batchSize')
    .min(1, fieldText('fieldMinimum', 'batchSize', { minimum: 1 }))
    .max(LIMITS.maxBatchSize, fieldText('fieldMaximum', 'batchSize', { maximum: LIMITS.maxBatchSize })),
  flushIntervalMinutes: positiveInt('flushIntervalMinutes').min(1, fieldText('fieldMinutes', 'flushIntervalMinutes', { minimum: 1 })),
  cron: z.string().trim().min(1).nullable(),
  dailyLimit: positiveInt('dailyLimit').min(0, fieldText('fieldNotNegative', 'dailyLimit')),
  authMode: authModeSchema,
  timeoutMs: positiveInt('timeoutMs').min(1000, fieldText('fieldMilliseconds', 'timeoutMs', { minimum: 1000 })),
  /** Imports queue changes that wait for the operator's release (connectors/hold.ts). */
  holdForReview: z.boolean({ error: fieldText('fieldOnOrOff', 'holdForReview') }),
};

/** What the operator fills in to create a connector. `url` may be a full webhook URL with `?token=`. */
export const connectorInputSchema = z.object({
  ...connectorFields,
  token: connectorFields.token.optional(),
  identifierType: connectorFields.identifierType.default('customer-id'),
  partnerNumber: connectorFields.partnerNumber.optional(),
  batchSize: connectorFields.batchSize.default(LIMITS.defaultBatchSize),
  flushIntervalMinutes: connectorFields.flushIntervalMinutes.default(LIMITS.defaultIntervalMinutes),
  cron: connectorFields.cron.optional(),
  dailyLimit: connectorFields.dailyLimit.default(LIMITS.defaultDailyLimit),
  authMode: connectorFields.authMode.default('query'),
  timeoutMs: connectorFields.timeoutMs.default(LIMITS.defaultTimeoutMs),
  holdForReview: connectorFields.holdForReview.default(false),
});
export type ConnectorInput = z.input<typeof connectorInputSchema>;

/**
 * A change to an existing connector: the fields present change, nothing else. No defaults here (a default
 * would overwrite what the operator did not touch), and a misspelt field is refused rather than ignored.
 */
export const connectorPatchSchema = z
  .strictObject(connectorFields, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? fieldText('connectorNoSetting', null, { keys: issue.keys.map((k) => `"${k}"`).join(', ') }) : undefined),
  })
  .partial();
export type ConnectorPatch = z.input<typeof connectorPatchSchema>;

/** A connector as shown outside the engine: never the token, only its last characters. */
export interface ConnectorView {
  id: number;
  name: string;
  endpoint: string;
  tokenMasked: string;
  identifierType: IdentifierType;
  customerType: 'CLANG_ID' | 'HASHED_EMAIL';
  partnerNumber: number;
  batchSize: number;
  flushIntervalMinutes: number;
  cron: string | null;
  dailyLimit: number;
  authMode: AuthMode;
  timeoutMs: number;
  state: ConnectorState;
  stateReason: string | null;
  /** The state reason as a code and its values, for the screens to word (absent or null: only `stateReason`). */
  stateSaid?: Said | null;
  pausedUntil: number | null;
  lastFlushAt: number | null;
  segments: SegmentView[];
  createdAt: number;
  updatedAt: number;
  holdForReview: boolean;
}

export interface SegmentView {
  id: number;
  connectorId: number;
  name: string;
  members: number;
  /** A snapshot removing more than this share of the members (and at least 50) asks first (issue 9). */
  removalGuardPercent: number;
}

/** The result of creating or changing a connector, with what the operator should be told. */
export interface ConnectorSaved {
  connector: ConnectorView;
  notices: string[];
  /** The same sentences as messages, in the same order, for the screens to word (null: only the English). */
  noticeMessages?: Array<Message | null>;
}

export type StatusCounts = Record<ChangeStatus, number>;

export interface PendingSegmentSummary {
  connectorId: number;
  connectorName: string;
  segmentId: number;
  segmentName: string;
  counts: StatusCounts;
  /** Changes in an unacknowledged batch, or held back after a 400. */
  inFlight: number;
  held: number;
  /** Changes that wait for the operator's release (Hold new changes for review), and since when (absent: none). */
  heldForReview?: number;
  heldSince?: number | null;
  /** The latest import that added to the hold, for the Release button to send back. */
  heldByImport?: number | null;
}

// ---- imports ----

export const importModeSchema = z.enum(['snapshot', 'delta']);
export type ImportMode = z.infer<typeof importModeSchema>;

export const MAPPING_KINDS = ['gender', 'optin', 'yesno', 'optout'] as const;
export const mappingKindSchema = z.enum(MAPPING_KINDS);
export type MappingKind = z.infer<typeof mappingKindSchema>;

/** The file formats an import reads (each has its reader in main/core/imports/formats); detected from the file. */
export const IMPORT_FORMATS = ['csv', 'ndjson'] as const;
export const importFormatSchema = z.enum(IMPORT_FORMATS, {
  error: () => `Choose one of these formats: ${IMPORT_FORMATS.join(', ')}.`,
});
export type ImportFormat = z.infer<typeof importFormatSchema>;
/** A format as the operator reads its name: "CSV", "NDJSON". */
export const importFormatLabel = (format: ImportFormat): string => format.toUpperCase();

/** Encodings an operator can choose when a file's own is detected wrong (`--encoding`, the Import screen). */
export const IMPORT_ENCODINGS = ['UTF-8', 'UTF-16LE', 'UTF-16BE', 'Windows-1252', 'ISO-8859-1', 'ISO-8859-15', 'Windows-1250', 'Windows-1251'] as const;
export const importEncodingSchema = z.enum(IMPORT_ENCODINGS, {
  error: () => `Choose one of these encodings: ${IMPORT_ENCODINGS.join(', ')}.`,
});
export type ImportEncoding = z.infer<typeof importEncodingSchema>;
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export const dateOrderSchema = z.enum(DATE_ORDERS);
export type DateOrder = z.infer<typeof dateOrderSchema>;

/** The values Deployteq accepts per mapping kind (opt-out columns are sent as Deployteq's opt-in). */
export const MAPPING_TARGETS: Record<MappingKind, readonly string[]> = {
  gender: ['MAN', 'WOMAN', 'FAMILY', 'NONBINARY', 'UNKNOWN'],
  optin: ['Y', 'N'],
  yesno: ['1', '0'],
  optout: ['Y', 'N'],
};

/** The kinds' names in sentences and on the screens. */

/** What a value the mapping cannot map is sent as under an applied mapping; a kind not listed rejects the row. */
export const UNMAPPED_SENT_AS: Partial<Record<MappingKind, string>> = { gender: 'UNKNOWN' };

export const importOptionsSchema = z.object({
  file: z.string().min(1, 'A file is required'),
  connector: z.string().min(1, 'A connector is required'),
  segment: z.string().trim().min(1, 'A segment name is required'),
  /** Snapshot or delta; when absent, delta if the file has an action column (add/update/remove…), else snapshot. */
  mode: importModeSchema.optional(),
  /** Header of the identifier column; detected from the header when absent. */
  idColumn: z.string().optional(),
  /** Columns to send as params; every other column (less identifier and action) when absent. */
  columns: z.array(z.string()).optional(),
  /** Per-column param type overrides; inferred when absent. */
  types: z.record(z.string(), paramTypeSchema).optional(),
  /** Columns whose values are mapped to Deployteq's values. */
  map: z.partialRecord(mappingKindSchema, z.string()).optional(),
  /** Action column for delta imports; detected (`action`, `status`, `change`) when absent. */
  actionColumn: z.string().optional(),
  /** Where to write the rejects file; beside the data folder's imports when absent. */
  rejectsFile: z.string().optional(),
  /** The file's encoding, chosen by the operator; detected when absent (and a file mixing two is refused). */
  encoding: importEncodingSchema.optional(),
  /** The file's format, chosen by the operator; detected when absent (a file that does not read as it is refused). */
  format: importFormatSchema.optional(),
  /** Per mapped column: source value → the Deployteq value to send, or null to reject the row. */
  valueMaps: z.record(z.string(), z.record(z.string(), z.string().nullable())).optional(),
  /** How to read n/n/yyyy dates in a column whose values do not decide it: day first or month first. */
  dateOrder: dateOrderSchema.optional(),
  /** Accept a snapshot that removes more of the segment's members than its guard allows without asking. */
  allowRemovals: z.boolean().optional(),
});
export type ImportOptions = z.input<typeof importOptionsSchema>;


export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface MappingHint {
  column: string;
  kind: MappingKind;
  /** Source value (as found, trimmed) → Deployteq value. */
  table: Record<string, string>;
  /** Values it cannot map, with how often each occurs. */
  unmapped: Record<string, number>;
  /** Empty cells: for opt-in, opt-out and yes-no the param is left out for that customer (Deployteq keeps its value). */
  leftOut: number;
  /** Gender values it cannot map, sent as UNKNOWN (when applied). */
  sentAsUnknown: number;
  /** Rows rejected for this column: an opt-in, opt-out or yes-no value it cannot map, or one the operator marked to reject. */
  rejected: number;
  applied: boolean;
}

export interface ColumnInfo {
  name: string;
  type: ParamType;
  role: 'identifier' | 'action' | 'param' | 'ignored';
}

export interface ImportResult {
  file: string;
  connector: string;
  segment: string;
  mode: ImportMode;
  encoding: string;
  delimiter: string | null;
  format: ImportFormat;
  idColumn: string;
  columns: ColumnInfo[];
  rowsRead: number;
  rejected: number;
  /** Members kept exactly as they were because their row was rejected (not REMOVED, not MODIFIED). */
  keptByRejects: number;
  duplicates: number;
  rejectsFile: string | null;
  hints: MappingHint[];
  /** What the operator should know about how the file was read (ambiguous dates, an action column imported as a snapshot). */
  warnings: string[];
  /** The same warnings as messages (shared/messages.ts), in the same order, for the screens to word. */
  warningMessages?: Message[];
  /** Pending changes of the segment after the import, by status. */
  pending: StatusCounts;
  durationMs: number;
  /** What happens next to what is pending, as the engine saw it when the import was stored. */
  outlook?: DeliveryOutlook;
}

/**
 * When the connector's pending changes will leave, right after an import: `now` (the scheduler runs and a
 * full batch is pending: it sends everything pending in one flush), `next-flush` (less than a batch: at the
 * next interval or cron time), `on-flush` (no scheduler runs in this process: only a flush sends), `halted`,
 * `paused`, or `nothing` (nothing pending).
 */
export interface DeliveryOutlook {
  when: 'now' | 'next-flush' | 'on-flush' | 'halted' | 'paused' | 'nothing';
  /** When the engine looked (epoch ms): deliveries after this are this import's. */
  at: number;
  schedulerRunning: boolean;
  /** Changes of the connector (all its segments) waiting to be sent, batched or not. */
  changes: number;
  /** Requests that takes at the connector's batch size, about (a body over 6 MB is split further). */
  batches: number;
  batchSize: number;
  /** The next scheduled flush (epoch ms), when the scheduler runs; the end of a pause. */
  nextFlushAt: number | null;
  /** Requests left today under the daily limit (null: no limit); beyond it, sending resumes at budgetRenewsAt. */
  requestsLeftToday: number | null;
  budgetRenewsAt: number | null;
  stateReason: string | null;
  /** The state reason as a code and its values, for the screens to word (absent or null: only `stateReason`). */
  stateSaid?: Said | null;
  /** Changes left out of all the above: they wait for the operator's release (Hold new changes for review). */
  heldForReview?: number;
}

/** What the import screen shows before anything is stored: the file as parsed and what would be done. */
export interface ImportInspection {
  file: string;
  format: ImportFormat;
  encoding: string;
  delimiter: string | null;
  headers: string[];
  sampleRows: string[][];
  idColumn: string | null;
  actionColumn: string | null;
  columns: ColumnInfo[];
  hints: MappingHint[];
  /** The mode the import takes: the one asked for, else delta when the file has an action column. */
  mode: ImportMode;
  /** Date columns whose values fit day first and month first alike: the operator chooses the date order. */
  ambiguousDateColumns: string[];
  warnings: string[];
  /** The same warnings as messages (shared/messages.ts), in the same order, for the screens to word. */
  warningMessages?: Message[];
}

// ---- delivery ----

/** How an event reads at a glance (delivery/outcome.ts severityOf): the screens colour rows and badges by it. */
export type EventSeverity = 'ok' | 'retrying' | 'paused' | 'halted' | 'failed' | 'note';

export interface BatchEventView {
  id: number;
  at: number;
  connectorId: number | null;
  connectorName: string;
  batchUuid: string | null;
  kind: string;
  outcome: string;
  httpStatus: number | null;
  meaning: string;
  latencyMs: number | null;
  customers: number;
  /** segmentName → counts by status */
  counts: Record<string, Partial<StatusCounts>>;
  responseSnippet: string | null;
  nextRetryAt: number | null;
  /** The meaning as a code and its values, for the screens to word in their language (null: only `meaning`). */
  meaningCode?: string | null;
  meaningValues?: Record<string, string | number> | null;
  /** What the outcome means for the operator, from the engine: never re-read from the HTTP status. */
  severity: EventSeverity;
}

export interface PayloadPreview {
  connector: string;
  /** The endpoint URL with the token redacted (`?token=***`). */
  url: string;
  body: unknown | null;
  bytes: number;
  customers: number;
  counts: Record<string, StatusCounts>;
  schemaErrors: string[];
  /** What "Hold new changes for review" keeps out of this request, one sentence per held segment (absent: none). */
  heldForReview?: string[];
  /** The same sentences as messages (shared/messages.ts), in the same order, for the screens to word. */
  heldForReviewMessages?: Message[];
  /** The latest import those holds carry, for the Release button to send back. */
  heldThroughImport?: number;
}

export interface QueueView {
  connectorId: number;
  connectorName: string;
  state: ConnectorState;
  stateReason: string | null;
  /** The state reason as a code and its values, for the screens to word (absent or null: only `stateReason`). */
  stateSaid?: Said | null;
  pending: StatusCounts;
  inFlight: number;
  held: number;
  nextFlushAt: number | null;
  requestsToday: number;
  dailyLimit: number;
  /** Another process (the app, `run`, `serve`, a CLI `flush`) is sending for this connector right now. */
  sendingBy?: ProcessRef | null;
  /** The other connectors that share this daily meter (same Deployteq brand). */
  sharedWith?: string[];
  /** Changes that wait for the operator's release (Hold new changes for review; absent: none). */
  heldForReview?: number;
}

/** A process on some machine that holds a lease: who sends, since when. */
export interface ProcessRef {
  pid: number;
  host: string;
  since: number;
}

export interface ProfileTrace {
  query: string;
  customerId: string;
  memberships: Array<{
    connectorName: string;
    segmentName: string;
    desired: boolean;
    delivered: boolean;
    pending: ChangeStatus | null;
    params: Param[];
  }>;
  batches: Array<{ uuid: string; connectorName: string; segmentName: string; status: ChangeStatus; state: string; createdAt: number }>;
}

/** A backup of the database in the data folder's backups/ folder. */
export interface BackupView {
  file: string;
  /** The file's name in backups/: what `backups.restore` takes (never a path). */
  name: string;
  bytes: number;
  createdAt: number;
}

/** A backup put in place of the database (`backups.restore`): which one, and where the replaced database is kept. */
export interface BackupRestored {
  restored: BackupView;
  /** The replaced database, kept beside it (null only when there was none). */
  keptAs: string | null;
}

/** Bounds of a retention setting, in days: at least a day, at most ten years. */
export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

const retentionDays = (what: string) =>
  z
    .number({ error: `${what} must be a whole number of days` })
    .int(`${what} must be a whole number of days`)
    .min(RETENTION_DAYS.min, `${what} must be at least ${RETENTION_DAYS.min} day`)
    .max(RETENTION_DAYS.max, `${what} must be at most ${RETENTION_DAYS.max} days (ten years)`);

/** How long delivered batch bodies and the attempt log are kept; bodies never outlive the batch they belong to. */
export const retentionPolicySchema = z
  .object({ bodyDays: retentionDays('Bodies of delivered batches'), eventDays: retentionDays('The attempt log and imports') })
  .refine((p) => p.bodyDays <= p.eventDays, {
    message: 'Bodies of delivered batches cannot be kept longer than the attempt log they belong to',
    path: ['bodyDays'],
  });

/** The retention in force, and what the next prune would remove under it (counted, cheaply, by index). */
export interface RetentionView {
  bodyDays: number;
  eventDays: number;
  wouldRemove: { bodies: number; batches: number; logEntries: number; imports: number };
}

/** One rejected row of an import, as the Import screen shows it. */
export interface RejectedRowView {
  line: number;
  reason: string;
  /** The reason as a code and its values, for the screens to word (absent or null: only `reason`). */
  reasonMessage?: Message | null;
  /** The row as it was in the file (its fields, in the file's delimiter). */
  text: string;
}

export interface RejectsPage {
  /** The rejected rows from `offset`, at most `limit`. */
  rows: RejectedRowView[];
  offset: number;
  total: number;
  /** The whole rejects file as CSV, for a download (present when asked for). */
  csv?: string;
}

// ---- watched folders ----

/** The import options a watch stores and applies to every file it imports (the file and target come from the watch). */
export const watchImportOptionsSchema = importOptionsSchema.pick({
  mode: true,
  idColumn: true,
  columns: true,
  types: true,
  map: true,
  actionColumn: true,
  valueMaps: true,
  encoding: true,
  dateOrder: true,
});
export type WatchImportOptions = z.output<typeof watchImportOptionsSchema>;

export const watchInputSchema = watchImportOptionsSchema.extend({
  connector: z.string().min(1, 'A connector is required'),
  segment: z.string().trim().min(1, 'A segment name is required'),
  /** A folder, or one file (which need not exist yet; its folder must). */
  path: z.string().trim().min(1, 'A path to watch is required'),
  /** For a folder: which file names to import (`*` any characters, `?` one); every file when absent. */
  pattern: z.string().trim().min(1).optional(),
});
export type WatchInput = z.input<typeof watchInputSchema>;

export const WATCH_RESULTS = ['existing', 'imported', 'refused', 'failed'] as const;
export type WatchResult = (typeof WATCH_RESULTS)[number];

/** A file a watch handled: imported, refused by a guard (nothing sent), failed, or there before the watch. */
export interface WatchFileView {
  path: string;
  size: number;
  mtimeMs: number;
  result: WatchResult;
  message: string;
  /** `message` as an engine message, for the screens to word (null: a file handled before migration 012). */
  sentence?: Message | null;
  handledAt: number;
}

export interface WatchView {
  id: number;
  connector: string;
  segment: string;
  path: string;
  kind: 'folder' | 'file';
  pattern: string | null;
  options: WatchImportOptions;
  createdAt: number;
  /** The file most recently imported, refused or failed (files there before the watch do not count). */
  last: WatchFileView | null;
}

// ---- schedules ----

/** A cron schedule in words with its next send times (epoch ms), or why the expression is not valid. */
export interface ScheduleView {
  cron: string;
  description: string | null;
  timeZone: string;
  next: number[];
  error: string | null;
}

// ---- exports ----

/** A segment's delivered state written as CSV: where, and how many profiles. */
export interface SegmentExportResult {
  connector: string;
  segment: string;
  file: string;
  rows: number;
}

/** Issue 12, "Forget a profile": who to forget, by the identifier the operator has (exactly one). */
export const forgetInputSchema = z
  .object({
    email: z.string().trim().min(1, 'An email address is required').optional(),
    customerId: z.string().trim().min(1, 'A customer id is required').optional(),
    /** Only say what forgetting would do (the screen's confirmation), changing nothing. */
    dryRun: z.boolean().default(false),
  })
  .refine((input) => (input.email === undefined) !== (input.customerId === undefined), 'Give exactly one of an email address or a customer id.');

/** What forgetting a profile did, or would do (dryRun). */
export interface ForgetResult {
  /** The erasure record, null on a dry run or when nothing held the profile. */
  erasureId: number | null;
  /** Each segment that held the profile, and whether a REMOVED now waits for a flush to reach Deployteq. */
  segments: Array<{ connectorName: string; segmentName: string; removedPending: boolean }>;
  /** Rejects files that named the profile, deleted. */
  rejectsFilesDeleted: number;
  /** Whether everything kept about the profile is erased already (nothing waits for Deployteq). */
  complete: boolean;
  message: string;
  /** `message` as an engine message (shared/messages.ts), for the screens to word. */
  sentence?: Message;
}

/** That an erasure happened: no identifier is kept. */
export interface ErasureView {
  id: number;
  requestedAt: number;
  segments: number;
  /** null while REMOVED changes wait for Deployteq's acknowledgement. */
  completedAt: number | null;
}

/** What undoing a segment's latest import does (issue 12): shown before, and returned after, the act. */
export interface UndoPlan {
  connector: string;
  segment: string;
  importId: number;
  file: string;
  importedAt: number;
  /** Members the import added, who leave again. */
  membersLeave: number;
  /** Members the import removed, who come back. */
  membersRejoin: number;
  /** Members whose params the import changed, who get their previous params back. */
  paramsRestored: number;
  /** The segment's pending changes now, and after the undo (a change not yet sent vanishes, a sent one is reversed). */
  pendingBefore: StatusCounts;
  pendingAfter: StatusCounts;
  message: string;
  /** The same sentence as a code and its values (shared/messages.ts), for the screens to word. */
  sentence?: Message;
}

/** One import of a segment, for its history. */
export interface ImportHistoryEntry {
  id: number;
  file: string;
  mode: ImportMode;
  finishedAt: number;
  rowsRead: number;
  rejected: number;
  changed: number;
  undoneAt: number | null;
  /** Whether this is the import an undo would take back now. */
  undoable: boolean;
}

/** What adopting a file as the delivered state does (issue 12): shown before, and returned after, the act. */
export interface AdoptPlan {
  connector: string;
  segment: string;
  file: string;
  rowsRead: number;
  rejected: number;
  /** Distinct customers in the file: the segment's members, desired and delivered, after the adoption. */
  members: number;
  /** Members the app held before (desired), and of them how many the file does not list (dropped, nothing sent). */
  membersBefore: number;
  dropped: number;
  /** Pending changes that vanish: Deployteq already holds what the file says. */
  pendingDropped: number;
  /** Requests sent by the adoption: always 0. */
  requests: 0;
  message: string;
  /** `message` as its clauses' messages (shared/messages.ts `adopt*`), for the screens to word and join (joinClauses). */
  sentences?: Message[];
}
