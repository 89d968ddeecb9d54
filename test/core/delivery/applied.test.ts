/**
 * Whether Deployteq may have applied a batch is kept on the batch as each answer is recorded, so a batch
 * refused for good after an unclear attempt marks its keys' state at Deployteq unknown (they stay pending
 * until a batch is acknowledged for them), and one refused after clear answers only leaves its keys as they
 * were. Real receivers on 127.0.0.1 give the answers.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UNKNOWN_HASH } from '../../../src/main/core/delivery/acknowledge';
import { startFaultReceiver, type FaultAnswer } from '../../support/fault-receiver';
import { importInto, segmentId, setup, upsert } from './helpers';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A receiver that gives these answers in turn, one per request. */
function inTurn(...answers: FaultAnswer[]): FaultAnswer {
  let next = 0;
  return (req, res) => answers[Math.min(next++, answers.length - 1)](req, res);
}
const status =
  (code: number, headers: Record<string, string> = {}): FaultAnswer =>
  (_req, res) => res.writeHead(code, { 'content-type': 'application/json', ...headers }).end('{}');
/** Reads the whole request, then drops the connection without a word. */
const hangUp: FaultAnswer = (_req, res) => res.socket?.destroy();

async function flushedTwice(answers: FaultAnswer[], endpoint?: string) {
  const receiver = endpoint ? null : await startFaultReceiver(inTurn(...answers));
  if (receiver) closers.push(() => receiver.close());
  const ctx = await setup({ connector: { endpoint: endpoint ?? receiver!.endpoint } });
  closers.push(() => ctx.close());
  importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
  return {
    ctx,
    receiver,
    /** One flush, then the clock past any backoff or pause, and the connector sending again. */
    flush: async () => {
      await ctx.delivery.flush(ctx.connectorId);
      ctx.clock.advance(2 * 24 * 3_600_000);
      if (ctx.connector().state !== 'active') ctx.delivery.resume(ctx.connectorId);
    },
    deliveredHashes: () => (ctx.db.prepare('SELECT params_hash AS hash FROM delivered ORDER BY customer_id').all() as Array<{ hash: string }>).map((r) => r.hash),
    batch: () => ctx.db.prepare('SELECT state, attempts, unclear_attempts AS unclear FROM batches').get() as { state: string; attempts: number; unclear: number },
  };
}

describe('a batch refused for good after an earlier attempt', () => {
  it.each([
    ['a 503', status(503)],
    ['a dropped connection after the body left', hangUp],
  ])('after %s, marks its keys unknown: Deployteq may have applied it', async (_what, first) => {
    const run = await flushedTwice([first, status(400)]);
    await run.flush();
    expect(run.batch()).toMatchObject({ state: 'retrying', attempts: 1, unclear: 1 });
    await run.flush();
    expect(run.batch()).toMatchObject({ state: 'failed', attempts: 2, unclear: 1 });
    expect(run.deliveredHashes()).toEqual([UNKNOWN_HASH, UNKNOWN_HASH]);
  });

  it.each([
    ['a 429 pause', status(429, { 'retry-after': '60' })],
    ['a 401 halt', status(401)],
  ])('after %s, leaves its keys as they were: nothing was applied', async (_what, first) => {
    const run = await flushedTwice([first, status(400)]);
    await run.flush();
    await run.flush();
    expect(run.batch()).toMatchObject({ state: 'failed', attempts: 2, unclear: 0 });
    expect(run.deliveredHashes()).toEqual([]);
  });

  it('after a refused connection, leaves its keys as they were: the body never left', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(400).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await flushedTwice([], `http://127.0.0.1:${port}/hook`);
    await run.flush();
    expect(run.batch()).toMatchObject({ state: 'retrying', attempts: 1, unclear: 0 });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    await run.flush();
    expect(run.batch()).toMatchObject({ state: 'failed', attempts: 2, unclear: 0 });
    expect(run.deliveredHashes()).toEqual([]);
  });
});

describe('a key whose state at Deployteq is unknown', () => {
  /** The statuses a request carried, per customer. */
  const sentStatuses = (body: string) =>
    Object.fromEntries(
      (JSON.parse(body) as { campaigns: Array<{ customers: Array<{ customerId: string; r42Status: string }> }> }).campaigns.flatMap((c) =>
        c.customers.map((x) => [x.customerId, x.r42Status]),
      ),
    );

  it('is NEW in the import result, the queue counts, the preview and the batch sent, once its data changes', async () => {
    const run = await flushedTwice([status(503), status(400), status(200)]);
    await run.flush();
    await run.flush();
    expect(run.deliveredHashes()).toEqual([UNKNOWN_HASH, UNKNOWN_HASH]);

    // a's data changes (which releases it from the refused batch's hold); b stays held, as it was.
    const counts = importInto(run.ctx.db, run.ctx.connectorId, 'Welcome', [upsert('a', 'Anna'), upsert('b')]);
    expect(counts).toMatchObject({ NEW: 2, MODIFIED: 0, REMOVED: 0 });
    expect(run.ctx.delivery.queueStatus()[0]).toMatchObject({ pending: { NEW: 2, MODIFIED: 0, REMOVED: 0 }, held: 1 });
    expect(run.ctx.delivery.preview(run.ctx.connectorId).counts).toEqual({ Welcome: { NEW: 1, MODIFIED: 0, REMOVED: 0 } });

    await run.flush();
    const sent = run.receiver!.requests.at(-1)!;
    expect(sentStatuses(sent.body)).toEqual({ a: 'NEW' });
    const pendingOfB = run.ctx.db.prepare('SELECT status FROM pending WHERE segment_id = ? AND customer_id = ?').get(segmentId(run.ctx.db, run.ctx.connectorId, 'Welcome'), 'b');
    expect(pendingOfB).toEqual({ status: 'NEW' });
  });
});
