import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startSandbox, type Fault, type Sandbox } from '../../../src/main/core/sandbox';
import type { StagedRecord } from '../../../src/main/core/reconcile/staging';
import { importInto, setup, testClock } from './helpers';
import type { Param } from '../../../src/shared/model';
import { UNKNOWN_HASH } from '../../../src/main/core/delivery/acknowledge';

/**
 * The reconcile invariant, over random sequences of imports, flushes against a receiver that fails in every
 * way the source description lists, and operator retries:
 *  - a key is pending iff desired != delivered, or a batch carrying it is unacknowledged;
 *  - an unbatched pending row's status is the difference desired vs delivered;
 *  - the receiver holds the delivered state, except for keys of unacknowledged batches (which it may or may
 *    not have applied);
 * and in the end, once the receiver behaves, it holds exactly the desired state.
 */
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
const SEGMENTS = ['A', 'B'];
const VALUES = ['v0', 'v1', 'v2'];
const FAULTS: Record<string, Fault> = {
  ok: {},
  e500: { status: 500 },
  e400: { status: 400 },
  lost: { apply: true, reset: true },
  reset: { reset: true },
  e429: { status: 429, headers: { 'Retry-After': '60' } },
  e401: { status: 401 },
};

const importArb = fc.record({
  kind: fc.constant('import' as const),
  segment: fc.constantFrom(...SEGMENTS),
  mode: fc.constantFrom('snapshot' as const, 'delta' as const),
  rows: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom(...VALUES), remove: fc.boolean() }), { maxLength: 8 }),
});
const flushArb = fc.record({
  kind: fc.constant('flush' as const),
  faults: fc.array(fc.constantFrom(...Object.keys(FAULTS)), { maxLength: 4 }),
  manual: fc.boolean(),
  advanceMs: fc.constantFrom(0, 61_000, 3_600_000),
});
const retryArb = fc.record({ kind: fc.constant('retry' as const) });
const opArb = fc.oneof({ arbitrary: importArb, weight: 3 }, { arbitrary: flushArb, weight: 3 }, { arbitrary: retryArb, weight: 1 });

type Ctx = Awaited<ReturnType<typeof setup>>;
type State = Map<string, string>;
const keyOf = (segment: string, customer: string) => `${segment}/${customer}`;

/** Params per key; a delivered key whose state at the receiver is unknown (see UNKNOWN_HASH) reads as "unknown". */
function table(ctx: Ctx, name: 'desired_state' | 'delivered'): State {
  const rows = ctx.db
    .prepare(`SELECT s.name AS segment, t.customer_id AS customer, t.params, t.params_hash AS hash FROM ${name} t JOIN segments s ON s.id = t.segment_id`)
    .all() as Array<{ segment: string; customer: string; params: string; hash: string }>;
  return new Map(rows.map((r) => [keyOf(r.segment, r.customer), r.hash === UNKNOWN_HASH ? UNKNOWN_HASH : r.params]));
}

function receiverState(sandbox: Sandbox): State {
  const state = new Map<string, string>();
  for (const [segment, members] of Object.entries(sandbox.state().segments)) {
    for (const [customer, params] of Object.entries(members)) state.set(keyOf(segment, customer), JSON.stringify(params as Param[]));
  }
  return state;
}

function sentParams(body: string, segment: string, customer: string): string {
  const payload = JSON.parse(body) as { campaigns: Array<{ segmentName: string; customers: Array<{ customerId: string; params: Param[] }> }> };
  const sent = payload.campaigns.find((c) => c.segmentName === segment)?.customers.find((c) => c.customerId === customer);
  return JSON.stringify(sent?.params);
}

