import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freezeBatch } from '../../../src/main/core/delivery/freeze';
import { acknowledgeBatch, carriedParams, countAttempt, failBatch, retryFailedBatch, settleAttempt, UNKNOWN_HASH } from '../../../src/main/core/delivery/acknowledge';
import { PARAM_TYPES, type Param } from '../../../src/shared/model';
import { importInto, remove, setup, upsert } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  ctx = await setup();
});
afterEach(() => ctx.close());

/** Each pending change: its status, the unacknowledged batch that carries it (in_flight), the failed one that holds it. */
const pending = () =>
  Object.fromEntries(
    (ctx.db.prepare(`SELECT customer_id, status, (SELECT f.batch_id FROM in_flight f WHERE f.segment_id = p.segment_id AND f.customer_id = p.customer_id) AS batch_id, held_by FROM pending p ORDER BY customer_id`).all() as Array<Record<string, unknown>>).map((r) => [
      r.customer_id,
      { status: r.status, batch: r.batch_id, held: r.held_by },
    ]),
  );
const delivered = () =>
  Object.fromEntries(
    (ctx.db.prepare('SELECT customer_id, params FROM delivered ORDER BY customer_id').all() as Array<{ customer_id: string; params: string }>).map((r) => [
      r.customer_id,
      JSON.parse(r.params)[0]?.value,
    ]),
  );
const freeze = () => freezeBatch(ctx.db, ctx.connector(), ctx.clock.now())!;
const rowOf = (table: 'desired_state' | 'delivered', customerId: string) =>
  ctx.db.prepare(`SELECT params, params_hash AS hash FROM ${table} WHERE customer_id = ?`).get(customerId) as { params: string; hash: string } | undefined;
