import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandbox } from '../../../src/main/core/sandbox';
import { openDatabase } from '../../../src/main/core/db/open';
import { Delivery } from '../../../src/main/core/delivery';
import { requestsToday } from '../../../src/main/core/delivery/budget';
import { nextDueAt } from '../../../src/main/core/delivery/due';
import { connectorsOf } from '../../support/temp-db';
import { answerWith, startFaultReceiver, trickle } from '../../support/fault-receiver';
import { importInto, setup, testClock, upsert, type ConnectorFields } from './helpers';
import { english, englishFormats } from '../../../src/shared/messages';

/**
 * Receivers that once made a flush hang, throw or stop for the day, and faults a flush must get through:
 * each case against a real HTTP server on 127.0.0.1.
 */
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function against(answer: Parameters<typeof startFaultReceiver>[0], connector: ConnectorFields = {}) {
  const receiver = await startFaultReceiver(answer);
  closers.push(() => receiver.close());
  const ctx = await setup({ connector: { endpoint: receiver.endpoint, batchSize: 2, ...connector } });
  closers.push(() => ctx.close());
  importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
  return { receiver, ctx };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('bounded: no answer can make a flush hang, throw or stop the connector for nothing', () => {
  it('a receiver that sends its headers and then trickles its body is cut off at the timeout, and the batch waits for a retry', async () => {
    const { ctx } = await against(trickle(50), { timeoutMs: 1000 });
    const started = Date.now();
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report).toMatchObject({ batchesSent: 0, retrying: 1 });
    expect(ctx.delivery.log()[0]).toMatchObject({ outcome: 'retrying', httpStatus: null });
    expect(ctx.delivery.log()[0].meaning).toMatch(/^Timed out: no complete answer within 1 s: the same batch is sent again/);
  });

  it('Retry-After: 9999999999999 is recorded, and pauses the connector for at most 24 hours', async () => {
    const { ctx } = await against(answerWith(429, { 'Retry-After': '9999999999999' }));
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report.paused).toBe(true);
    expect(ctx.connector()).toMatchObject({ state: 'paused', pausedUntil: ctx.clock.now() + 24 * 3_600_000 });
    expect(ctx.delivery.log()[0]).toMatchObject({ outcome: 'paused', httpStatus: 429, nextRetryAt: ctx.clock.now() + 24 * 3_600_000 });
    expect(report.problems).toEqual([expect.stringMatching(/^Main is paused until 2026-03-11 09:00:00 UTC: 429 Daily limit reached/)]);
  });

  it('a Retry-After HTTP date far in the future pauses for 24 hours at most', async () => {
    const { ctx } = await against(answerWith(429, { 'Retry-After': 'Fri, 31 Dec 9999 23:59:59 GMT' }));
    await ctx.delivery.flush(ctx.connectorId);
    expect(ctx.connector().pausedUntil).toBe(ctx.clock.now() + 24 * 3_600_000);
  });

  it('an X-Clang-Request-Count of 1e20 (or beyond ten times the daily limit) is not believed; a plausible one is', async () => {
    const { ctx, receiver } = await against(answerWith(200, { 'X-Clang-Request-Count': '100000000000000000000' }), { dailyLimit: 100 });
    const endpoint = receiver.endpoint;
    await ctx.delivery.flush(ctx.connectorId);
    expect(requestsToday(ctx.db, endpoint, ctx.clock.now())).toBe(1);
    expect(ctx.connector().state).toBe('active');

    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('c')]);
    const tooMany = await against(answerWith(200, { 'X-Clang-Request-Count': '1001' }), { dailyLimit: 100 });
    await tooMany.ctx.delivery.flush(tooMany.ctx.connectorId, { manual: true });
    expect(requestsToday(tooMany.ctx.db, tooMany.receiver.endpoint, tooMany.ctx.clock.now())).toBe(1);

    const plausible = await against(answerWith(200, { 'X-Clang-Request-Count': '57' }), { dailyLimit: 100 });
    await plausible.ctx.delivery.flush(plausible.ctx.connectorId, { manual: true });
    expect(requestsToday(plausible.ctx.db, plausible.receiver.endpoint, plausible.ctx.clock.now())).toBe(57);
  });
});