function checkInvariant(ctx: Ctx, sandbox: Sandbox): void {
  const desired = table(ctx, 'desired_state');
  const delivered = table(ctx, 'delivered');
  const pending = ctx.db
    .prepare(
      `SELECT s.name AS segment, p.customer_id AS customer, p.status,
         (SELECT f.batch_id FROM in_flight f WHERE f.segment_id = p.segment_id AND f.customer_id = p.customer_id) AS batchId FROM pending p JOIN segments s ON s.id = p.segment_id`,
    )
    .all() as Array<{ segment: string; customer: string; status: string; batchId: number | null }>;
  const openBatchItems = ctx.db
    .prepare(
      `SELECT s.name AS segment, i.customer_id AS customer, i.status, x.body FROM batch_items i
       JOIN batches b ON b.id = i.batch_id JOIN batch_bodies x ON x.batch_id = b.id JOIN segments s ON s.id = i.segment_id
       WHERE b.state IN ('queued', 'retrying')`,
    )
    .all() as Array<{ segment: string; customer: string; status: string; body: string }>;
  // What each open batch carried, with the params as its body sent them.
  const carried = new Map(openBatchItems.map((i) => [keyOf(i.segment, i.customer), { status: i.status, params: sentParams(i.body, i.segment, i.customer) }]));
  const pendingByKey = new Map(pending.map((p) => [keyOf(p.segment, p.customer), p]));
  const receiver = receiverState(sandbox);

  const keys = new Set([...desired.keys(), ...delivered.keys(), ...pendingByKey.keys(), ...receiver.keys()]);
  for (const key of keys) {
    const differs = desired.get(key) !== delivered.get(key);
    const row = pendingByKey.get(key);
    expect(row !== undefined, `pending(${key})`).toBe(differs || carried.has(key));
    const unknown = delivered.get(key) === UNKNOWN_HASH;
    if (row && row.batchId === null) {
      const expected = !desired.has(key) ? ['REMOVED'] : !delivered.has(key) || unknown ? ['NEW'] : ['MODIFIED'];
      expect(expected, `status(${key})`).toContain(row.status);
    }
    if (row && row.batchId !== null) expect(carried.has(key), `carried(${key})`).toBe(true);
    const item = carried.get(key);
    const atReceiver = receiver.get(key);
    if (unknown) continue;
    if (!item) expect(atReceiver, `receiver(${key})`).toBe(delivered.get(key));
    else expect([delivered.get(key), item.status === 'REMOVED' ? undefined : item.params], `receiver(${key}) in flight`).toContain(atReceiver);
  }
}

function records(rows: Array<{ key: string; value: string; remove: boolean }>, mode: 'snapshot' | 'delta'): StagedRecord[] {
  return rows
    .filter((r) => mode === 'delta' || !r.remove)
    .map((r, i) => ({
      line: i + 2,
      customerId: r.key,
      params: r.remove ? [] : [{ name: 'v', type: 'string', value: r.value }],
      action: r.remove ? 'remove' : 'upsert',
    }));
}

describe('the reconcile invariant (property-based)', () => {
  it('holds after any sequence of imports, flushes with failures, and retries; at the end the receiver holds the desired state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const clock = testClock();
        const sandbox = await startSandbox({ token: 'tok', now: clock.now });
        const ctx = await setup({ clock, token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 2, timeoutMs: 2000 } });
        try {
          for (const op of ops) {
            if (op.kind === 'import') {
              importInto(ctx.db, ctx.connectorId, op.segment, records(op.rows, op.mode), op.mode);
            } else if (op.kind === 'flush') {
              clock.advance(op.advanceMs);
              for (const name of op.faults) sandbox.inject(FAULTS[name]);
              await ctx.delivery.flush(ctx.connectorId, { manual: op.manual });
              sandbox.clearFaults();
              if (ctx.connector().state === 'halted') ctx.delivery.resume(ctx.connectorId);
            } else {
              const failed = ctx.db.prepare("SELECT uuid FROM batches WHERE state = 'failed'").all() as Array<{ uuid: string }>;
              for (const { uuid } of failed) ctx.delivery.retryFailed(uuid);
            }
            checkInvariant(ctx, sandbox);
          }
          // The receiver behaves from now on: the operator retries what failed, resumes, and flushes.
          for (let round = 0; round < 20; round++) {
            for (const { uuid } of ctx.db.prepare("SELECT uuid FROM batches WHERE state = 'failed'").all() as Array<{ uuid: string }>) {
              if ((ctx.db.prepare('SELECT count(*) AS n FROM pending p JOIN batches b ON b.id = p.held_by WHERE b.uuid = ?').get(uuid) as { n: number }).n) {
                ctx.delivery.retryFailed(uuid);
              }
            }
            if (ctx.connector().state !== 'active') ctx.delivery.resume(ctx.connectorId);
            await ctx.delivery.flush(ctx.connectorId, { manual: true });
            checkInvariant(ctx, sandbox);
            if ((ctx.db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n === 0) break;
          }
          expect(receiverState(sandbox)).toEqual(table(ctx, 'desired_state'));
          expect(table(ctx, 'delivered')).toEqual(table(ctx, 'desired_state'));
        } finally {
          await ctx.close();
          await sandbox.close();
        }
      }),
      { numRuns: Number(process.env.CANOPY_PROPERTY_RUNS ?? 60) },
    );
  }, 120_000);
});
