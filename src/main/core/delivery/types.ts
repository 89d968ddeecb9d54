import type { ConnectorRecord } from '../connectors/connectors';
import type { Db } from '../db/open';
import type { ConnectorState } from '../../../shared/model';
import type { EngineEvent } from '../../../shared/api';
import type { Said } from '../../../shared/messages';

/** What delivery needs to know about a connector: a subset of the connectors store's record, so the engine passes its records straight in. */
export type DeliveryConnector = Pick<
  ConnectorRecord,
  | 'id' | 'name' | 'endpoint' | 'identifierType' | 'batchSize' | 'flushIntervalMinutes' | 'cron' | 'dailyLimit'
  | 'authMode' | 'timeoutMs' | 'state' | 'stateReason' | 'pausedUntil' | 'lastFlushAt' | 'createdAt'
>;

/** Exponential backoff with jitter for transient failures (408, 5xx, network errors). */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxMs: number;
  /** Jitter as a fraction of the delay: 0.2 spreads each delay over ±20 %. */
  jitter: number;
  random: () => number;
  /** Quick retries of a batch within one flush, before it waits out the long backoff. */
  quickRetries: number;
  /** The first quick retry's delay (each next one three times longer), with the same jitter. */
  quickBaseMs: number;
  /** Batches in a row that used up their quick retries: the receiver looks down, so the flush ends. */
  failuresToStop: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  maxMs: 30 * 60_000,
  jitter: 0.2,
  random: Math.random,
  quickRetries: 2,
  quickBaseMs: 300,
  failuresToStop: 2,
};

/** The connectors as delivery reads and changes them; the engine's Connectors is one. */
export interface ConnectorStore {
  /** One connector afresh (its state may change between batches). */
  byId(id: number): DeliveryConnector;
  /** Every connector, for the scheduler and the queue view. */
  list(): DeliveryConnector[];
  /** Halts, pauses or reactivates a connector (and tells the screens). */
  setState(id: number, state: ConnectorState, reason: string | null, pausedUntil: number | null, said: Said | null): unknown;
  /** Notes when the connector's latest flush began (the interval's schedule counts from it). */
  recordFlush(id: number, at: number): void;
}

/** The engine's parts that delivery uses; plain parameters, so delivery is testable on its own. */
export interface DeliveryDeps {
  db: Db;
  /** The connector's token, from the secret store. */
  token: (connector: DeliveryConnector) => string | Promise<string>;
  now?: () => number;
  emit?: (event: EngineEvent) => void;
  /** The engine's connectors (connectors/connectors.ts: one row mapper, stamped with the engine's clock). */
  connectors: ConnectorStore;
  backoff?: Partial<BackoffPolicy>;
  /** Deployteq accepts JSON messages up to 6 MB; tests lower it to exercise splitting. */
  maxBodyBytes?: number;
  /** How long a sender's lease lasts without renewal (renewed every quarter of it while sending). */
  leaseTtlMs?: number;
  /** How long an operator's flush waits for another process's flush of the same connector to end. */
  leaseWaitMs?: number;
  /** better-sqlite3's native build the engine opened the database with, for the checkpoint thread's connection. */
  nativeBinding?: string;
}