describe('flushes that get through intermittent faults', () => {
  async function withSandbox(quickRetries = 2) {
    const clock = testClock();
    const sandbox = await startSandbox({ token: 'tok', now: clock.now });
    closers.push(() => sandbox.close());
    const ctx = await setup({
      clock,
      token: 'tok',
      connector: { endpoint: sandbox.endpoint, batchSize: 2 },
      deps: { backoff: { baseMs: 30_000, maxMs: 30 * 60_000, jitter: 0.2, quickRetries, quickBaseMs: 20, failuresToStop: 2 } },
    });
    closers.push(() => ctx.close());
    return { sandbox, ctx };
  }

  it('a transient failure (500, 503, reset) is retried within the flush, quickly, with the same uuid and body', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(4).map((id) => upsert(id)));
    sandbox.inject({ status: 503 });
    sandbox.inject({ reset: true });
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ batchesSent: 2, retrying: 0, problems: [] });
    const [first, second, third] = sandbox.state().requests;
    expect([first.status, third.status]).toEqual([503, 200]);
    expect(second.reason).toBe('reset (injected)');
    expect(new Set([first.uuid, second.uuid, third.uuid]).size).toBe(1);
    expect(third.body).toBe(first.body);
    expect(ctx.delivery.log().map((e) => e.outcome)).toEqual(['delivered', 'delivered', 'retrying', 'retrying']);
    expect(ctx.delivery.log()[3].meaning).toMatch(/^503 Server error: the same batch is sent again in 0(\.\d)? s \(attempt 2\)\.$/);
  });

  it('an isolated failure that outlasts its quick retries waits out the backoff; the other batches still go', async () => {
    const { sandbox, ctx } = await withSandbox(1);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(6).map((id) => upsert(id)));
    sandbox.inject({ status: 500 }, 2);
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ batchesSent: 2, retrying: 1 });
    expect(report.problems).toHaveLength(1);
    expect(report.problems![0]).toMatch(/^Main: 1 batch not delivered \(500 Internal server error or unsupported call\); the next attempt is at /);
    expect(sandbox.requestCount).toBe(4);
  });

  it('after an isolated failure, the next scheduled flushes send new batches at once; once the receiver looks down, everything waits for the retry time', async () => {
    const { sandbox, ctx } = await withSandbox(0);
    const due = () => nextDueAt(ctx.db, ctx.connector(), ctx.clock.now());
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(4).map((id) => upsert(id)));
    sandbox.inject({ status: 500 });
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 1, retrying: 1 });

    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(6).map((id) => upsert(id)), 'delta');
    expect(due()).toBe(ctx.clock.now());
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 1 });
    expect(sandbox.requestCount).toBe(3);
    expect(ctx.db.prepare("SELECT count(*) AS n FROM batches WHERE state = 'retrying'").get()).toEqual({ n: 1 });

    sandbox.inject({ status: 503 }, 10);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(8).map((id) => upsert(id)), 'delta');
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 0, retrying: 1 });
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(10).map((id) => upsert(id)), 'delta');
    const retryAt = (ctx.db.prepare("SELECT min(next_attempt_at) AS at FROM batches WHERE state = 'retrying'").get() as { at: number }).at;
    expect(due()).toBe(retryAt);
    expect((await ctx.delivery.flush(ctx.connectorId)).messages.join()).toMatch(/backing off after a failed attempt; the next one is at /);
    expect(sandbox.requestCount).toBe(4);
  });

  it('a run of consecutive failures (the receiver is down) ends the flush and backs off', async () => {
    const { sandbox, ctx } = await withSandbox(1);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(20).map((id) => upsert(id)));
    sandbox.inject({ status: 502 }, 100);
    const report = await ctx.delivery.flush(ctx.connectorId);
    // Two batches, each sent twice (one quick retry), then the flush stops: 4 requests, not 20.
    expect(sandbox.requestCount).toBe(4);
    expect(report).toMatchObject({ batchesSent: 0, retrying: 2 });
    expect(report.problems).toEqual([expect.stringMatching(/^Main: 2 batches not delivered \(502 Server error\); the next attempt is at /)]);
  });
});

