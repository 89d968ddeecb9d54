/**
 * The delivery changes connectors through the connectors module (one row mapper, the engine's clock): a halt,
 * a pause and the time of the last flush carry the injected clock's time, not the wall clock's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerWith, startFaultReceiver } from '../../support/fault-receiver';
import { importInto, setup, upsert } from './helpers';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function world(status: number) {
  const receiver = await startFaultReceiver(answerWith(status, {}));
  closers.push(() => receiver.close());
  const ctx = await setup({ connector: { endpoint: receiver.endpoint, batchSize: 10 } });
  closers.push(() => ctx.close());
  importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('c-1'), upsert('c-2')]);
  return ctx;
}

describe('connector changes made by the delivery', () => {
  it('a 401 halts the connector, stamped with the injected clock', async () => {
    const ctx = await world(401);
    ctx.clock.advance(86_400_000);
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    const connector = ctx.connector();
    expect(connector.state).toBe('halted');
    expect(connector.updatedAt).toBe(ctx.clock.now());
  });

  it('a flush notes when it began on the injected clock', async () => {
    const ctx = await world(200);
    ctx.clock.advance(3_600_000);
    const report = await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(report.customersDelivered).toBe(2);
    expect(ctx.connector().lastFlushAt).toBe(ctx.clock.now());
  });

  it('pausing by the operator reads back the paused connector, stamped with the injected clock', async () => {
    const ctx = await world(200);
    ctx.clock.advance(60_000);
    const paused = ctx.delivery.pause(ctx.connectorId);
    expect(paused.state).toBe('paused');
    expect(ctx.connector().updatedAt).toBe(ctx.clock.now());
  });
});
