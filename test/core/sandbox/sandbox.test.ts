import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/main/core/sandbox';

const open: Sandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

async function sandbox(options: SandboxOptions = {}) {
  const s = await startSandbox({ token: 'tok', ...options });
  open.push(s);
  return s;
}

type Status = 'NEW' | 'MODIFIED' | 'REMOVED';
const body = (customers: Array<[string, Status, string?]>, segmentName = 'Welcome', uuid: string = randomUUID()) => ({
  uuid,
  customerType: 'CLANG_ID',
  campaigns: [
    {
      segmentName,
      customers: customers.map(([customerId, r42Status, name]) => ({
        customerId,
        r42Status,
        params: r42Status === 'REMOVED' ? [] : [{ name: 'firstName', type: 'string', value: name ?? customerId }],
      })),
    },
  ],
});

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await request(url, { method: 'POST', body: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('the sandbox receiver', () => {
  it('accepts a valid batch with the token in the query, applies it to the segment, and counts the request', async () => {
    const s = await sandbox();
    const res = await post(s.url, body([['a', 'NEW', 'Alice'], ['b', 'NEW']]));
    expect(res.status).toBe(200);
    expect(res.headers['x-clang-request-count']).toBe('1');
    expect(JSON.parse(res.text)).toMatchObject({ status: 'accepted', customers: 2 });
    expect(Object.fromEntries(s.members('Welcome'))).toEqual({
      a: [{ name: 'firstName', type: 'string', value: 'Alice' }],
      b: [{ name: 'firstName', type: 'string', value: 'b' }],
    });
  });

  it('updates members on MODIFIED and drops them on REMOVED', async () => {
    const s = await sandbox();
    await post(s.url, body([['a', 'NEW'], ['b', 'NEW']]));
    await post(s.url, body([['a', 'MODIFIED', 'Alicia'], ['b', 'REMOVED']]));
    expect(Object.fromEntries(s.members('Welcome'))).toEqual({ a: [{ name: 'firstName', type: 'string', value: 'Alicia' }] });
  });

  it('accepts the token as Authorization: Bearer', async () => {
    const s = await sandbox();
    expect((await post(s.endpoint, body([['a', 'NEW']]), { authorization: 'Bearer tok' })).status).toBe(200);
  });

  it('answers 401 without a token or with a wrong one, and 403 for an expired one, still counting the request', async () => {
    const s = await sandbox();
    expect((await post(s.endpoint, body([['a', 'NEW']]))).status).toBe(401);
    expect((await post(`${s.endpoint}?token=nope`, body([['a', 'NEW']]))).status).toBe(401);
    const expired = await post(`${s.endpoint}?token=expired-1`, body([['a', 'NEW']]));
    expect(expired.status).toBe(403);
    expect(expired.headers['x-clang-request-count']).toBe('3');
    expect(s.members('Welcome').size).toBe(0);
  });

  it('answers 400 with the reason for a body that is not JSON or does not match the payload schema', async () => {
    const s = await sandbox();
    const notJson = await post(s.url, '{"uuid":');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text).error).toMatch(/not valid JSON/);
    const bad = await post(s.url, { ...body([['a', 'NEW']]), customerType: 'EMAIL' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/does not match the payload schema: \/customerType must be equal to one of the allowed values/);
  });

  it('answers 429 past its daily limit, with the running count', async () => {
    const s = await sandbox({ dailyLimit: 2 });
    expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(200);
    expect((await post(s.url, body([['b', 'NEW']]))).status).toBe(200);
    const limited = await post(s.url, body([['c', 'NEW']]));
    expect(limited.status).toBe(429);
    expect(limited.headers['x-clang-request-count']).toBe('3');
    expect(s.members('Welcome').has('c')).toBe(false);
  });

  it('starts counting again on a new day in Amsterdam', async () => {
    let now = Date.parse('2026-06-01T21:59:00Z');
    const s = await sandbox({ dailyLimit: 1, now: () => now });
    expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(200);
    now = Date.parse('2026-06-01T22:00:01Z'); // midnight in Amsterdam (summer time)
    const res = await post(s.url, body([['b', 'NEW']]));
    expect(res.status).toBe(200);
    expect(res.headers['x-clang-request-count']).toBe('1');
  });

  it('fails at random at its fail rate with a 500, applying nothing', async () => {
    const s = await sandbox({ failRate: 0.5, random: (() => { let i = 0; return () => [0.1, 0.9][i++ % 2]; })() });
    expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(500);
    expect((await post(s.url, body([['b', 'NEW']]))).status).toBe(200);
    expect([...s.members('Welcome').keys()]).toEqual(['b']);
  });

  it('acknowledges a resent uuid again without applying it twice', async () => {
    const s = await sandbox();
    const first = body([['a', 'NEW', 'first']]);
    await post(s.url, first);
    await post(s.url, body([['a', 'MODIFIED', 'second']]));
    const again = await post(s.url, first);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).status).toBe('duplicate');
    expect(s.members('Welcome').get('a')).toEqual([{ name: 'firstName', type: 'string', value: 'second' }]);
    expect(s.state()).toMatchObject({ applied: 2, duplicates: 1 });
  });

  it('shows the membership as JSON on /state and as a page on /', async () => {
    const s = await sandbox();
    await post(s.url, body([['<b>x</b>', 'NEW']], 'VIP & friends'));
    const state = JSON.parse(await (await request(`http://127.0.0.1:${s.port}/state`)).body.text());
    expect(state.segments).toEqual({ 'VIP & friends': { '<b>x</b>': [{ name: 'firstName', type: 'string', value: '<b>x</b>' }] } });
    const page = await (await request(`http://127.0.0.1:${s.port}/`)).body.text();
    expect(page).toContain('VIP &amp; friends');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(page).not.toContain('<b>x</b>');
  });

  it('answers 404 elsewhere', async () => {
    const s = await sandbox();
    expect((await post(`http://127.0.0.1:${s.port}/other?token=tok`, body([['a', 'NEW']]))).status).toBe(404);
  });

  it('keeps its membership and the uuids it applied across a restart when given a data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-sandbox-'));
    dirs.push(dir);
    const dataFile = join(dir, 'sandbox.json');
    const first = await startSandbox({ token: 'tok', dataFile });
    const payload = body([['a', 'NEW']]);
    await post(first.url, payload);
    await first.close();
    const second = await sandbox({ dataFile });
    expect([...second.members('Welcome').keys()]).toEqual(['a']);
    expect(JSON.parse((await post(second.url, payload)).text).status).toBe('duplicate');
  });

  describe('fault injection for tests', () => {
    it('answers the next requests with an injected status and headers', async () => {
      const s = await sandbox();
      s.inject({ status: 429, headers: { 'Retry-After': '60' } }, 2);
      expect((await post(s.url, body([['a', 'NEW']]))).headers['retry-after']).toBe('60');
      expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(429);
      expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(200);
    });

    it('resets the connection', async () => {
      const s = await sandbox();
      s.inject({ reset: true });
      await expect(post(s.url, body([['a', 'NEW']]))).rejects.toThrow();
    });

    it('hangs without answering', async () => {
      const s = await sandbox();
      s.inject({ hang: true });
      await expect(request(s.url, { method: 'POST', body: JSON.stringify(body([['a', 'NEW']])), headersTimeout: 200 })).rejects.toThrow(/Headers Timeout/i);
    });

    it('applies the batch before the fault when asked (an answer lost on the way back)', async () => {
      const s = await sandbox();
      s.inject({ apply: true, status: 502 });
      expect((await post(s.url, body([['a', 'NEW']]))).status).toBe(502);
      expect(s.members('Welcome').has('a')).toBe(true);
    });
  });
});