const desiredRow = (customerId: string) => rowOf('desired_state', customerId);
const deliveredRow = (customerId: string) => rowOf('delivered', customerId);
const sortByCustomer = <T extends { customerId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe('acknowledging a batch (2xx)', () => {
  it('makes what it carried the delivered state and empties the queue of those keys', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b', 'Bob')]);
    const batch = freeze();
    acknowledgeBatch(ctx.db, batch.id, 5, 200);
    expect(delivered()).toEqual({ a: 'Alice', b: 'Bob' });
    expect(pending()).toEqual({});
    expect(ctx.db.prepare('SELECT state, delivered_at, last_http_status FROM batches').get()).toEqual({ state: 'delivered', delivered_at: 5, last_http_status: 200 });
  });

  it('deletes REMOVED keys from the delivered state', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    acknowledgeBatch(ctx.db, freeze().id, 1, 200);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    acknowledgeBatch(ctx.db, freeze().id, 2, 200);
    expect(delivered()).toEqual({ a: 'a' });
    expect(pending()).toEqual({});
  });

  it('requeues a key whose data changed while the batch was out, with the status it has now', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b', 'Bob')]);
    const batch = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia')]);
    acknowledgeBatch(ctx.db, batch.id, 1, 200);
    expect(delivered()).toEqual({ a: 'Alice', b: 'Bob' });
    expect(pending()).toEqual({ a: { status: 'MODIFIED', batch: null, held: null }, b: { status: 'REMOVED', batch: null, held: null } });
  });

  it('requeues as NEW a removed key that an import put back while its REMOVED batch was out', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b', 'Bob')]);
    acknowledgeBatch(ctx.db, freeze().id, 1, 200);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('b', 'Bob')]);
    const removal = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b', 'Bob')]);
    acknowledgeBatch(ctx.db, removal.id, 2, 200);
    expect(delivered()).toEqual({ b: 'Bob' });
    expect(pending()).toEqual({ a: { status: 'NEW', batch: null, held: null } });
  });

  it('empties the queue of a batch none of whose keys changed while it was out, and of no other batch', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b'), upsert('c')]);
    const first = freezeBatch(ctx.db, { ...ctx.connector(), batchSize: 2 }, ctx.clock.now())!;
    const second = freeze();
    acknowledgeBatch(ctx.db, first.id, 1, 200);
    expect(pending()).toEqual({ c: { status: 'NEW', batch: second.id, held: null } });
  });

  it('leaves pending exactly the keys whose desired state differs from the delivered one, whatever imports ran while the batch was out', async () => {
    // Each key is absent, or holds one of two values; an import is a snapshot of some of them.
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const snapshot = fc.array(fc.constantFrom<null | 'v1' | 'v2'>(null, 'v1', 'v2'), { minLength: keys.length, maxLength: keys.length });
    const upserts = (states: Array<null | string>) => keys.flatMap((key, i) => (states[i] === null ? [] : [upsert(key, states[i]!)]));
    await fc.assert(
      fc.asyncProperty(snapshot, snapshot, snapshot, async (before, atFreeze, whileOut) => {
        ctx.close();
        ctx = await setup();
        importInto(ctx.db, ctx.connectorId, 'Welcome', upserts(before));
        const first = freezeBatch(ctx.db, ctx.connector(), 1);
        if (first) acknowledgeBatch(ctx.db, first.id, 1, 200);
        importInto(ctx.db, ctx.connectorId, 'Welcome', upserts(atFreeze));
        const batch = freezeBatch(ctx.db, ctx.connector(), 2);
        importInto(ctx.db, ctx.connectorId, 'Welcome', upserts(whileOut));
        if (batch) acknowledgeBatch(ctx.db, batch.id, 3, 200);
        const sent = batch ? atFreeze : before;
        const expected = Object.fromEntries(
          keys.flatMap((key, i) => {
            if (whileOut[i] === sent[i]) return [];
            const status = whileOut[i] === null ? 'REMOVED' : sent[i] === null ? 'NEW' : 'MODIFIED';
            return [[key, { status, batch: null, held: null }]];
          }),
        );
        expect(pending()).toEqual(expected);
        expect(delivered()).toEqual(Object.fromEntries(keys.flatMap((key, i) => (sent[i] === null ? [] : [[key, sent[i]]]))));
      }),
      { numRuns: 60 },
    );
  });

  it('drops a key that went away and came back unchanged while the batch was out', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', []);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    acknowledgeBatch(ctx.db, batch.id, 1, 200);
    expect(pending()).toEqual({});
  });

  it('takes the delivered params of a key whose data changed while the batch was out from the body it sent', () => {
    const sent: Param[] = [
      { name: 'firstName', type: 'string', value: 'Zoë "Z" \\ O\u2028Brien' },
      { name: 'points', type: 'number', value: '12' },
    ];
    importInto(ctx.db, ctx.connectorId, 'Welcome', [{ line: 2, customerId: 'a', params: sent, action: 'upsert' }]);
    const atFreeze = desiredRow('a');
    const batch = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'changed since')]);
    acknowledgeBatch(ctx.db, batch.id, 1, 200);
    expect(deliveredRow('a')).toEqual(atFreeze);
    expect(JSON.parse(deliveredRow('a')!.params)).toEqual(sent);
  });

  it('is undone with the transaction it runs in', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freeze();
    expect(() =>
      ctx.db.transaction(() => {
        acknowledgeBatch(ctx.db, batch.id, 1, 200);
        throw new Error('the caller failed after the acknowledgement');
      })(),
    ).toThrow(/caller failed/);
    expect(delivered()).toEqual({});
    expect(pending()).toEqual({ a: { status: 'NEW', batch: batch.id, held: null } });
  });

  it('changes nothing when the same batch is acknowledged twice', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freeze();
    acknowledgeBatch(ctx.db, batch.id, 1, 200);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia')]);
    acknowledgeBatch(ctx.db, batch.id, 2, 200);
    expect(pending()).toEqual({ a: { status: 'MODIFIED', batch: null, held: null } });
  });
});

