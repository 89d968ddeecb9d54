import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers } from '../../../src/main/core/handlers';
import { maskToken, splitWebhookUrl } from '../../../src/main/core/connectors/webhook-url';
import { redact } from '../../../src/main/core/delivery/redact';
import { tempDir } from '../../support/temp-db';

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-your-webhook-id';
const TOKEN = 'abc123def456ghi789';

describe('splitting a pasted webhook URL', () => {
  it('moves ?token= to the token and keeps the endpoint without it, saying so', () => {
    const split = splitWebhookUrl(`  ${HOOK}?token=${TOKEN} `);
    expect(split).toEqual({ endpoint: HOOK, token: TOKEN, notice: expect.stringMatching(/token was moved/) });
  });

  it('keeps other query parameters on the endpoint', () => {
    expect(splitWebhookUrl(`${HOOK}?brand=7&token=${TOKEN}&x=1`).endpoint).toBe(`${HOOK}?brand=7&x=1`);
  });

  it('keeps the other query parameters exactly as typed: %20 stays %20, + stays +, an order stays', () => {
    expect(splitWebhookUrl(`${HOOK}?x=%20y&token=${TOKEN}&q=a+b&x=2`).endpoint).toBe(`${HOOK}?x=%20y&q=a+b&x=2`);
    expect(splitWebhookUrl(`${HOOK}?x=%20y`).endpoint).toBe(`${HOOK}?x=%20y`);
    expect(splitWebhookUrl(`${HOOK}?token=${TOKEN}`).endpoint).toBe(HOOK);
  });

  it('leaves a URL without a token as it is, with no notice', () => {
    expect(splitWebhookUrl(HOOK)).toEqual({ endpoint: HOOK, token: null, notice: null });
  });

  it('accepts plain http for loopback hosts only', () => {
    expect(splitWebhookUrl('http://127.0.0.1:8080/hook').endpoint).toBe('http://127.0.0.1:8080/hook');
    expect(splitWebhookUrl('http://localhost/hook').endpoint).toBe('http://localhost/hook');
    expect(() => splitWebhookUrl('http://webhook.myclang.com/hook')).toThrow(/must be an https URL: plain http is only accepted for 127.0.0.1 or localhost/);
  });

  it('refuses what is not a URL, without echoing a token', () => {
    expect(() => splitWebhookUrl('webhook.myclang.com/x?token=secret')).toThrow(/is not a URL/);
    expect(() => splitWebhookUrl('webhook.myclang.com/x?token=secret')).not.toThrow(/secret/);
    expect(() => splitWebhookUrl('ftp://example.com/x')).toThrow(/ftp: is not a web address/);
    expect(() => splitWebhookUrl(`${HOOK}?token=`)).toThrow(/empty \?token=/);
  });
});

describe('showing a token', () => {
  it('shows at most the last 4 characters, and none of a short token', () => {
    expect(maskToken(TOKEN)).toBe('••••i789');
    expect(maskToken('short')).toBe('••••');
  });

  it('redacts token query values and the token itself from any text', () => {
    expect(redact(`POST ${HOOK}?token=${TOKEN}&a=1 failed`)).toBe(`POST ${HOOK}?token=***&a=1 failed`);
    expect(redact(`Bearer ${TOKEN}`, TOKEN)).toBe('Bearer ***');
  });
});

describe('connectors', () => {
  let engine: Engine;
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    engine = createEngine({ dataDir: dir });
  });
  afterEach(() => {
    engine.close();
    cleanup();
  });

  it('creates a connector from a pasted URL with the defaults of the source description', async () => {
    const { connector, notices } = await engine.connectors.create({ name: 'Webshop', url: `${HOOK}?token=${TOKEN}` });
    expect(connector).toMatchObject({
      name: 'Webshop',
      endpoint: HOOK,
      tokenMasked: '••••i789',
      identifierType: 'customer-id',
      customerType: 'CLANG_ID',
      partnerNumber: 1020,
      batchSize: 500,
      flushIntervalMinutes: 20,
      dailyLimit: 50000,
      authMode: 'query',
      state: 'active',
    });
    expect(notices[0]).toMatch(/token was moved/);
    expect(await engine.connectors.token(engine.connectors.get('Webshop'))).toBe(TOKEN);
  });

  it('defaults the partner number to 1022 for hashed emails, and keeps a custom one', async () => {
    const hashed = await engine.connectors.create({ name: 'A', url: HOOK, token: TOKEN, identifierType: 'hashed-email' });
    expect(hashed.connector).toMatchObject({ customerType: 'HASHED_EMAIL', partnerNumber: 1022 });
    const custom = await engine.connectors.create({ name: 'B', url: HOOK, token: TOKEN, partnerNumber: 4711 });
    expect(custom.connector.partnerNumber).toBe(4711);
  });

  it('never writes the token in plain text to the database', async () => {
    await engine.connectors.create({ name: 'Webshop', url: `${HOOK}?token=${TOKEN}` });
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'canopy-batch.db')).includes(TOKEN)).toBe(false);
    expect(JSON.stringify(engine.connectors.list())).not.toContain(TOKEN);
  });

  it('keeps tokens in a file only the user can read', async () => {
    await engine.connectors.create({ name: 'Webshop', url: HOOK, token: TOKEN });
    if (process.platform !== 'win32') expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses, saying why: no token, a taken name, a batch over 600, two different tokens', async () => {
    await expect(engine.connectors.create({ name: 'X', url: HOOK })).rejects.toThrow(/A token is required/);
    await engine.connectors.create({ name: 'X', url: HOOK, token: TOKEN });
    await expect(engine.connectors.create({ name: 'x', url: HOOK, token: TOKEN })).rejects.toThrow(/already exists/);
    await expect(engine.connectors.create({ name: 'Y', url: HOOK, token: TOKEN, batchSize: 601 })).rejects.toThrow(/Batch size is at most 600/);
    await expect(engine.connectors.create({ name: 'Z', url: `${HOOK}?token=one`, token: 'two' })).rejects.toThrow(/different token/);
    await expect(engine.connectors.create({ name: 'C', url: HOOK, token: TOKEN, cron: 'every day' })).rejects.toThrow(/not a valid cron/);
  });

  it('lifts a halt when the token changes', async () => {
    await engine.connectors.create({ name: 'Webshop', url: HOOK, token: TOKEN });
    const halted = engine.connectors.setState(engine.connectors.get('Webshop').id, 'halted', '401 Authentication failed');
    expect(halted.state).toBe('halted');
    const { connector, notices } = await createHandlers(engine)['connectors.update']({ connector: 'Webshop', patch: { url: `${HOOK}?token=new-token-0000` } });
    expect(connector).toMatchObject({ state: 'active', stateReason: null, tokenMasked: '••••0000' });
    expect(notices.join(' ')).toMatch(/was halted after 401 Authentication failed and sends again/);
  });

  it('binds segments by their Segment Name and removes everything with the connector', async () => {
    await engine.connectors.create({ name: 'Webshop', url: HOOK, token: TOKEN });
    const record = engine.connectors.get('Webshop');
    engine.connectors.ensureSegment(record, 'WelcomeFlow');
    engine.connectors.ensureSegment(record, 'WelcomeFlow');
    expect(engine.connectors.view(record).segments.map((s) => s.name)).toEqual(['WelcomeFlow']);
    await engine.connectors.remove('Webshop');
    expect(engine.db.prepare('SELECT count(*) AS n FROM segments').get()).toEqual({ n: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({});
  });
});
