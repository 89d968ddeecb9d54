import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { SegmentStaging, type StagedRecord } from '../../../src/main/core/reconcile/staging';
import { Delivery, type DeliveryDeps } from '../../../src/main/core/delivery';
import type { ConnectorRecord } from '../../../src/main/core/connectors/connectors';
import type { EngineEvent } from '../../../src/shared/api';
import type { Param } from '../../../src/shared/model';
import { connectorsOf, createConnector, tempDir } from '../../support/temp-db';

/** A settable clock, for tests that move time forward instead of waiting. */
export function testClock(start = Date.parse('2026-03-10T09:00:00Z')) {
  let now = start;
  return { now: () => now, set: (at: number) => void (now = at), advance: (ms: number) => void (now += ms) };
}

export interface ConnectorFields {
  name?: string;
  endpoint?: string;
  identifierType?: 'customer-id' | 'hashed-email';
  batchSize?: number;
  flushIntervalMinutes?: number;
  cron?: string | null;
  dailyLimit?: number;
  authMode?: 'query' | 'bearer';
  timeoutMs?: number;
}

/** A connector made by Connectors.create, with this suite's defaults: no daily limit, a 2 s timeout. */
export async function insertConnector(db: Db, fields: ConnectorFields = {}, token = 'secret-token'): Promise<number> {
  const connector = await createConnector(db, {
    name: fields.name ?? 'Main',
    url: fields.endpoint ?? 'https://example.invalid/hook',
    token,
    identifierType: fields.identifierType ?? 'customer-id',
    batchSize: fields.batchSize ?? 500,
    flushIntervalMinutes: fields.flushIntervalMinutes ?? 20,
    cron: fields.cron ?? null,
    dailyLimit: fields.dailyLimit ?? 0,
    authMode: fields.authMode ?? 'query',
    timeoutMs: fields.timeoutMs ?? 2000,
  });
  return connector.id;
}

export function segmentId(db: Db, connectorId: number, name: string): number {
  db.prepare('INSERT INTO segments (connector_id, name, created_at) VALUES (?, ?, 0) ON CONFLICT DO NOTHING').run(connectorId, name);
  return (db.prepare('SELECT id FROM segments WHERE connector_id = ? AND name = ?').get(connectorId, name) as { id: number }).id;
}

export const params = (value: string, extra: Param[] = []): Param[] => [{ name: 'firstName', type: 'string', value }, ...extra];
export const upsert = (customerId: string, value = customerId): StagedRecord => ({ line: 2, customerId, params: params(value), action: 'upsert' });
export const remove = (customerId: string): StagedRecord => ({ line: 2, customerId, params: [], action: 'remove' });

/** Imports records into a segment through the engine's own staging code (the same path a file import takes). */
export function importInto(db: Db, connectorId: number, segment: string, records: StagedRecord[], mode: 'snapshot' | 'delta' = 'snapshot') {
  const staging = new SegmentStaging(db);
  try {
    staging.add(records);
    return staging.apply(segmentId(db, connectorId, segment), mode);
  } finally {
    staging.dispose();
  }
}

/** Desired membership of a segment: customerId → params. */
export function desiredOf(db: Db, connectorId: number, segment: string): Map<string, Param[]> {
  const rows = db
    .prepare('SELECT d.customer_id AS id, d.params FROM desired_state d JOIN segments s ON s.id = d.segment_id WHERE s.connector_id = ? AND s.name = ?')
    .all(connectorId, segment) as Array<{ id: string; params: string }>;
  return new Map(rows.map((r) => [r.id, JSON.parse(r.params) as Param[]]));
}

export const pendingCount = (db: Db) => (db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;

export interface DeliveryTestContext {
  db: Db;
  dir: string;
  clock: ReturnType<typeof testClock>;
  connectorId: number;
  delivery: Delivery;
  events: EngineEvent[];
  connector: () => ConnectorRecord;
  close: () => Promise<void>;
}

/** A fresh database in a temp folder with one connector, and a Delivery for it with test backoffs. */
export async function setup(
  options: { connector?: ConnectorFields; token?: string; deps?: Partial<DeliveryDeps>; clock?: ReturnType<typeof testClock> } = {},
): Promise<DeliveryTestContext> {
  const { dir, cleanup } = tempDir('canopy-delivery-');
  const db = openDatabase(join(dir, 'canopy.db'));
  const clock = options.clock ?? testClock();
  const token = options.token ?? 'secret-token';
  const connectorId = await insertConnector(db, options.connector, token);
  const events: EngineEvent[] = [];
  const connectors = connectorsOf(db, clock.now);
  const delivery = new Delivery({
    db,
    connectors,
    token: () => token,
    now: clock.now,
    emit: (e) => events.push(e),
    // No quick retries within a flush unless a test asks for them: one injected fault is then one backoff.
    backoff: { baseMs: 30_000, maxMs: 30 * 60_000, jitter: 0.2, quickRetries: 0 },
    ...options.deps,
  });
  return {
    db,
    dir,
    clock,
    connectorId,
    delivery,
    events,
    connector: () => connectors.byId(connectorId),
    close: async () => {
      await delivery.close();
      db.close();
      cleanup();
    },
  };
}

/** Waits until `condition` holds (polling), failing after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