describe('the params a batch carried (kept only in its body)', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const paramsArb = fc.array(fc.record({ name: text, type: fc.constantFrom(...PARAM_TYPES), value: text }), { maxLength: 4 });

  it('read back from the body, are the exact JSON text and hash that desired held when it was frozen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(paramsArb, { minLength: 1, maxLength: 5 }), async (profiles) => {
        const local = await setup();
        try {
          const records = profiles.map((params, i) => ({ line: i + 2, customerId: `c${i}`, params, action: 'upsert' as const }));
          importInto(local.db, local.connectorId, 'Welcome', records);
          const desired = local.db.prepare('SELECT segment_id AS segmentId, customer_id AS customerId, params AS json, params_hash AS hash FROM desired_state').all();
          const batch = freezeBatch(local.db, local.connector(), 1)!;
          expect(sortByCustomer(carriedParams(local.db, batch.id))).toEqual(sortByCustomer(desired as typeof desired & Array<{ customerId: string }>));
        } finally {
          await local.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('a batch that failed for good (400)', () => {
  it('holds its changes back, keeps the response, and lets other changes go on', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    const batch = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b'), upsert('c')]);
    failBatch(ctx.db, batch.id, 400, '{"error":"bad field"}');
    expect(pending()).toEqual({
      a: { status: 'NEW', batch: null, held: batch.id },
      b: { status: 'NEW', batch: null, held: batch.id },
      c: { status: 'NEW', batch: null, held: null },
    });
    expect(ctx.db.prepare('SELECT state, last_http_status, last_error FROM batches WHERE id = ?').get(batch.id)).toEqual({
      state: 'failed',
      last_http_status: 400,
      last_error: '{"error":"bad field"}',
    });
    const next = freeze();
    expect(next.customers).toBe(1);
  });

  it('does not hold back a change whose data moved on while the batch was out', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b')]);
    const batch = freeze();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia'), upsert('b')]);
    failBatch(ctx.db, batch.id, 400, 'bad');
    expect(pending()).toEqual({ a: { status: 'NEW', batch: null, held: null }, b: { status: 'NEW', batch: null, held: batch.id } });
  });

  it('releases a held change when its data changes', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice')]);
    const batch = freeze();
    failBatch(ctx.db, batch.id, 400, 'bad');
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia')]);
    expect(pending()).toEqual({ a: { status: 'NEW', batch: null, held: null } });
  });

  it('releases its held changes into the queue when the operator retries it', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    const batch = freeze();
    failBatch(ctx.db, batch.id, 400, 'bad');
    expect(retryFailedBatch(ctx.db, batch.uuid)).toBe(2);
    expect(pending()).toEqual({ a: { status: 'NEW', batch: null, held: null }, b: { status: 'NEW', batch: null, held: null } });
    expect(freeze().customers).toBe(2);
  });

  it('refuses to retry a batch that did not fail, or does not exist, in a sentence', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    const batch = freeze();
    expect(() => retryFailedBatch(ctx.db, batch.uuid)).toThrow(/did not fail \(it is queued\)/);
    expect(() => retryFailedBatch(ctx.db, '00000000-0000-4000-8000-000000000000')).toThrow(/no batch with uuid/);
  });

  it('after an attempt that may have been applied, marks its keys as unknown (a new one with the params its body carried)', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b', 'Bob')]);
    acknowledgeBatch(ctx.db, freeze().id, 1, 200);
    const before = { a: deliveredRow('a')!.params, b: deliveredRow('b')!.params };
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia'), upsert('c', 'Carl')]);
    const carl = desiredRow('c')!.params;
    const batch = freeze();
    countAttempt(ctx.db, batch.id); // an attempt that timed out: Deployteq may have applied it
    settleAttempt(ctx.db, batch.id, true);
    countAttempt(ctx.db, batch.id); // the attempt that was refused
    settleAttempt(ctx.db, batch.id, false);
    failBatch(ctx.db, batch.id, 400, 'bad');
    const rows = ctx.db.prepare('SELECT customer_id AS id, params, params_hash AS hash FROM delivered ORDER BY customer_id').all();
    expect(rows).toEqual([
      { id: 'a', params: before.a, hash: UNKNOWN_HASH },
      { id: 'b', params: before.b, hash: UNKNOWN_HASH },
      { id: 'c', params: carl, hash: UNKNOWN_HASH },
    ]);
  });

  it('keeps the delivered state of a batch refused for good when no attempt may have been applied (refused at connect, then 400)', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    acknowledgeBatch(ctx.db, freeze().id, 1, 200);
    const before = deliveredRow('a')!;
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alicia')]);
    const batch = freeze();
    for (const applied of [false, false]) {
      countAttempt(ctx.db, batch.id);
      settleAttempt(ctx.db, batch.id, applied);
    }
    failBatch(ctx.db, batch.id, 400, 'bad');
    expect(deliveredRow('a')).toEqual(before);
  });

  it('counts an attempt cut short by a crash (started, never answered) as one that may have been applied', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    const batch = freeze();
    countAttempt(ctx.db, batch.id); // the process died with this request on the wire
    countAttempt(ctx.db, batch.id);
    settleAttempt(ctx.db, batch.id, false);
    failBatch(ctx.db, batch.id, 400, 'bad');
    expect(deliveredRow('a')).toMatchObject({ hash: UNKNOWN_HASH });
  });

  it('sends a REMOVED change that failed again only after a retry', () => {
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    acknowledgeBatch(ctx.db, freeze().id, 1, 200);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [remove('a')], 'delta');
    const batch = freeze();
    failBatch(ctx.db, batch.id, 400, 'bad');
    expect(pending()).toEqual({ a: { status: 'REMOVED', batch: null, held: batch.id } });
    expect(freezeBatch(ctx.db, ctx.connector(), 1)).toBeNull();
  });
});
