import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { payloadSchemaErrors } from '../../../src/main/core/delivery/schema';
import { nextAmsterdamMidnight } from '../../../src/main/core/delivery/amsterdam';
import { desiredOf, importInto, insertConnector, pendingCount, setup, testClock, until, upsert } from './helpers';
import { startRecorder } from './recorder';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function withSandbox(options: Parameters<typeof startSandbox>[0] = {}, connector: Parameters<typeof setup>[0] = {}) {
  const clock = testClock();
  const sandbox = await startSandbox({ token: 'sandbox-token', now: clock.now, ...options });
  closers.push(() => sandbox.close());
  const ctx = await setup({ clock, ...connector, token: connector.token ?? sandbox.token, connector: { endpoint: sandbox.endpoint, batchSize: 3, ...connector.connector } });
  closers.push(() => ctx.close());
  return { sandbox, ctx };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);
const membersAsObject = (sandbox: Sandbox, segment: string) => Object.fromEntries(sandbox.members(segment));
const batchRow = (ctx: Awaited<ReturnType<typeof setup>>) =>
  ctx.db.prepare('SELECT uuid, body, state, attempts, next_attempt_at AS nextAttemptAt, last_http_status AS status, last_error AS error FROM batches JOIN batch_bodies ON batch_id = id ORDER BY id LIMIT 1').get() as {
    uuid: string;
    body: string;
    state: string;
    attempts: number;
    nextAttemptAt: number | null;
    status: number | null;
    error: string | null;
  };
const allBodiesValid = (sandbox: Sandbox) => sandbox.state().requests.every((r) => r.body !== null && payloadSchemaErrors(JSON.parse(r.body)).length === 0);

