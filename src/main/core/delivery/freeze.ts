import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { LIMITS } from '../../../shared/model';
import { encodeParams } from '../reconcile/params';
import { buildBody, customerTypeOf, itemsThatFit, type BatchCounts, type BatchItem } from './payload';
import { stopHereSync } from './test-hooks';
import { changeStatus } from '../reconcile/rule';
import type { DeliveryConnector } from './types';
import { inWriteTransaction, sql } from '../db/sql';
import { notHeldForReview } from '../connectors/hold';
import { inFlight } from '../reconcile/pending';

export interface FrozenBatch {
  id: number;
  uuid: string;
  connectorId: number;
  body: string;
  bytes: number;
  customers: number;
  counts: BatchCounts;
  attempts: number;
}

/** A row of QUEUE_HEAD_SQL, read as an array: building 500 objects per batch cost a third of the read. */
type QueueRow = [segmentId: number, customerId: string, params: string | null, paramsHash: string | null, deliveredHash: string | null];

const REMOVED = encodeParams([]);

/** A pending row's key. */
export interface PendingKey {
  segmentId: number;
  customerId: string;
}

/**
 * The head of the send queue, in key order, with each key's desired params (its pending row's) and delivered hash. Driven by
 * the partial index pending_queue (INDEXED BY makes a missing index an error rather than a slow scan), so
 * its cost does not grow with the backlog. Key order, not arrival order: the batch's keys are neighbours
 * in delivered, pending and batch_items, so freezing and acknowledging touch a few pages of each
 * rather than one per customer (hashed emails arrive in random order). A flush sends all that is pending,
 * so the order only shows when a daily limit stops it midway: the next day goes on from the lowest keys.
 *
 * The keys in flight (reconcile/pending.ts inFlight) are left out. While a drain runs they are the batch on
 * the wire, the lowest keys of the queue: probing batch_items for each of them cost more than the whole read.
 * So the queue is read from just after the last key in flight (no key after it is in flight: no probe), first
 * in that key's segment, then in the later ones, and only if that runs short, from the start up to that key,
 * probing each.
 */
const QUEUE_HEAD_COLUMNS = `
  SELECT p.segment_id AS segmentId, p.customer_id AS customerId,
         p.params, p.params_hash AS paramsHash, v.params_hash AS deliveredHash
  FROM pending AS p INDEXED BY pending_queue
  LEFT JOIN delivered AS v ON v.segment_id = p.segment_id AND v.customer_id = p.customer_id
  WHERE p.connector_id = @connector AND p.held_by IS NULL`;
const IN_KEY_ORDER = 'ORDER BY p.segment_id, p.customer_id LIMIT @limit';
const QUEUE_SQL = {
  restOfSegment: `${QUEUE_HEAD_COLUMNS} AND ${notHeldForReview('p.segment_id')} AND p.segment_id = @segment AND p.customer_id > @customer ${IN_KEY_ORDER}`,
  laterSegments: `${QUEUE_HEAD_COLUMNS} AND ${notHeldForReview('p.segment_id', 'id > @segment')} ${IN_KEY_ORDER}`,
  upToLastInFlight: `${QUEUE_HEAD_COLUMNS} AND ${notHeldForReview('p.segment_id', 'id <= @segment')} AND (p.segment_id, p.customer_id) <= (@segment, @customer)
    AND NOT ${inFlight('p')} ${IN_KEY_ORDER}`,
};
/**
 * The last key, in key order, that an unacknowledged batch of the connector carries: each open batch's last
 * batch_items row (its primary key read backwards, one seek), the largest of those compared by SQLite itself
 * (JavaScript orders strings by UTF-16 units, SQLite by UTF-8 bytes).
 */
const LAST_KEY_IN_FLIGHT_SQL = `
  WITH last AS (
    SELECT (SELECT i.segment_id FROM batch_items i WHERE i.batch_id = b.id ORDER BY i.segment_id DESC, i.customer_id DESC LIMIT 1) AS segment_id,
           (SELECT i.customer_id FROM batch_items i WHERE i.batch_id = b.id ORDER BY i.segment_id DESC, i.customer_id DESC LIMIT 1) AS customer_id
    FROM batches b WHERE b.connector_id = ? AND b.state IN ('queued', 'retrying'))
  SELECT segment_id, customer_id FROM last WHERE segment_id IS NOT NULL ORDER BY segment_id DESC, customer_id DESC LIMIT 1`;

