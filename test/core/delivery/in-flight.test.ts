/**
 * "In flight" has one meaning everywhere (reconcile/pending.ts inFlight, the view in_flight of migration 014):
 * the keys an unacknowledged batch carries. Frozen keys are not marked in pending, so every reader that
 * needs them (the screens' queue counts, the scheduler's count of queued changes, the next freeze, an
 * import, holds for review, adopt, forget) finds them through what the batches carry, and they stop being
 * in flight the moment the batch's answer is recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/core/engine';
import type { Handlers } from '../../../src/main/core/handlers';
import type { Sandbox } from '../../../src/main/core/sandbox';
import { acknowledgeBatch, failBatch } from '../../../src/main/core/delivery/acknowledge';
import { queuedChanges } from '../../../src/main/core/delivery/due';
import { freezeBatch, type FrozenBatch } from '../../../src/main/core/delivery/freeze';
import { heldSegments } from '../../../src/main/core/connectors/hold';
import { customerIdExport, engineWithSandbox } from '../../support/engine-with-sandbox';

describe('a key is in flight while an unacknowledged batch carries it, and only then', () => {
  let sandbox: Sandbox;
  let dir: string;
  let engine: Engine;
  let api: Handlers;
  let close: () => Promise<void>;
  let connectorId: number;

  beforeEach(async () => {
    ({ sandbox, dir, engine, api, close } = await engineWithSandbox('in-flight-token-24680'));
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, batchSize: 3 });
    connectorId = engine.connectors.get('Shop').id;
    await api['imports.run']({ file: customerIdExport(dir, 'welcome.csv', 5), connector: 'Shop', segment: 'Welcome' });
  });
  afterEach(() => close());

  const freeze = () => freezeBatch(engine.db, engine.connectors.get('Shop'), engine.now())!;
  const carried = (batch: FrozenBatch) => (JSON.parse(batch.body).campaigns[0].customers as Array<{ customerId: string }>).map((c) => c.customerId);
  const queue = () => engine.delivery.queueStatus()[0];
  const segmentSummary = async () => (await api['queue.pending']({}))[0];

  it('is counted in flight by the queue and the segment summary, and left out of the queued changes and the next batch', async () => {
    const first = freeze();
    expect(carried(first)).toEqual(['1', '2', '3']);

    expect(queue()).toMatchObject({ pending: { NEW: 5, MODIFIED: 0, REMOVED: 0 }, inFlight: 3 });
    expect(await segmentSummary()).toMatchObject({ counts: { NEW: 5, MODIFIED: 0, REMOVED: 0 }, inFlight: 3 });
    expect(queuedChanges(engine.db, connectorId, 500)).toBe(2);
    expect(carried(freeze())).toEqual(['4', '5']);
    expect(freezeBatch(engine.db, engine.connectors.get('Shop'), engine.now())).toBeNull();
  });

  it('is in flight no more once its batch is acknowledged or fails for good', async () => {
    const first = freeze();
    const second = freeze();
    acknowledgeBatch(engine.db, first.id, engine.now(), 200);
    expect(queue()).toMatchObject({ pending: { NEW: 2, MODIFIED: 0, REMOVED: 0 }, inFlight: 2 });

    failBatch(engine.db, second.id, 400, '{"error":"refused"}');
    expect(queue()).toMatchObject({ pending: { NEW: 2, MODIFIED: 0, REMOVED: 0 }, inFlight: 0, held: 2 });
    expect(queuedChanges(engine.db, connectorId, 500)).toBe(0);
  });

  it('keeps its pending change through an import that takes it back out, so the acknowledgement can requeue its removal', async () => {
    const first = freeze();
    await api['imports.run']({ file: customerIdExport(dir, 'welcome-2.csv', 2, 4), connector: 'Shop', segment: 'Welcome' });
    // 1–3 left the segment while their NEW was on its way: nothing is delivered yet, yet their rows stay.
    expect(engine.db.prepare("SELECT customer_id FROM pending WHERE customer_id IN ('1', '2', '3') ORDER BY customer_id").pluck().all()).toEqual(['1', '2', '3']);

    acknowledgeBatch(engine.db, first.id, engine.now(), 200);

    expect(engine.db.prepare('SELECT customer_id, status FROM pending ORDER BY customer_id').raw(true).all()).toEqual([
      ['1', 'REMOVED'],
      ['2', 'REMOVED'],
      ['3', 'REMOVED'],
      ['4', 'NEW'],
      ['5', 'NEW'],
    ]);
  });

  it('is not among the changes a hold for review holds back, and adopt waits for it', async () => {
    freeze();
    engine.db.prepare("UPDATE segments SET held_since = 1 WHERE name = 'Welcome'").run();
    expect(heldSegments(engine.db, connectorId)).toMatchObject([{ segmentName: 'Welcome', changes: 2 }]);
    expect(await segmentSummary()).toMatchObject({ inFlight: 3, heldForReview: 2 });

    const file = customerIdExport(dir, 'deployteq.csv', 5);
    await expect(api['segments.adopt']({ file, connector: 'Shop', segment: 'Welcome', dryRun: true })).rejects.toThrow('3 change(s) of segment Welcome are in a batch being sent');
  });

  it('tells forget that Deployteq may hold a profile a batch on its way carries', async () => {
    freeze();
    const plan = await api['profiles.forget']({ customerId: '1', dryRun: true });
    expect(plan.segments).toEqual([{ connectorName: 'Shop', segmentName: 'Welcome', removedPending: true }]);
    const notSent = await api['profiles.forget']({ customerId: '5', dryRun: true });
    expect(notSent.segments).toEqual([{ connectorName: 'Shop', segmentName: 'Welcome', removedPending: false }]);
  });
});
