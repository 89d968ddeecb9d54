/**
 * The domain vocabulary shared by every process: engine, CLI, Electron main, preload and renderer.
 * Zod schemas validate whatever crosses a process boundary; the TypeScript types are inferred from them.
 */
import { z } from 'zod';

export const IDENTIFIER_TYPES = ['customer-id', 'hashed-email'] as const;
export const identifierTypeSchema = z.enum(IDENTIFIER_TYPES);
export type IdentifierType = z.infer<typeof identifierTypeSchema>;

/** Deployteq's customerType and default partner number for each identifier type. */
export const IDENTIFIER_INFO: Record<IdentifierType, { customerType: 'CLANG_ID' | 'HASHED_EMAIL'; partner: number; label: string }> = {
  'customer-id': { customerType: 'CLANG_ID', partner: 1020, label: 'Customer ID' },
  'hashed-email': { customerType: 'HASHED_EMAIL', partner: 1022, label: 'Hashed Email' },
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

const name = z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters');
const positiveInt = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`);

/** What the operator fills in to create a connector. `url` may be a full webhook URL with `?token=`. */
export const connectorInputSchema = z.object({
  name,
  url: z.string().trim().min(1, 'Endpoint URL is required'),
  token: z.string().trim().optional(),
  identifierType: identifierTypeSchema.default('customer-id'),
  partnerNumber: positiveInt('Partner number').min(1, 'Partner number must be positive').optional(),
  batchSize: positiveInt('Batch size')
    .min(1, 'Batch size must be at least 1')
    .max(LIMITS.maxBatchSize, `Batch size is at most ${LIMITS.maxBatchSize}`)
    .default(LIMITS.defaultBatchSize),
  flushIntervalMinutes: positiveInt('Flush interval').min(1, 'Flush interval is at least 1 minute').default(LIMITS.defaultIntervalMinutes),
  cron: z.string().trim().min(1).nullable().optional(),
  dailyLimit: positiveInt('Daily limit').min(0, 'Daily limit cannot be negative').default(LIMITS.defaultDailyLimit),
  authMode: authModeSchema.default('query'),
  timeoutMs: positiveInt('Timeout').min(1000, 'Timeout is at least 1000 ms').default(LIMITS.defaultTimeoutMs),
});
export type ConnectorInput = z.input<typeof connectorInputSchema>;

/** A change to an existing connector: any field, token included (a new token resumes a halted connector). */
export const connectorPatchSchema = connectorInputSchema.partial().extend({ name: name.optional() });
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
  pausedUntil: number | null;
  lastFlushAt: number | null;
  segments: SegmentView[];
  createdAt: number;
  updatedAt: number;
}

export interface SegmentView {
  id: number;
  connectorId: number;
  name: string;
  members: number;
}

/** The result of creating or changing a connector, with what the operator should be told. */
export interface ConnectorSaved {
  connector: ConnectorView;
  notices: string[];
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
}

// ---- imports ----

export const importModeSchema = z.enum(['snapshot', 'delta']);
export type ImportMode = z.infer<typeof importModeSchema>;

export const MAPPING_KINDS = ['gender', 'optin', 'yesno'] as const;
export const mappingKindSchema = z.enum(MAPPING_KINDS);
export type MappingKind = z.infer<typeof mappingKindSchema>;

export const importOptionsSchema = z.object({
  file: z.string().min(1, 'A file is required'),
  connector: z.string().min(1, 'A connector is required'),
  segment: z.string().trim().min(1, 'A segment name is required'),
  mode: importModeSchema.default('snapshot'),
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
  /** Empty opt-ins that become Deployteq's default Y. */
  defaulted: number;
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
  format: 'csv' | 'ndjson';
  idColumn: string;
  columns: ColumnInfo[];
  rowsRead: number;
  rejected: number;
  duplicates: number;
  rejectsFile: string | null;
  hints: MappingHint[];
  /** Pending changes of the segment after the import, by status. */
  pending: StatusCounts;
  durationMs: number;
}

/** What the import screen shows before anything is stored: the file as parsed and what would be done. */
export interface ImportInspection {
  file: string;
  format: 'csv' | 'ndjson';
  encoding: string;
  delimiter: string | null;
  headers: string[];
  sampleRows: string[][];
  idColumn: string | null;
  actionColumn: string | null;
  columns: ColumnInfo[];
  hints: MappingHint[];
}

// ---- delivery ----

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
}

export interface QueueView {
  connectorId: number;
  connectorName: string;
  state: ConnectorState;
  stateReason: string | null;
  pending: StatusCounts;
  inFlight: number;
  held: number;
  nextFlushAt: number | null;
  requestsToday: number;
  dailyLimit: number;
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
