import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/core/sandbox';
import { join } from 'node:path';
import { Delivery, Scheduler, type LeaseHolder } from '../../../src/main/core/delivery';
import { openDatabase } from '../../../src/main/core/db/open';
import { connectorsOf } from '../../support/temp-db';
import { importInto, setup, sleep, testClock, until, upsert, type ConnectorFields } from './helpers';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function world(connector: ConnectorFields = {}, lastFlushAt: number | null = null) {
  const clock = testClock();
  const sandbox = await startSandbox({ token: 'tok', now: clock.now });
  closers.push(() => sandbox.close());
  const ctx = await setup({ clock, token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 3, ...connector } });
  closers.push(ctx.close);
  ctx.db.prepare('UPDATE connectors SET last_flush_at = ?').run(lastFlushAt ?? clock.now());
  const scheduler = new Scheduler(ctx.delivery, { maxSleepMs: 50 });
  closers.push(() => scheduler.stop({ deadlineMs: 1000 }));
  return { clock, sandbox, ctx, scheduler };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('the scheduler', () => {
  it('flushes as soon as a full batch is pending', async () => {
    const { sandbox, ctx, scheduler } = await world();
    scheduler.start();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    ctx.delivery.notifyPending(ctx.connectorId);
    await until(() => sandbox.requestCount === 1, 5000, 'the flush');
  });

  it('waits for the flush interval while less than a full batch is pending, then sends it', async () => {
    const { clock, sandbox, ctx, scheduler } = await world({ flushIntervalMinutes: 20 });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    scheduler.start();
    await sleep(200);
    expect(sandbox.requestCount).toBe(0);
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBe(clock.now() + 20 * 60_000);
    clock.advance(20 * 60_000);
    await until(() => sandbox.requestCount === 1, 5000, 'the interval flush');
  });

  it('runs a flush that became overdue while the app was closed or the machine slept at once', async () => {
    const { clock, sandbox, ctx, scheduler } = await world({ flushIntervalMinutes: 20 }, testClock().now() - 3 * 3_600_000);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBeLessThan(clock.now());
    scheduler.start();
    await until(() => sandbox.requestCount === 1, 5000, 'the overdue flush');
  });

  it('sends an unacknowledged batch left by a crash at once on start', async () => {
    const { sandbox, ctx, scheduler } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    const { freezeBatch } = await import('../../../src/main/core/delivery/freeze');
    freezeBatch(ctx.db, ctx.connector(), 1);
    scheduler.start();
    await until(() => sandbox.requestCount === 1, 5000, 'the resend');
  });

  it('reads cron times in Amsterdam time', async () => {
    const { clock, ctx } = await world({ cron: '0 9 * * *' });
    clock.set(Date.parse('2026-07-01T06:00:00Z'));
    ctx.db.prepare('UPDATE connectors SET last_flush_at = ?').run(clock.now());
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBe(Date.parse('2026-07-01T07:00:00Z'));
  });

  it('follows a cron expression for fixed send times instead of the interval', async () => {
    const start = Date.parse('2026-03-10T09:05:00Z');
    const { clock, sandbox, ctx, scheduler } = await world({ cron: '*/30 * * * *' });
    clock.set(start);
    ctx.db.prepare('UPDATE connectors SET last_flush_at = ?').run(start);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBe(Date.parse('2026-03-10T09:30:00Z'));
    scheduler.start();
    await sleep(150);
    expect(sandbox.requestCount).toBe(0);
    clock.set(Date.parse('2026-03-10T09:30:00Z'));
    scheduler.wake();
    await until(() => sandbox.requestCount === 1, 5000, 'the cron flush');
  });

  it('resends a batch that failed for now at its retry time, not before', async () => {
    const { clock, sandbox, ctx, scheduler } = await world();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ status: 500 });
    await ctx.delivery.flush(ctx.connectorId);
    const retryAt = (ctx.db.prepare('SELECT next_attempt_at AS at FROM batches').get() as { at: number }).at;
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBe(retryAt);
    scheduler.start();
    await sleep(150);
    expect(sandbox.requestCount).toBe(1);
    clock.set(retryAt);
    scheduler.wake();
    await until(() => sandbox.requestCount === 2, 5000, 'the retry');
    await until(() => ctx.delivery.queueStatus()[0].pending.NEW === 0, 5000, 'the acknowledgement');
  });

  it('leaves halted and operator-paused connectors alone, and ends a 429 pause when its time is up', async () => {
    const { clock, sandbox, ctx, scheduler } = await world({}, 0);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    ctx.db.prepare("UPDATE connectors SET state = 'halted', state_reason = '401'").run();
    scheduler.start();
    await sleep(150);
    ctx.delivery.pause(ctx.connectorId);
    scheduler.wake();
    await sleep(150);
    expect(sandbox.requestCount).toBe(0);
    expect(ctx.delivery.queueStatus()[0].nextFlushAt).toBeNull();
    ctx.db.prepare("UPDATE connectors SET state = 'paused', paused_until = ?").run(clock.now() + 60_000);
    scheduler.wake();
    await sleep(150);
    expect(sandbox.requestCount).toBe(0);
    clock.advance(60_000);
    scheduler.wake();
    await until(() => sandbox.requestCount === 1, 5000, 'the flush after the pause');
    expect(ctx.connector().state).toBe('active');
  });

  it('sends nothing automatically while paused itself, and catches up on resume', async () => {
    const { sandbox, ctx, scheduler } = await world({}, 0);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    scheduler.pause();
    scheduler.start();
    await sleep(150);
    expect(sandbox.requestCount).toBe(0);
    scheduler.resume();
    await until(() => sandbox.requestCount === 1, 5000, 'the flush after resume');
  });

  it('on stop, lets the request in flight finish and starts no other', async () => {
    const { sandbox, ctx, scheduler } = await world({}, 0);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(9).map((id) => upsert(id)));
    sandbox.inject({ delayMs: 300 });
    scheduler.start();
    await until(() => sandbox.requestCount === 1, 5000, 'the first request');
    await scheduler.stop({ deadlineMs: 5000 });
    expect(sandbox.requestCount).toBe(1);
    expect(sandbox.state().requests[0].status).toBe(200);
    expect(ctx.delivery.log()[0].outcome).toBe('delivered');
  });

  it('on stop, abandons a request that outlives the deadline; its batch goes again, unchanged, next time', async () => {
    const { sandbox, ctx, scheduler } = await world({ timeoutMs: 30_000 }, 0);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ hang: true });
    scheduler.start();
    await until(() => sandbox.requestCount === 1, 5000, 'the request');
    const started = Date.now();
    await scheduler.stop({ deadlineMs: 200 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ctx.delivery.log()[0].outcome).toBe('abandoned');
    const again = new Scheduler(ctx.delivery, { maxSleepMs: 50 });
    closers.push(() => again.stop());
    again.start();
    await until(() => sandbox.requestCount === 2, 5000, 'the resend');
    const [first, second] = sandbox.state().requests;
    expect(second.body).toBe(first.body);
  });
});

describe('one scheduler per data folder', () => {
  it('a second scheduler on the same database stands by, saying which process runs, and takes over when that one stops', async () => {
    const { sandbox, ctx, scheduler } = await world();
    const otherDb = openDatabase(join(ctx.dir, 'canopy.db'));
    const other = new Delivery({ db: otherDb, connectors: connectorsOf(otherDb, ctx.clock.now), token: () => 'tok', now: ctx.clock.now, leaseTtlMs: 1000 });
    const standby: LeaseHolder[] = [];
    let active = 0;
    const second = new Scheduler(other, { maxSleepMs: 50, onStandby: (h) => standby.push(h), onActive: () => active++ });
    closers.push(async () => {
      await second.stop({ deadlineMs: 1000 });
      await other.close();
      otherDb.close();
    });
    scheduler.start();
    second.start();
    expect(scheduler.standingBy).toBeNull();
    expect(second.standingBy).toMatchObject({ pid: process.pid });
    expect(standby).toHaveLength(1);
    expect(active).toBe(0);

    await scheduler.stop();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    await until(() => sandbox.requestCount === 1, 5000, 'the second scheduler to take over and flush');
    expect(second.standingBy).toBeNull();
    expect(active).toBe(1);
  });
});
