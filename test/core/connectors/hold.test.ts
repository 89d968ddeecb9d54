import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/main/core/engine';
import type { Handlers } from '../../../src/main/core/handlers';
import type { Sandbox } from '../../../src/main/core/sandbox';
import { freezeBatch } from '../../../src/main/core/delivery/freeze';
import { describeOutlook } from '../../../src/shared/outlook';
import { customerIdExport, engineWithSandbox } from '../../support/engine-with-sandbox';

describe('Hold new changes for review', () => {
  let sandbox: Sandbox;
  let dir: string;
  let engine: Engine;
  let api: Handlers;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ sandbox, dir, engine, api, close } = await engineWithSandbox('hold-token-24680'));
    await api['connectors.create']({ name: 'Review', url: sandbox.url, batchSize: 500, holdForReview: true });
  });
  afterEach(() => close());

  it('is off unless asked for, and a connector says which it is', async () => {
    const plain = await api['connectors.create']({ name: 'Plain', url: sandbox.url });
    expect(plain.connector.holdForReview).toBe(false);
    expect((await api['connectors.list']({})).map((c) => [c.name, c.holdForReview])).toEqual([
      ['Plain', false],
      ['Review', true],
    ]);
  });

  it('the scheduler sends nothing an import queued, while another connector goes as usual', async () => {
    await api['connectors.create']({ name: 'Plain', url: sandbox.url, batchSize: 500 });
    engine.scheduler.start();
    const held = await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 1234), connector: 'Review', segment: 'Held' });
    await api['imports.run']({ file: customerIdExport(dir, 'plain.csv', 700, 5000), connector: 'Plain', segment: 'Open' });

    expect(held.outlook).toMatchObject({ when: 'nothing', changes: 0, heldForReview: 1234 });
    expect(describeOutlook(held.outlook!, 'Review')).toBe(
      '1,234 changes for Review are held for review: nothing of them is sent until you release them (Release in the Queue or Preview, or `release --connector Review`).',
    );
    await vi.waitFor(() => expect(sandbox.members('Open').size).toBe(700), { timeout: 20_000, interval: 50 });
    await engine.delivery.idle();
    expect(sandbox.members('Held').size).toBe(0);
    expect(engine.scheduler.dueTimes().get(engine.connectors.get('Review').id)).toBeNull();
    const review = (await api['queue.status']({})).find((q) => q.connectorName === 'Review');
    expect(review).toMatchObject({ heldForReview: 1234, pending: { NEW: 1234 } });
    expect(await api['queue.pending']({})).toContainEqual(expect.objectContaining({ segmentName: 'Held', heldForReview: 1234, heldSince: expect.any(Number) }));
  });

  it('a release sends it at once with the scheduler running, and is in the log', async () => {
    engine.scheduler.start();
    await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 1234), connector: 'Review', segment: 'Held' });
    const released = await api['queue.release']({ connector: 'Review' });

    expect(released).toEqual({
      connector: 'Review',
      segments: ['Held'],
      changes: 1234,
      message: 'Released 1,234 changes of Review (segment Held): they are sent like any pending change from now on.',
      sentence: { code: 'released', params: { count: 1234, connector: 'Review', segmentCount: 1, segments: 'Held' } },
    });
    await vi.waitFor(() => expect(sandbox.members('Held').size).toBe(1234), { timeout: 20_000, interval: 50 });
    const log = await api['log.list']({ connector: 'Review' });
    expect(log.find((e) => e.outcome === 'released')).toMatchObject({ kind: 'connector', meaning: released.message });
  });

  it('a manual flush leaves held changes alone and says so; after the release it sends them', async () => {
    await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 3), connector: 'Review', segment: 'Held' });

    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report).toMatchObject({ batchesSent: 0, customersDelivered: 0, failed: 0, halted: false });
    expect(report.messages).toEqual([
      '3 changes in segment Held are held for review: release them first (Release in the Queue or Preview, or `release --connector Review`).',
    ]);
    expect(sandbox.requestCount).toBe(0);
    expect((await api['preview.next']({ connector: 'Review' })).body).toBeNull();

    await api['queue.release']({ connector: 'Review' });
    const [after] = await api['queue.flush']({ connector: 'Review' });
    expect(after).toMatchObject({ batchesSent: 1, customersDelivered: 3, messages: [] });
    expect([...sandbox.members('Held').keys()].sort()).toEqual(['1', '2', '3']);
  });

  it('holds only the segments its imports touched: what another segment had queued still goes', async () => {
    await api['connectors.update']({ connector: 'Review', patch: { holdForReview: false } });
    await api['imports.run']({ file: customerIdExport(dir, 'open.csv', 2), connector: 'Review', segment: 'Open' });
    await api['connectors.update']({ connector: 'Review', patch: { holdForReview: true } });
    const held = await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 4, 100), connector: 'Review', segment: 'Held' });
    expect(held.outlook).toMatchObject({ when: 'on-flush', changes: 2, heldForReview: 4 });
    expect(describeOutlook(held.outlook!, 'Review')).toBe(
      '4 changes for Review are held for review: nothing of them is sent until you release them (Release in the Queue or Preview, or `release --connector Review`). ' +
        'No scheduler is running here: the 2 changes for Review wait until a flush (Flush now in the Queue, or `flush`).',
    );

    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report).toMatchObject({ batchesSent: 1, customersDelivered: 2 });
    expect(sandbox.members('Open').size).toBe(2);
    expect(sandbox.members('Held').size).toBe(0);
  });

  it('a batch frozen before the hold goes as it was; the changes after it wait', async () => {
    await api['connectors.update']({ connector: 'Review', patch: { holdForReview: false } });
    await api['imports.run']({ file: customerIdExport(dir, 'first.csv', 2), connector: 'Review', segment: 'S' });
    const frozen = freezeBatch(engine.db, engine.connectors.get('Review'), engine.now());
    await api['connectors.update']({ connector: 'Review', patch: { holdForReview: true } });
    await api['imports.run']({ file: customerIdExport(dir, 'second.csv', 5), connector: 'Review', segment: 'S' });

    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report).toMatchObject({ batchesSent: 1, customersDelivered: 2 });
    expect(sandbox.state().requests.map((r) => r.uuid)).toEqual([frozen!.uuid]);
    expect(report.messages).toEqual([expect.stringMatching(/^3 changes in segment S are held for review/)]);
  });

  it('turning the setting off places no new holds and keeps the ones placed, saying so', async () => {
    await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 3), connector: 'Review', segment: 'Held' });
    const saved = await api['connectors.update']({ connector: 'Review', patch: { holdForReview: false } });
    expect(saved.connector.holdForReview).toBe(false);
    expect(saved.notices).toEqual([
      'New changes of Review are no longer held, but the 3 changes already held still wait for a release (Release in the Queue, or `release --connector Review`).',
    ]);
    await api['imports.run']({ file: customerIdExport(dir, 'open.csv', 2, 50), connector: 'Review', segment: 'Open' });
    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report).toMatchObject({ batchesSent: 1, customersDelivered: 2 });
    expect(sandbox.members('Held').size).toBe(0);
  });

  it('an import that leaves nothing to send holds nothing; a release with nothing held says so', async () => {
    const file = customerIdExport(dir, 'a.csv', 3);
    await api['imports.run']({ file, connector: 'Review', segment: 'S' });
    await api['queue.release']({ connector: 'Review' });
    await api['queue.flush']({ connector: 'Review' });
    await api['imports.run']({ file, connector: 'Review', segment: 'S' });

    expect((await api['queue.pending']({}))[0]).toMatchObject({ heldForReview: 0, heldSince: null });
    expect(await api['queue.release']({ connector: 'Review' })).toMatchObject({ segments: [], changes: 0, message: 'Review held nothing for review.' });
  });

  it('a Release of what the screen showed is refused when a later import added to the hold since, and lets nothing go', async () => {
    await api['imports.run']({ file: customerIdExport(dir, 'first.csv', 3), connector: 'Review', segment: 'Held' });
    const seen = (await api['preview.next']({ connector: 'Review' })).heldThroughImport;
    expect((await api['queue.pending']({}))[0].heldByImport).toBe(seen);
    await api['imports.run']({ file: customerIdExport(dir, 'later.csv', 5), connector: 'Review', segment: 'Held' });

    await expect(api['queue.release']({ connector: 'Review', throughImport: seen })).rejects.toThrow(
      'Not released: a later import added changes to segment Held (later.csv) since you looked. Look at them again, then release.',
    );
    expect((await api['queue.status']({}))[0].heldForReview).toBe(5);
    const now = (await api['preview.next']({ connector: 'Review' })).heldThroughImport;
    expect(await api['queue.release']({ connector: 'Review', throughImport: now })).toMatchObject({ changes: 5 });
  });

  it('refuses a value that is not on or off, naming the setting', async () => {
    await expect(api['connectors.update']({ connector: 'Review', patch: { holdForReview: 'yes' } })).rejects.toThrow('Hold new changes for review is on or off');
  });
});
