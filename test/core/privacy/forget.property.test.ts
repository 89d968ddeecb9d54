import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startSandbox, type Fault } from '../../../src/main/core/sandbox';
import { forgetProfile, listErasures } from '../../../src/main/core/privacy/forget';
import { MemberState } from '../../../src/main/core/reconcile/member-state';
import type { StagedRecord } from '../../../src/main/core/reconcile/staging';
import { importInto, setup, testClock } from '../delivery/helpers';

/**
 * Forgetting, at any point of any sequence of imports and flushes against a receiver that fails (5xx, 400,
 * an answer lost after it was applied): once the receiver behaves and what failed is retried, the receiver
 * holds the profile in no segment, no table names it, the erasure is finished, and every segment's member
 * state still mirrors its desired state. Later imports leave the profile out (it was forgotten).
 */
const GONE = 'cust-forgotten-7731';
const KEYS = [GONE, 'k1', 'k2', 'k3'];
const SEGMENTS = ['A', 'B'];
const FAULTS: Record<string, Fault> = { ok: {}, e500: { status: 500 }, e400: { status: 400 }, lost: { apply: true, reset: true } };

const importArb = fc.record({
  kind: fc.constant('import' as const),
  segment: fc.constantFrom(...SEGMENTS),
  mode: fc.constantFrom('snapshot' as const, 'delta' as const),
  rows: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom('v0', 'v1'), remove: fc.boolean() }), { maxLength: 6 }),
});
const flushArb = fc.record({ kind: fc.constant('flush' as const), faults: fc.array(fc.constantFrom(...Object.keys(FAULTS)), { maxLength: 3 }) });
const opsArb = fc.array(fc.oneof(importArb, flushArb), { maxLength: 8 });

function records(rows: Array<{ key: string; value: string; remove: boolean }>, mode: 'snapshot' | 'delta', forgotten: boolean): StagedRecord[] {
  return rows
    .filter((r) => (mode === 'delta' || !r.remove) && !(forgotten && r.key === GONE))
    .map((r, i) => ({ line: i + 2, customerId: r.key, params: r.remove ? [] : [{ name: 'v', type: 'string', value: r.value }], action: r.remove ? 'remove' : 'upsert' }));
}

describe('forgetting a profile (property-based)', () => {
  it('leaves the receiver and the database without the profile, whatever came before and after', async () => {
    await fc.assert(
      fc.asyncProperty(opsArb, opsArb, async (before, after) => {
        const clock = testClock();
        const sandbox = await startSandbox({ token: 'tok', now: clock.now });
        const ctx = await setup({ clock, token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 2, timeoutMs: 2000 } });
        const run = async (ops: typeof before, forgotten: boolean) => {
          for (const op of ops) {
            if (op.kind === 'import') importInto(ctx.db, ctx.connectorId, op.segment, records(op.rows, op.mode, forgotten), op.mode);
            else {
              clock.advance(3_600_000);
              for (const name of op.faults) sandbox.inject(FAULTS[name]);
              await ctx.delivery.flush(ctx.connectorId, { manual: true });
              sandbox.clearFaults();
            }
          }
        };
        try {
          await run(before, false);
          forgetProfile({ db: ctx.db, dataDir: ctx.dir, now: clock.now }, { customerId: GONE });
          await run(after, true);
          for (let round = 0; round < 20; round++) {
            for (const uuid of ctx.db.prepare("SELECT uuid FROM batches WHERE state = 'failed'").pluck().all() as string[]) ctx.delivery.retryFailed(uuid);
            clock.advance(3_600_000);
            await ctx.delivery.flush(ctx.connectorId, { manual: true });
            if (ctx.db.prepare('SELECT count(*) FROM pending').pluck().get() === 0) break;
          }
          for (const segment of Object.values(sandbox.state().segments)) expect(Object.keys(segment)).not.toContain(GONE);
          expect(listErasures(ctx.db).every((e) => e.completedAt !== null)).toBe(true);
          const tables = ctx.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
          for (const table of tables) {
            const rows = ctx.db.prepare(`SELECT * FROM "${table}"`).raw(true).all() as unknown[][];
            const text = rows.flat().map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join('\n');
            expect(text.includes(GONE), `table ${table} names the profile`).toBe(false);
          }
          for (const id of ctx.db.prepare('SELECT id FROM segments').pluck().all() as number[]) {
            const desired = (ctx.db.prepare('SELECT customer_id FROM desired_state WHERE segment_id = ?').pluck().all(id) as string[]).sort();
            const state = [...MemberState.load(ctx.db, id).ids(ctx.db)].flatMap((chunk) => Array.from({ length: chunk.length }, (_, i) => chunk.text(i)));
            expect(state.sort()).toEqual(desired);
          }
        } finally {
          await ctx.close();
          await sandbox.close();
        }
      }),
      { numRuns: Number(process.env.CANOPY_PROPERTY_RUNS ?? 40) },
    );
  }, 180_000);
});