/** The reads of the queue, by name (the tests check how they read it). */
export const QUEUE_HEAD_QUERIES: Readonly<Record<string, string>> = QUEUE_SQL;

export const batchLimit = (connector: Pick<DeliveryConnector, 'batchSize'>) =>
  Math.max(1, Math.min(connector.batchSize, LIMITS.maxBatchSize));

/** The queue head's rows, up to `limit`, in key order (see QUEUE_HEAD_COLUMNS). */
function queueRows(db: Db, connectorId: number, limit: number): QueueRow[] {
  const last = sql(db, LAST_KEY_IN_FLIGHT_SQL, 'raw').get(connectorId) as [segmentId: number, customerId: string] | undefined;
  const [segment, customer] = last ?? [-1, ''];
  const read = (query: keyof typeof QUEUE_SQL, rows: number) =>
    sql(db, QUEUE_SQL[query], 'raw').all({ connector: connectorId, segment, customer, limit: rows }) as QueueRow[];
  let rows = last ? read('restOfSegment', limit) : [];
  if (rows.length < limit) rows = rows.concat(read('laterSegments', limit - rows.length));
  if (rows.length < limit && last) rows = read('upToLastInFlight', limit - rows.length).concat(rows);
  return rows;
}

/**
 * Reads up to `limit` changes from the head of the queue. Rows that no longer differ (which the staging
 * code never leaves behind, but a repair costs nothing here) are returned as `stale` for the caller to drop.
 */
function readQueueHead(db: Db, connectorId: number, limit: number): { items: BatchItem[]; stale: PendingKey[]; rows: number } {
  const segmentNames = new Map(
    (sql(db, 'SELECT id, name FROM segments WHERE connector_id = ?').all(connectorId) as Array<{ id: number; name: string }>).map(
      (s) => [s.id, s.name],
    ),
  );
  const rows = queueRows(db, connectorId, limit);
  const items: BatchItem[] = [];
  const stale: PendingKey[] = [];
  for (const [segmentId, customerId, params, paramsHash, deliveredHash] of rows) {
    const status = changeStatus(paramsHash, deliveredHash);
    if (status === null) {
      stale.push({ segmentId, customerId });
      continue;
    }
    const removed = status === 'REMOVED';
    items.push({
      segmentId,
      segmentName: segmentNames.get(segmentId) ?? String(segmentId),
      customerId,
      status,
      params: removed ? REMOVED.json : (params as string),
      paramsHash: removed ? REMOVED.hash : (paramsHash as string),
    });
  }
  return { items, stale, rows: rows.length };
}

interface Plan {
  uuid: string;
  items: BatchItem[];
}

/**
 * Picks the changes of the next batch. With `dropStale`, rows that no longer differ are deleted (a repair:
 * the staging code never leaves them behind); without it (preview) they are skipped by reading further.
 */
function planBatch(db: Db, connector: DeliveryConnector, maxBodyBytes: number, dropStale?: (keys: PendingKey[]) => void): Plan | null {
  const limit = batchLimit(connector);
  let want = limit;
  let head = readQueueHead(db, connector.id, want);
  while (head.stale.length > 0 && head.items.length < limit && head.rows === want) {
    if (dropStale) dropStale(head.stale);
    else want += head.stale.length;
    head = readQueueHead(db, connector.id, want);
  }
  if (dropStale && head.stale.length > 0) dropStale(head.stale);
  const items = head.items.slice(0, limit);
  if (items.length === 0) return null;
  const uuid = randomUUID();
  // Each customer's JSON is at most its params text (3 UTF-8 bytes per UTF-16 unit at most: no byteLength of
  // each) plus its id (escaped at most 6-fold) plus ~70 bytes.
  const roughBytes = items.reduce((n, i) => n + 3 * i.params.length + 6 * i.customerId.length + 80 + 6 * i.segmentName.length, 200);
  if (roughBytes <= maxBodyBytes) return { uuid, items };
  const fitting = itemsThatFit(uuid, customerTypeOf(connector.identifierType), items, maxBodyBytes);
  return { uuid, items: items.slice(0, fitting) };
}