describe('a receiver too slow to answer', () => {
  it('is not retried within the flush (each try would cost another full timeout): two timeouts in a row end it', async () => {
    const receiver = await startFaultReceiver(trickle(50));
    closers.push(() => receiver.close());
    const ctx = await setup({
      connector: { endpoint: receiver.endpoint, batchSize: 2, timeoutMs: 1000 },
      deps: { backoff: { baseMs: 30_000, maxMs: 30 * 60_000, jitter: 0.2, quickRetries: 2, quickBaseMs: 20, failuresToStop: 2 } },
    });
    closers.push(() => ctx.close());
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(8).map((id) => upsert(id)));
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(receiver.requests).toHaveLength(2);
    expect(report).toMatchObject({ batchesSent: 0, retrying: 2 });
    expect(report.problems).toEqual([expect.stringMatching(/^Main: 2 batches not delivered \(Timed out: no complete answer within 1 s\); the next attempt is at /)]);
  });
});

describe('one sender per connector, across processes', () => {
  it('a second Delivery on the same database sends nothing while the first holds the lease, and says who sends', async () => {
    const sandbox = await startSandbox({ token: 'tok' });
    closers.push(() => sandbox.close());
    const ctx = await setup({ token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 1 } });
    closers.push(() => ctx.close());
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    const otherDb = openDatabase(join(ctx.dir, 'canopy.db'));
    const other = new Delivery({ db: otherDb, connectors: connectorsOf(otherDb), token: () => 'tok', leaseWaitMs: 200 });
    closers.push(async () => {
      await other.close();
      otherDb.close();
    });
    sandbox.inject({ delayMs: 600 });
    const first = ctx.delivery.flush(ctx.connectorId, { manual: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(other.queueStatus()[0].sendingBy).toMatchObject({ pid: process.pid });
    const second = await other.flush(ctx.connectorId, { manual: true });
    expect(second).toMatchObject({ batchesSent: 0, busy: { pid: process.pid } });
    expect(second.messages[0]).toMatch(/^Main: process \d+ on .+ \(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \w+\) is sending for this connector/);
    expect((await first).batchesSent).toBe(3);
    expect(sandbox.state().duplicates).toBe(0);
    expect(other.queueStatus()[0].sendingBy).toBeNull();
  });

  it('a flush whose lease was taken over sends nothing more, not even the batch it had frozen', async () => {
    const sandbox = await startSandbox({ token: 'tok' });
    closers.push(() => sandbox.close());
    const ctx = await setup({ token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 1 } });
    closers.push(() => ctx.close());
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    sandbox.inject({ delayMs: 400 });
    const flushing = ctx.delivery.flush(ctx.connectorId, { manual: true });
    await new Promise((r) => setTimeout(r, 100));
    // As if this process had been paused past its lease and another one had taken it: a new holder, a new fence.
    ctx.db.prepare(`UPDATE delivery_leases SET holder = 'other@elsewhere#1', host = 'elsewhere', fence = fence + 1, expires_at = ?`).run(Date.now() + 60_000);
    const report = await flushing;
    expect(report.batchesSent).toBe(1);
    expect(sandbox.requestCount).toBe(1);
    expect(report.messages.join(' ')).toMatch(/process \d+ on elsewhere .* took over sending for this connector; this flush stopped/);
    // The holder goes to the screens as values (pid, host, since), to be worded in their language.
    const at = report.lineMessages!.findIndex((m) => m?.code === 'flushLeaseLost');
    expect(report.lineMessages![at]).toEqual({ code: 'flushLeaseLost', params: { connector: expect.any(String), pid: process.pid, host: 'elsewhere', since: expect.any(Number) } });
    expect(english(report.lineMessages![at]!, englishFormats())).toBe(report.messages[at]);
  });
});