describe('flushing a connector to the receiver', () => {
  it('delivers every pending change in batches of the batch size, after which the receiver holds the desired state', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(7).map((id) => upsert(id)));
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ connector: 'Main', batchesSent: 3, customersDelivered: 7, failed: 0, halted: false, paused: false });
    expect(sandbox.state().requests.map((r) => r.customers)).toEqual([3, 3, 1]);
    expect(allBodiesValid(sandbox)).toBe(true);
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
    expect(pendingCount(ctx.db)).toBe(0);
  });

  it('sends changes and removals of later imports, and the receiver follows', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(5).map((id) => upsert(id)));
    await ctx.delivery.flush(ctx.connectorId);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('c1', 'changed'), upsert('c2'), upsert('c9')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
    expect([...sandbox.members('Welcome').keys()].sort()).toEqual(['c1', 'c2', 'c9']);
  });

  it('sends the token URL-encoded as ?token=, keeping the query parameters the endpoint already has', async () => {
    const recorder = await startRecorder();
    closers.push(recorder.close);
    const ctx = await setup({ token: 'a b&c=d/é', connector: { endpoint: `${recorder.base}/hook?brand=42&x=%20y` } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(recorder.requests[0].url).toBe('/hook?brand=42&x=%20y&token=a%20b%26c%3Dd%2F%C3%A9');
    expect(recorder.requests[0].headers.authorization).toBeUndefined();
    expect(recorder.requests[0].headers['content-type']).toBe('application/json');
  });

  it('sends the token as Authorization: Bearer, and not in the URL, when the connector says so', async () => {
    const recorder = await startRecorder();
    closers.push(recorder.close);
    const ctx = await setup({ token: 'tok', connector: { endpoint: `${recorder.base}/hook`, authMode: 'bearer' } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(recorder.requests[0].url).toBe('/hook');
    expect(recorder.requests[0].headers.authorization).toBe('Bearer tok');
  });

  it('records an answer and freezes the next batch while the following request is on the wire', async () => {
    // The receiver holds the second request until the first batch shows as delivered in the database.
    let release: () => void = () => undefined;
    const recorder = await startRecorder((_req, res) => {
      if (recorder.requests.length === 2) release = () => res.end('{}');
      else res.end('{}');
    });
    closers.push(recorder.close);
    const ctx = await setup({ connector: { endpoint: `${recorder.base}/hook`, batchSize: 1 } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    const flushed = ctx.delivery.flush(ctx.connectorId);
    const states = () => ctx.db.prepare('SELECT state FROM batches ORDER BY id').all().map((r) => (r as { state: string }).state);
    await until(() => recorder.requests.length === 2 && states().length === 3, 5_000, 'the third batch to be frozen during the second request');
    expect(states()).toEqual(['delivered', 'queued', 'queued']);
    release();
    expect(await flushed).toMatchObject({ batchesSent: 3, customersDelivered: 3 });
  });

  it('reuses one kept-alive connection for consecutive batches', async () => {
    const recorder = await startRecorder((_req, res) => res.end('{}'));
    closers.push(recorder.close);
    const ctx = await setup({ connector: { endpoint: `${recorder.base}/hook`, batchSize: 1 } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(10).map((id) => upsert(id)));
    await ctx.delivery.flush(ctx.connectorId);
    expect(recorder.requests).toHaveLength(10);
    expect(recorder.connections()).toBeLessThanOrEqual(2);
  });
});

describe('what each answer does', () => {
  it('2xx: records the attempt with its status, meaning, latency and counts, and emits it live', async () => {
    const { ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    await ctx.delivery.flush(ctx.connectorId);
    const [event] = ctx.delivery.log();
    expect(event).toMatchObject({
      connectorName: 'Main',
      kind: 'attempt',
      outcome: 'delivered',
      httpStatus: 200,
      customers: 2,
      counts: { Welcome: { NEW: 2, MODIFIED: 0, REMOVED: 0 } },
      nextRetryAt: null,
    });
    expect(event.meaning).toBe('200 OK: Deployteq accepted the batch; its 2 profiles are delivered.');
    expect(event.latencyMs).toBeGreaterThanOrEqual(0);
    expect(event.responseSnippet).toContain('accepted');
    expect(ctx.events).toContainEqual({ type: 'batch', event });
  });

  it('500: keeps the batch for a retry after a backoff of about 30 s (the other batches go on), then resends the same uuid and byte-identical body', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(5).map((id) => upsert(id)));
    sandbox.inject({ status: 500 });
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ batchesSent: 1, retrying: 1 });
    expect(report.problems).toEqual([expect.stringMatching(/^Main: 1 batch not delivered \(500 Internal server error or unsupported call\); the next attempt is at 2026-03-10 09:00:\d\d UTC\.$/)]);
    expect(sandbox.requestCount).toBe(2);
    const failed = batchRow(ctx);
    expect(failed).toMatchObject({ state: 'retrying', attempts: 1, status: 500 });
    expect(failed.nextAttemptAt! - ctx.clock.now()).toBeGreaterThanOrEqual(24_000);
    expect(failed.nextAttemptAt! - ctx.clock.now()).toBeLessThanOrEqual(36_000);
    expect(ctx.delivery.log()[1]).toMatchObject({ outcome: 'retrying', httpStatus: 500, nextRetryAt: failed.nextAttemptAt });
    expect(ctx.delivery.log()[1].meaning).toMatch(/^500 Internal server error or unsupported call: the same batch is sent again in \d+ s \(attempt 2\)\.$/);

    // A scheduled flush before the retry time leaves that batch alone: no retry storm.
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 0 });
    expect(sandbox.requestCount).toBe(2);

    ctx.clock.advance(40_000);
    await ctx.delivery.flush(ctx.connectorId);
    const [first, , second] = sandbox.state().requests;
    expect(second.uuid).toBe(first.uuid);
    expect(second.body).toBe(first.body);
    expect(second.body).toBe(failed.body);
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
  });

  it('a manual flush resends a batch waiting for its retry at once, ignoring the backoff', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ status: 503 });
    await ctx.delivery.flush(ctx.connectorId);
    const report = await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(report.batchesSent).toBe(1);
    expect(sandbox.state().requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('408 and 504 are retried like 5xx', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ status: 408 });
    await ctx.delivery.flush(ctx.connectorId);
    expect(batchRow(ctx)).toMatchObject({ state: 'retrying', status: 408 });
    expect(ctx.delivery.log()[0].meaning).toMatch(/^408 Request timed out: /);
    sandbox.inject({ status: 504 });
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(batchRow(ctx)).toMatchObject({ state: 'retrying', status: 504, attempts: 2 });
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(batchRow(ctx).state).toBe('delivered');
  });

  it('a hanging receiver: the response timeout fires and the batch is retried', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { timeoutMs: 1000 } });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ hang: true });
    await ctx.delivery.flush(ctx.connectorId);
    expect(batchRow(ctx)).toMatchObject({ state: 'retrying', status: null });
    expect(ctx.delivery.log()[0]).toMatchObject({ outcome: 'retrying', httpStatus: null });
    expect(ctx.delivery.log()[0].meaning).toMatch(/^Timed out: no complete answer within 1 s: the same batch is sent again/);
  });

  it('a reset connection is retried', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ reset: true });
    await ctx.delivery.flush(ctx.connectorId);
    expect(batchRow(ctx).state).toBe('retrying');
    expect(ctx.delivery.log()[0].meaning).toMatch(/^Network error: the connection was reset/);
  });

  it('a refused connection is retried', async () => {
    const recorder = await startRecorder();
    await recorder.close();
    const ctx = await setup({ connector: { endpoint: `${recorder.base}/hook` } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(batchRow(ctx).state).toBe('retrying');
    expect(ctx.delivery.log()[0].meaning).toMatch(/^Network error: connection refused/);
  });

  it('a 2xx lost on the way back: the resent uuid is acknowledged by the receiver without being applied twice', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { timeoutMs: 1000 } });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a'), upsert('b')]);
    sandbox.inject({ apply: true, hang: true });
    await ctx.delivery.flush(ctx.connectorId);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a', 'later')]);
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(sandbox.state()).toMatchObject({ applied: 2, duplicates: 1 });
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
  });

  it('400: the batch fails for good with the response kept, its changes are held, and other batches go on', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(6).map((id) => upsert(id)));
    sandbox.inject({ status: 400, body: '{"error":"field firstName is not mapped"}' });
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ batchesSent: 1, failed: 1, halted: false });
    expect(batchRow(ctx)).toMatchObject({ state: 'failed', status: 400, error: '{"error":"field firstName is not mapped"}' });
    expect(ctx.delivery.log().at(-1)!.meaning).toBe(
      '400 Unsupported API call or invalid request: the batch failed for good; its profiles wait until their data changes or you retry it.',
    );
    expect(ctx.delivery.log().at(-1)!.responseSnippet).toBe('{"error":"field firstName is not mapped"}');
    expect(ctx.db.prepare('SELECT count(*) AS n FROM pending WHERE held_by IS NOT NULL').get()).toEqual({ n: 3 });
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 0, failed: 0 });

    const { requeued } = ctx.delivery.retryFailed(batchRow(ctx).uuid);
    expect(requeued).toBe(3);
    await ctx.delivery.flush(ctx.connectorId);
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
  });

  it('401: the connector is halted, with the reason, and sends nothing more until it is resumed', async () => {
    const { sandbox, ctx } = await withSandbox({}, { token: 'wrong-token' });
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(7).map((id) => upsert(id)));
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ halted: true, batchesSent: 0 });
    expect(sandbox.requestCount).toBe(1);
    expect(ctx.connector()).toMatchObject({
      state: 'halted',
      stateReason: '401 Authentication failed (token or user invalid): connector halted until the token is changed.',
    });
    expect(await ctx.delivery.flush(ctx.connectorId, { manual: true })).toMatchObject({ halted: true });
    expect(sandbox.requestCount).toBe(1);
    expect(batchRow(ctx)).toMatchObject({ state: 'queued', status: 401 });
  });

  it('403: an expired token halts the connector too', async () => {
    const { ctx } = await withSandbox({}, { token: 'expired-2025' });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(ctx.connector()).toMatchObject({ state: 'halted', stateReason: '403 Token is invalid or expired: connector halted until the token is changed.' });
  });

  it('after a halt, resuming sends the batch it stopped at first, with the same uuid', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(4).map((id) => upsert(id)));
    sandbox.inject({ status: 401 });
    await ctx.delivery.flush(ctx.connectorId);
    ctx.delivery.resume(ctx.connectorId);
    await ctx.delivery.flush(ctx.connectorId);
    const [refused, resent] = sandbox.state().requests;
    expect(resent.uuid).toBe(refused.uuid);
    expect(resent.body).toBe(refused.body);
    expect(membersAsObject(sandbox, 'Welcome')).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
  });

  it('429 with Retry-After in seconds: the connector pauses until then, without a retry storm, and goes on after', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(7).map((id) => upsert(id)));
    sandbox.inject({ status: 429, headers: { 'Retry-After': '120' } });
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report).toMatchObject({ paused: true, batchesSent: 0 });
    expect(ctx.connector()).toMatchObject({ state: 'paused', pausedUntil: ctx.clock.now() + 120_000 });
    expect(ctx.connector().stateReason).toMatch(/^429 Daily limit reached \(Deployteq counts 1 request today\): connector paused until /);
    expect(await ctx.delivery.flush(ctx.connectorId, { manual: true })).toMatchObject({ paused: true });
    expect(sandbox.requestCount).toBe(1);
    ctx.clock.advance(121_000);
    expect(await ctx.delivery.flush(ctx.connectorId)).toMatchObject({ batchesSent: 3, paused: false });
    expect(ctx.connector().state).toBe('active');
    expect(ctx.delivery.log().some((e) => e.outcome === 'resumed')).toBe(true);
  });

  it('429 with Retry-After as an HTTP date pauses until that date', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    const until = new Date(ctx.clock.now() + 3_600_000);
    sandbox.inject({ status: 429, headers: { 'Retry-After': until.toUTCString() } });
    await ctx.delivery.flush(ctx.connectorId);
    expect(ctx.connector().pausedUntil).toBe(Math.floor(until.getTime() / 1000) * 1000);
  });

  it('429 without Retry-After pauses until midnight in Amsterdam', async () => {
    const { sandbox, ctx } = await withSandbox();
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ status: 429 });
    await ctx.delivery.flush(ctx.connectorId);
    expect(ctx.connector().pausedUntil).toBe(nextAmsterdamMidnight(ctx.clock.now()));
    expect(ctx.connector().pausedUntil).toBe(Date.parse('2026-03-10T23:00:00Z'));
  });
});