/**
 * Freezes the next batch of a connector in ONE transaction: takes up to its batch size of unheld changes
 * that no unacknowledged batch carries, in key order, writes the exact body (split to stay within
 * maxBodyBytes) with a fresh uuid, and records what it carries in batch_items, which is what makes those keys
 * in flight (reconcile/pending.ts inFlight): their pending rows are not written. Returns null when nothing is pending.
 *
 * The params are written once, inside the body: batch_items keeps only each key's status and params hash
 * (acknowledge.ts takes the delivered params from the pending row when the hash still matches, else from the body).
 */
export function freezeBatch(db: Db, connector: DeliveryConnector, now: number, maxBodyBytes: number = LIMITS.maxBodyBytes): FrozenBatch | null {
  const insertBatch = sql(db, `INSERT INTO batches (uuid, connector_id, customers, counts, state, created_at) VALUES (?, ?, ?, ?, 'queued', ?)`);
  const insertBody = sql(db, 'INSERT INTO batch_bodies (batch_id, body) VALUES (?, ?)');
  const deletePending = sql(db, 'DELETE FROM pending WHERE segment_id = ? AND customer_id = ?');
  return inWriteTransaction(db, (): FrozenBatch | null => {
    const plan = planBatch(db, connector, maxBodyBytes, (keys) => keys.forEach((k) => deletePending.run(k.segmentId, k.customerId)));
    if (!plan) return null;
    const body = buildBody(plan.uuid, customerTypeOf(connector.identifierType), plan.items);
    const id = Number(insertBatch.run(plan.uuid, connector.id, body.customers, JSON.stringify(body.counts), now).lastInsertRowid);
    insertBody.run(id, body.text);
    insertItems(db, id, plan.items);
    stopHereSync('freeze-in-transaction');
    return { id, uuid: plan.uuid, connectorId: connector.id, body: body.text, bytes: body.bytes, customers: body.customers, counts: body.counts, attempts: 0 };
  });
}

/** The largest multi-row INSERT into batch_items; smaller ones halve down to a single row. */
const ITEMS_PER_INSERT = 256;
const itemsInsertSql = (rows: number) =>
  `INSERT INTO batch_items (batch_id, segment_id, customer_id, status, params_hash) VALUES ${'(?, ?, ?, ?, ?),'.repeat(rows).slice(0, -1)}`;
const ITEMS_INSERT_SQL = new Map(Array.from({ length: 9 }, (_, k) => [ITEMS_PER_INSERT >> k, itemsInsertSql(ITEMS_PER_INSERT >> k)]));

/**
 * Records what a batch carries in batch_items with multi-row INSERTs of 256, 128, … 1 rows (9 statements
 * at most, each prepared once per connection), binding each row's five values. One JSON array unpacked by
 * json_each cost a fifth more CPU; a statement per row about twice as much.
 */
function insertItems(db: Db, batchId: number, items: readonly BatchItem[]): void {
  let at = 0;
  for (let rows = ITEMS_PER_INSERT; rows >= 1; rows >>= 1) {
    while (items.length - at >= rows) {
      const values: Array<string | number> = new Array(rows * 5);
      for (let i = 0; i < rows; i++) {
        const item = items[at + i];
        values[i * 5] = batchId;
        values[i * 5 + 1] = item.segmentId;
        values[i * 5 + 2] = item.customerId;
        values[i * 5 + 3] = item.status;
        values[i * 5 + 4] = item.paramsHash;
      }
      sql(db, ITEMS_INSERT_SQL.get(rows)!).run(values);
      at += rows;
    }
  }
}

/** What the next freeze would produce, without storing anything (for the payload preview). */
export function peekNextBatch(db: Db, connector: DeliveryConnector, maxBodyBytes: number = LIMITS.maxBodyBytes) {
  const plan = planBatch(db, connector, maxBodyBytes);
  if (!plan) return null;
  return { uuid: plan.uuid, ...buildBody(plan.uuid, customerTypeOf(connector.identifierType), plan.items) };
}
