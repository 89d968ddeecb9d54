import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/main/core/engine';
import type { Handlers } from '../../../src/main/core/handlers';
import type { Sandbox } from '../../../src/main/core/sandbox';
import { describeOutlook } from '../../../src/shared/outlook';
import { localTime } from '../../../src/shared/local-time';
import { customerIdExport, engineWithSandbox } from '../../support/engine-with-sandbox';

describe('what an import says will happen to its changes', () => {
  let sandbox: Sandbox;
  let dir: string;
  let engine: Engine;
  let api: Handlers;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ sandbox, dir, engine, api, close } = await engineWithSandbox('outlook-token-13579'));
    await api['connectors.create']({ name: 'Demo', url: sandbox.url, batchSize: 500 });
  });
  afterEach(() => close());

  it('with the scheduler running and full batches pending: all of it goes at once, and it really does', async () => {
    engine.scheduler.start();
    const result = await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 1234), connector: 'Demo', segment: 'S' });
    expect(result.pending.NEW).toBe(1234);
    expect(result.outlook).toMatchObject({ when: 'now', schedulerRunning: true, changes: 1234, batches: 3, batchSize: 500 });
    expect(describeOutlook(result.outlook!, 'Demo')).toBe('Sending now: the scheduler sends all 1,234 changes for Demo in one flush, about 3 requests of up to 500.');
    await vi.waitFor(() => expect(sandbox.members('S').size).toBe(1234), { timeout: 20_000, interval: 50 });
    // The receiver has them before the last answer is acknowledged: wait for that flush to end.
    await engine.delivery.idle();
    const [queue] = await api['queue.status']({});
    expect(queue.pending).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
  });

  it('with the scheduler running and less than a batch: at the next scheduled flush, with its time, and nothing before', async () => {
    engine.scheduler.start();
    const result = await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 120), connector: 'Demo', segment: 'S' });
    const connector = engine.connectors.get('Demo');
    const next = connector.createdAt + connector.flushIntervalMinutes * 60_000;
    expect(result.outlook).toMatchObject({ when: 'next-flush', changes: 120, nextFlushAt: next });
    expect(describeOutlook(result.outlook!, 'Demo')).toBe(
      `Less than a full batch (120 changes of 500): they go at the next scheduled flush, at ${localTime(next, { now: result.outlook!.at })}, or now with Flush now.`,
    );
    await engine.delivery.idle();
    expect(sandbox.requestCount).toBe(0);
  });

  it('without a scheduler (the CLI, serve --no-scheduler): only a flush sends', async () => {
    const result = await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 1234), connector: 'Demo', segment: 'S' });
    expect(result.outlook).toMatchObject({ when: 'on-flush', schedulerRunning: false, changes: 1234 });
    expect(describeOutlook(result.outlook!, 'Demo')).toMatch(/^No scheduler is running here: the 1,234 changes for Demo wait until a flush/);
    expect((await api['app.info']({})).schedulerRunning).toBe(false);
  });

  it('a halted connector: nothing is sent, and how to mend it', async () => {
    engine.scheduler.start();
    engine.connectors.setState(engine.connectors.get('Demo').id, 'halted', '401 Authentication failed (token or user invalid): connector halted until the token is changed.');
    const result = await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 700), connector: 'Demo', segment: 'S' });
    expect(result.outlook).toMatchObject({ when: 'halted' });
    expect(describeOutlook(result.outlook!, 'Demo')).toMatch(/^Nothing is sent: Demo is halted \(401 Authentication failed .*\)\. Give it a new token/);
    await engine.delivery.idle();
    expect(sandbox.requestCount).toBe(0);
  });

  it('a daily limit too small for today: says how many go today and when the rest follow', async () => {
    await api['connectors.update']({ connector: 'Demo', patch: { dailyLimit: 2 } });
    engine.scheduler.start();
    const result = await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 1234), connector: 'Demo', segment: 'S' });
    expect(result.outlook).toMatchObject({ when: 'now', requestsLeftToday: 2, batches: 3 });
    expect(describeOutlook(result.outlook!, 'Demo')).toMatch(/in one flush, about 3 requests of up to 500\. The daily limit leaves 2 requests today: the rest go after it renews at .+\.$/);
    await vi.waitFor(() => expect(sandbox.members('S').size).toBe(1000), { timeout: 20_000, interval: 50 });
    await engine.delivery.idle();
    expect(sandbox.requestCount).toBe(2);
  });

  it('an import that leaves nothing to send says so', async () => {
    const file = customerIdExport(dir, 'a.csv', 10);
    await api['imports.run']({ file, connector: 'Demo', segment: 'S' });
    await api['queue.flush']({ connector: 'Demo' });
    const again = await api['imports.run']({ file, connector: 'Demo', segment: 'S' });
    expect(again.outlook).toMatchObject({ when: 'nothing', changes: 0 });
    expect(describeOutlook(again.outlook!, 'Demo')).toBe('Nothing to send: Demo has no pending changes.');
  });
});

describe('local time with its zone', () => {
  it('names the zone, and the day when it is not today', () => {
    const at = Date.parse('2026-03-10T13:20:00Z');
    expect(localTime(at, { now: at, timeZone: 'Europe/Amsterdam' })).toBe('14:20 CET');
    expect(localTime(at, { now: at - 86_400_000, timeZone: 'Europe/Amsterdam' })).toBe('Tue 10 Mar, 14:20 CET');
    expect(localTime(at, { now: at, timeZone: 'UTC' })).toBe('13:20 UTC');
  });
});
