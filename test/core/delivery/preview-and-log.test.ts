import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/core/sandbox';
import { freezeBatch } from '../../../src/main/core/delivery/freeze';
import { importInto, insertConnector, setup, testClock, upsert } from './helpers';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function world(token = 'tok') {
  const clock = testClock();
  const sandbox = await startSandbox({ token: 'tok', now: clock.now });
  closers.push(() => sandbox.close());
  const ctx = await setup({ clock, token, connector: { endpoint: `${sandbox.endpoint}?list=7`, batchSize: 2 } });
  closers.push(ctx.close);
  return { sandbox, ctx };
}

describe('the payload preview', () => {
  it('shows the exact body the next freeze would produce, without freezing anything, and the URL with the token redacted', async () => {
    const { ctx } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'Alice'), upsert('b'), upsert('c')]);
    const preview = ctx.delivery.preview(ctx.connectorId);
    expect(preview).toMatchObject({
      connector: 'Main',
      customers: 2,
      counts: { Welcome: { NEW: 2, MODIFIED: 0, REMOVED: 0 } },
      schemaErrors: [],
    });
    expect(preview.url).toMatch(/\/sandbox\?list=7&token=\*\*\*$/);
    expect(preview.body).toMatchObject({ customerType: 'CLANG_ID', campaigns: [{ segmentName: 'Welcome', customers: [{ customerId: 'a' }, { customerId: 'b' }] }] });
    expect(preview.bytes).toBe(Buffer.byteLength(JSON.stringify(preview.body)));
    expect(ctx.db.prepare('SELECT count(*) AS n FROM batches').get()).toEqual({ n: 0 });
  });

  it('shows an unacknowledged batch exactly as it will be resent, uuid included', async () => {
    const { ctx } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    const batch = freezeBatch(ctx.db, ctx.connector(), 1)!;
    expect(JSON.stringify(ctx.delivery.preview(ctx.connectorId).body)).toBe(batch.body);
  });

  it('has no body when nothing is pending', async () => {
    const { ctx } = await world();
    expect(ctx.delivery.preview(ctx.connectorId)).toMatchObject({ body: null, customers: 0, bytes: 0, counts: {}, schemaErrors: [] });
  });
});

describe('the queue view', () => {
  it('shows per connector its state, pending changes, what is in flight or held, the next flush and today\'s requests', async () => {
    const { ctx, sandbox } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b'), upsert('c'), upsert('d'), upsert('e')]);
    sandbox.inject({ status: 400 });
    await ctx.delivery.flush(ctx.connectorId);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b'), upsert('c'), upsert('d'), upsert('e'), upsert('f')]);
    freezeBatch(ctx.db, ctx.connector(), 1);
    const [view] = ctx.delivery.queueStatus();
    expect(view).toMatchObject({
      connectorId: ctx.connectorId,
      connectorName: 'Main',
      state: 'active',
      stateReason: null,
      pending: { NEW: 3, MODIFIED: 0, REMOVED: 0 },
      inFlight: 1,
      held: 2,
      requestsToday: 3,
      dailyLimit: 0,
    });
    expect(view.nextFlushAt).toBe(ctx.clock.now());
  });
});

describe('the attempt log', () => {
  it('lists the newest events first, pages back with beforeId, and filters by connector', async () => {
    const { ctx, sandbox } = await world();
    const other = await insertConnector(ctx.db, { name: 'Other', endpoint: sandbox.endpoint, batchSize: 1 });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b'), upsert('c')]);
    importInto(ctx.db, other, 'Else', [upsert('x')]);
    await ctx.delivery.flushAll();
    const all = ctx.delivery.log();
    expect(all.map((e) => e.connectorName)).toEqual(['Other', 'Main', 'Main']);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect(ctx.delivery.log({ limit: 1 })).toHaveLength(1);
    expect(ctx.delivery.log({ beforeId: all[0].id }).map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
    expect(ctx.delivery.log({ connectorId: other }).map((e) => e.connectorName)).toEqual(['Other']);
    expect(ctx.delivery.log({ afterId: all[2].id }).map((e) => e.id)).toEqual([all[1].id, all[0].id]);
  });

  it('records halts and pauses with what they mean, and emits every event live', async () => {
    const { ctx } = await world('wrong');
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    const [event] = ctx.delivery.log();
    expect(event).toMatchObject({ outcome: 'halted', httpStatus: 401, customers: 1 });
    expect(ctx.events.filter((e) => e.type === 'batch').map((e) => (e as { event: unknown }).event)).toEqual([event]);
    expect(ctx.events.some((e) => e.type === 'queue')).toBe(true);
  });

  it('keeps at most 500 characters of a response', async () => {
    const { ctx, sandbox } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ status: 400, body: 'x'.repeat(5000) });
    await ctx.delivery.flush(ctx.connectorId);
    expect(ctx.delivery.log()[0].responseSnippet!.length).toBeLessThanOrEqual(500);
  });
});
