import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freezeBatch, peekNextBatch, QUEUE_HEAD_QUERIES } from '../../../src/main/core/delivery/freeze';
import { payloadSchemaErrors } from '../../../src/main/core/delivery/schema';
import { acknowledgeBatch } from '../../../src/main/core/delivery/acknowledge';
import { importInto, pendingCount, remove, setup, upsert } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  ctx = await setup({ connector: { batchSize: 3 } });
});
afterEach(() => ctx.close());

const ids = (n: number, prefix = 'c') => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);

describe('freezing a batch', () => {
  it('takes at most the batch size of changes, in key order, and puts them in flight', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(5).map((id) => upsert(id)));
    const batch = freezeBatch(ctx.db, ctx.connector(), ctx.clock.now())!;
    expect(batch.customers).toBe(3);
    const body = JSON.parse(batch.body);
    expect(body.campaigns[0].customers.map((c: { customerId: string }) => c.customerId)).toEqual(['c001', 'c002', 'c003']);
    const carried = ctx.db.prepare('SELECT customer_id FROM in_flight WHERE batch_id = ? ORDER BY customer_id').all(batch.id);
    expect(carried).toEqual([{ customer_id: 'c001' }, { customer_id: 'c002' }, { customer_id: 'c003' }]);
    const items = ctx.db.prepare('SELECT count(*) AS n FROM batch_items WHERE batch_id = ?').get(batch.id) as { n: number };
    expect(items.n).toBe(3);
  });

  it('takes the queue in key order (segment, then customer id), whatever order the changes came in', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', ['c9', 'c1', 'c5', 'c3'].map((id) => upsert(id)));
    const batch = freezeBatch(ctx.db, ctx.connector(), 1)!;
    expect(JSON.parse(batch.body).campaigns[0].customers.map((c: { customerId: string }) => c.customerId)).toEqual(['c1', 'c3', 'c5']);
  });

  it('records what each key carried (status and params hash) in batch_items, the params themselves only in the body', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freezeBatch(ctx.db, ctx.connector(), 1)!;
    const desired = ctx.db.prepare('SELECT params_hash FROM desired_state').get() as { params_hash: string };
    expect(ctx.db.prepare('SELECT customer_id, status, params_hash FROM batch_items WHERE batch_id = ?').all(batch.id)).toEqual([
      { customer_id: 'a', status: 'NEW', params_hash: desired.params_hash },
    ]);
  });

  it('writes the exact body of the payload schema, with a fresh v4 uuid, stored for resending', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freezeBatch(ctx.db, ctx.connector(), ctx.clock.now())!;
    const body = JSON.parse(batch.body);
    expect(payloadSchemaErrors(body)).toEqual([]);
    expect(body).toEqual({
      uuid: batch.uuid,
      customerType: 'CLANG_ID',
      campaigns: [{ segmentName: 'Welcome', customers: [{ customerId: 'a', r42Status: 'NEW', params: [{ name: 'firstName', type: 'string', value: 'Alice' }] }] }],
    });
    expect(batch.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const stored = ctx.db.prepare('SELECT body, customers, counts, state FROM batches JOIN batch_bodies ON batch_id = id WHERE id = ?').get(batch.id) as Record<
      string,
      unknown
    >;
    expect(stored).toEqual({ body: batch.body, customers: 1, counts: JSON.stringify({ Welcome: { NEW: 1, MODIFIED: 0, REMOVED: 0 } }), state: 'queued' });
  });

  it('groups the customers of several segments into campaigns by segment name, and sends REMOVED with empty params', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    importInto(ctx.db, ctx.connectorId, 'Churn', [upsert('b')]);
    acknowledgeBatch(ctx.db, freezeBatch(ctx.db, ctx.connector(), 1)!.id, 1, 200);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [remove('a')], 'delta');
    importInto(ctx.db, ctx.connectorId, 'Churn', [upsert('b', 'Bobby'), upsert('c')]);
    const body = JSON.parse(freezeBatch(ctx.db, ctx.connector(), 2)!.body);
    expect(payloadSchemaErrors(body)).toEqual([]);
    expect(body.customerType).toBe('CLANG_ID');
    expect(body.campaigns).toEqual([
      { segmentName: 'Welcome', customers: [{ customerId: 'a', r42Status: 'REMOVED', params: [] }] },
      {
        segmentName: 'Churn',
        customers: [
          { customerId: 'b', r42Status: 'MODIFIED', params: [{ name: 'firstName', type: 'string', value: 'Bobby' }] },
          { customerId: 'c', r42Status: 'NEW', params: [{ name: 'firstName', type: 'string', value: 'c' }] },
        ],
      },
    ]);
  });

  it('uses HASHED_EMAIL as customerType for a hashed-email connector', () => {
    ctx.db.prepare("UPDATE connectors SET identifier_type = 'hashed-email'").run();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'.repeat(64))]);
    expect(JSON.parse(freezeBatch(ctx.db, ctx.connector(), 1)!.body).customerType).toBe('HASHED_EMAIL');
  });

  it('never puts more than 600 customers in a batch, whatever the connector says', () => {
    ctx.db.exec('PRAGMA ignore_check_constraints = ON; UPDATE connectors SET batch_size = 5000; PRAGMA ignore_check_constraints = OFF;');
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(700).map((id) => upsert(id)));
    expect(freezeBatch(ctx.db, ctx.connector(), 1)!.customers).toBe(600);
  });

  it('splits a body over the size limit into smaller batches', () => {
    ctx.db.prepare('UPDATE connectors SET batch_size = 100').run();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(100).map((id) => upsert(id, 'x'.repeat(200))));
    const limit = 5_000;
    const sizes: number[] = [];
    for (let batch = freezeBatch(ctx.db, ctx.connector(), 1, limit); batch; batch = freezeBatch(ctx.db, ctx.connector(), 1, limit)) {
      expect(batch.bytes).toBeLessThanOrEqual(limit);
      expect(Buffer.byteLength(batch.body)).toBe(batch.bytes);
      expect(payloadSchemaErrors(JSON.parse(batch.body))).toEqual([]);
      sizes.push(batch.customers);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...sizes)).toBeLessThan(100);
  });

  it('passes over every batch in flight, and takes a change requeued below them before the ones after them', () => {
    const customers = (batch: { body: string }) => JSON.parse(batch.body).campaigns[0].customers.map((c: { customerId: string }) => c.customerId);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(7).map((id) => upsert(id)));
    const first = freezeBatch(ctx.db, ctx.connector(), 1)!;
    const second = freezeBatch(ctx.db, ctx.connector(), 1)!;
    expect([customers(first), customers(second)]).toEqual([
      ['c001', 'c002', 'c003'],
      ['c004', 'c005', 'c006'],
    ]);
    // c001 changes while the first batch is out: its acknowledgement requeues it, below the second batch's keys.
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(7).map((id) => upsert(id, id === 'c001' ? 'changed' : id)));
    acknowledgeBatch(ctx.db, first.id, 2, 200);
    expect(customers(freezeBatch(ctx.db, ctx.connector(), 3)!)).toEqual(['c001', 'c007']);
    expect(freezeBatch(ctx.db, ctx.connector(), 4)).toBeNull();
  });

  it('skips changes held back after a 400 and changes already carried by a batch', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(4).map((id) => upsert(id)));
    const first = freezeBatch(ctx.db, ctx.connector(), 1)!;
    // c001 held back after a 400 and carried no more; c002 and c003 still carried by the first batch.
    ctx.db.prepare("DELETE FROM batch_items WHERE batch_id = ? AND customer_id = 'c001'").run(first.id);
    ctx.db.prepare("UPDATE pending SET held_by = ? WHERE customer_id = 'c001'").run(first.id);
    const second = freezeBatch(ctx.db, ctx.connector(), 1)!;
    expect(JSON.parse(second.body).campaigns[0].customers.map((c: { customerId: string }) => c.customerId)).toEqual(['c004']);
    expect(freezeBatch(ctx.db, ctx.connector(), 1)).toBeNull();
  });

  it('returns null and stores nothing when nothing is pending', () => {
    expect(freezeBatch(ctx.db, ctx.connector(), 1)).toBeNull();
    expect(ctx.db.prepare('SELECT count(*) AS n FROM batches').get()).toEqual({ n: 0 });
  });

  it('drops a pending row whose desired state already equals the delivered state', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    ctx.db.exec(`INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at)
                 SELECT segment_id, customer_id, params, params_hash, 0 FROM desired_state WHERE customer_id = 'a'`);
    const batch = freezeBatch(ctx.db, ctx.connector(), 1)!;
    expect(batch.customers).toBe(1);
    expect(pendingCount(ctx.db)).toBe(1);
  });

  it.each(Object.entries(QUEUE_HEAD_QUERIES))('reads the queue (%s) through the pending_queue index, never by scanning the backlog', (_, query) => {
    const plan = ctx.db.prepare(`EXPLAIN QUERY PLAN ${query}`).all({ connector: ctx.connectorId, segment: 0, customer: '', limit: 500 }) as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail);
    // Segment by segment (segments held for review are left out: connectors/hold.ts), still in key order.
    expect(details.some((d) => /SEARCH p USING (COVERING )?INDEX pending_queue \(connector_id=\? AND segment_id=\?( AND customer_id>\?)?\)/.test(d))).toBe(true);
    expect(details.some((d) => /TEMP B-TREE/.test(d))).toBe(false);
    // At most the few rows of segments (the list of segments not held) and of the open batches (in flight) are scanned.
    expect(details.filter((d) => /^SCAN/.test(d) && !['SCAN segments', 'SCAN batches USING INDEX batches_open'].includes(d))).toEqual([]);
  });

  it('plans the next batch for a preview without freezing or storing anything', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(2).map((id) => upsert(id)));
    const peek = peekNextBatch(ctx.db, ctx.connector())!;
    expect(peek.customers).toBe(2);
    expect(payloadSchemaErrors(JSON.parse(peek.text))).toEqual([]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM batches').get()).toEqual({ n: 0 });
    expect(ctx.db.prepare('SELECT count(*) AS n FROM in_flight').get()).toEqual({ n: 0 });
  });
});