describe('the daily request budget', () => {
  it('never makes more requests in a day than the daily limit, and says when the rest goes', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { dailyLimit: 2, batchSize: 1 } });
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(5).map((id) => upsert(id)));
    const report = await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(report.batchesSent).toBe(2);
    expect(sandbox.requestCount).toBe(2);
    expect(report.messages.join()).toMatch(/Daily request limit of 2 requests reached/);
    expect(ctx.delivery.log().find((e) => e.kind === 'budget')).toMatchObject({ kind: 'budget', outcome: 'deferred', nextRetryAt: Date.parse('2026-03-10T23:00:00Z') });
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(sandbox.requestCount).toBe(2);

    ctx.clock.set(Date.parse('2026-03-10T23:00:01Z'));
    await ctx.delivery.flush(ctx.connectorId, { manual: true });
    expect(sandbox.requestCount).toBe(4);
  });

  it('is shared by connectors on the same endpoint (one Deployteq brand)', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { dailyLimit: 3, batchSize: 1 } });
    const second = await insertConnector(ctx.db, { name: 'Second', endpoint: `${sandbox.endpoint}?list=2`, dailyLimit: 3, batchSize: 1 });
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(2).map((id) => upsert(id)));
    importInto(ctx.db, second, 'Other', ids(2).map((id) => upsert(id)));
    await ctx.delivery.flushAll({ manual: true });
    expect(sandbox.requestCount).toBe(3);
    expect(ctx.delivery.queueStatus().map((q) => q.requestsToday)).toEqual([3, 3]);
  });

  it('takes the receiver\'s X-Clang-Request-Count as the true count', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { dailyLimit: 50_000, batchSize: 1 } });
    importInto(ctx.db, ctx.connectorId, 'Welcome', ids(3).map((id) => upsert(id)));
    sandbox.inject({ apply: true, status: 200, headers: { 'X-Clang-Request-Count': '50000' } });
    const report = await ctx.delivery.flush(ctx.connectorId);
    expect(report.batchesSent).toBe(1);
    expect(sandbox.requestCount).toBe(1);
    expect(ctx.delivery.queueStatus()[0].requestsToday).toBe(50_000);
  });
});

describe('the token', () => {
  it('never appears in an event, a snippet, a stored error or a preview', async () => {
    const token = 'S3cr3t-T0ken/+=';
    const recorder = await startRecorder((req, res) => {
      res.statusCode = 400;
      res.end(`Bad request for ${req.url} with token ${token} and ${encodeURIComponent(token)}`);
    });
    closers.push(recorder.close);
    const ctx = await setup({ token, connector: { endpoint: `${recorder.base}/hook` } });
    closers.push(ctx.close);
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    await ctx.delivery.flush(ctx.connectorId);
    expect(recorder.requests[0].url).toContain(encodeURIComponent(token));
    const stored = JSON.stringify([
      ctx.db.prepare('SELECT * FROM events').all(),
      ctx.db.prepare('SELECT last_error FROM batches').all(),
      ctx.events,
      ctx.delivery.preview(ctx.connectorId),
    ]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(encodeURIComponent(token));
    expect(ctx.delivery.log()[0].responseSnippet).toContain('token=***');
  });
});

describe('stopping a flush', () => {
  it('abandons the request in flight when aborted: the batch stays unacknowledged and is resent unchanged', async () => {
    const { sandbox, ctx } = await withSandbox({}, { connector: { timeoutMs: 10_000 } });
    importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('a')]);
    sandbox.inject({ hang: true });
    const abort = new AbortController();
    const flushing = ctx.delivery.flush(ctx.connectorId, { signal: abort.signal });
    while (sandbox.requestCount === 0) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await flushing;
    expect(batchRow(ctx)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(ctx.delivery.log()[0]).toMatchObject({ outcome: 'abandoned' });
    await ctx.delivery.flush(ctx.connectorId);
    const [first, second] = sandbox.state().requests;
    expect(second.body).toBe(first.body);
    expect(batchRow(ctx).state).toBe('delivered');
  });
});
