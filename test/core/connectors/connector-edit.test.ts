import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { IDENTIFIER_INFO, type ConnectorPatch, type ConnectorView } from '../../../src/shared/model';
import { tempDir } from '../../support/temp-db';

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-your-webhook-id';
const OTHER_HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/77-other-id';

/** The fields a patch may name, each with how the view shows it. */
const patchArbitrary: fc.Arbitrary<ConnectorPatch> = fc.record(
  {
    name: fc.constantFrom('Renamed', 'Webshop NL', 'Brand B'),
    url: fc.constantFrom(HOOK, OTHER_HOOK, `${OTHER_HOOK}?token=pasted-token-9999`),
    token: fc.constantFrom('new-token-12345678', 'second-token-abcd'),
    identifierType: fc.constantFrom('customer-id' as const, 'hashed-email' as const),
    partnerNumber: fc.integer({ min: 1, max: 99_999 }),
    batchSize: fc.integer({ min: 1, max: 600 }),
    flushIntervalMinutes: fc.integer({ min: 1, max: 1440 }),
    cron: fc.constantFrom(null, '0 9 * * *', '*/30 8-18 * * 1-5'),
    dailyLimit: fc.integer({ min: 0, max: 1_000_000 }),
    authMode: fc.constantFrom('query' as const, 'bearer' as const),
    timeoutMs: fc.integer({ min: 1000, max: 120_000 }),
  },
  { requiredKeys: [] },
  // A pasted URL with ?token= beside a different --token is refused (tested below), so the property leaves it out.
).filter((patch) => !(patch.token && patch.url?.includes('?token=')));

/** A connector as created, with settings that differ from every default (so a reset would show). */
const startingPoint = {
  name: 'Webshop',
  url: HOOK,
  token: 'original-token-0001',
  identifierType: 'hashed-email' as const,
  partnerNumber: 4242,
  batchSize: 250,
  flushIntervalMinutes: 45,
  cron: '0 6 * * *',
  dailyLimit: 1234,
  authMode: 'bearer' as const,
  timeoutMs: 5000,
};

/** What each patch field becomes in the connector view. */
function expectedView(before: ConnectorView, patch: ConnectorPatch): ConnectorView {
  const url = patch.url === undefined ? undefined : new URL(patch.url);
  const pastedToken = url?.searchParams.get('token') ?? undefined;
  url?.searchParams.delete('token');
  const token = patch.token ?? pastedToken;
  const identifierType = patch.identifierType ?? before.identifierType;
  // The one derived change: a default partner number follows the identifier type.
  const partnerFollows = before.partnerNumber === IDENTIFIER_INFO[before.identifierType].partner;
  return {
    ...before,
    name: patch.name ?? before.name,
    endpoint: url ? url.toString() : before.endpoint,
    tokenMasked: token ? `••••${token.slice(-4)}` : before.tokenMasked,
    identifierType,
    customerType: IDENTIFIER_INFO[identifierType].customerType,
    partnerNumber: patch.partnerNumber ?? (partnerFollows ? IDENTIFIER_INFO[identifierType].partner : before.partnerNumber),
    batchSize: patch.batchSize ?? before.batchSize,
    flushIntervalMinutes: patch.flushIntervalMinutes ?? before.flushIntervalMinutes,
    cron: patch.cron === undefined ? before.cron : patch.cron,
    dailyLimit: patch.dailyLimit ?? before.dailyLimit,
    authMode: patch.authMode ?? before.authMode,
    timeoutMs: patch.timeoutMs ?? before.timeoutMs,
  };
}

const comparable = ({ updatedAt: _u, ...view }: ConnectorView) => view;

describe('editing a connector through the handler map changes only what the patch names', () => {
  let dir: string;
  let cleanup: () => void;
  let engine: Engine;
  let handlers: Handlers;

  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    engine = createEngine({ dataDir: dir });
    handlers = createHandlers(engine);
  });
  afterAll(async () => {
    await engine.shutdown(0);
    cleanup();
  });

  it('for any patch, every field outside it keeps its value, and every field in it takes the new one', async () => {
    await fc.assert(
      fc.asyncProperty(patchArbitrary, fc.boolean(), async (patch, defaultPartner) => {
        const created = await handlers['connectors.create']({ ...startingPoint, partnerNumber: defaultPartner ? undefined : 4242 });
        try {
          const before = created.connector;
          const { connector: after } = await handlers['connectors.update']({ connector: before.name, patch });
          expect(comparable(after)).toEqual(comparable(expectedView(before, patch)));
          const record = engine.connectors.byId(before.id);
          const token = await engine.connectors.token(record);
          const pasted = patch.url ? new URL(patch.url).searchParams.get('token') : null;
          expect(token).toBe(patch.token ?? pasted ?? startingPoint.token);
        } finally {
          await engine.connectors.remove(engine.connectors.byId(created.connector.id).name);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an empty patch changes nothing, not even the time of the last change', async () => {
    const { connector: before } = await handlers['connectors.create']({ ...startingPoint, name: 'Untouched' });
    const { connector: after } = await handlers['connectors.update']({ connector: 'Untouched', patch: {} });
    expect(after).toEqual(before);
  });

  it('a token-only patch on a connector whose segments hold profiles is accepted and touches nothing else', async () => {
    const { connector: before } = await handlers['connectors.create']({ ...startingPoint, name: 'WithProfiles' });
    await importProfiles(engine, dir, 'WithProfiles');
    const { connector: after } = await handlers['connectors.update']({ connector: 'WithProfiles', patch: { token: 'replacement-token-7777' } });
    expect(comparable(after)).toEqual({ ...comparable(before), tokenMasked: '••••7777', segments: after.segments });
    expect(after.segments.map((s) => [s.name, s.members])).toEqual([['Welcome', 2]]);
  });

  it('refuses to change the identifier type while segments hold profiles, saying why and what to do instead, and changes nothing', async () => {
    const { connector: before } = await handlers['connectors.create']({ ...startingPoint, name: 'Keyed' });
    await importProfiles(engine, dir, 'Keyed');
    const refused = handlers['connectors.update']({ connector: 'Keyed', patch: { identifierType: 'customer-id', batchSize: 10 } });
    await expect(refused).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/cannot change from Hashed Email to Customer ID: its segments \(Welcome\) hold profiles.*Add a new connector with identifier type Customer ID/),
    });
    expect(engine.connectors.view(engine.connectors.byId(before.id))).toEqual(engine.connectors.view(engine.connectors.get('Keyed')));
    expect(engine.connectors.get('Keyed').batchSize).toBe(startingPoint.batchSize);
  });

  it('refuses an empty new token, a taken name and a URL with a different token, keeping everything as it was', async () => {
    await handlers['connectors.create']({ ...startingPoint, name: 'Strict' });
    await handlers['connectors.create']({ ...startingPoint, name: 'Taken' });
    const before = engine.connectors.view(engine.connectors.get('Strict'));
    await expect(handlers['connectors.update']({ connector: 'Strict', patch: { token: '  ' } })).rejects.toThrow(/new token is empty/);
    await expect(handlers['connectors.update']({ connector: 'Strict', patch: { name: 'taken' } })).rejects.toThrow(/already exists/);
    await expect(handlers['connectors.update']({ connector: 'Strict', patch: { url: `${HOOK}?token=one-token-1111`, token: 'two-token-2222' } })).rejects.toThrow(
      /different token/,
    );
    expect(engine.connectors.view(engine.connectors.get('Strict'))).toEqual(before);
    expect(await engine.connectors.token(engine.connectors.get('Strict'))).toBe(startingPoint.token);
  });
});

describe('a new token on a halted connector', () => {
  let sandbox: Sandbox;
  let dir: string;
  let cleanup: () => void;
  let engine: Engine;
  let handlers: Handlers;

  beforeEach(async () => {
    sandbox = await startSandbox({ token: 'the-right-token-2468' });
    ({ dir, cleanup } = tempDir());
    engine = createEngine({ dataDir: dir });
    handlers = createHandlers(engine);
  });
  afterEach(async () => {
    await engine.shutdown(0);
    await sandbox.close();
    cleanup();
  });

  it('resumes it, says so, logs it, and the next flush delivers', async () => {
    await handlers['connectors.create']({ name: 'Demo', url: sandbox.endpoint, token: 'a-wrong-token-0000', batchSize: 10 });
    await importProfiles(engine, dir, 'Demo');
    const [first] = await handlers['queue.flush']({ connector: 'Demo' });
    expect(first.halted).toBe(true);
    expect(engine.connectors.get('Demo')).toMatchObject({ state: 'halted', stateReason: expect.stringMatching(/^40[13]/) });

    const saved = await handlers['connectors.update']({ connector: 'Demo', patch: { token: sandbox.token } });
    expect(saved.connector).toMatchObject({ state: 'active', stateReason: null, batchSize: 10 });
    expect(saved.notices).toContainEqual(expect.stringMatching(/^The token changed: "Demo" was halted after 40[13] .* and sends again\.$/));
    const log = await handlers['log.list']({ connector: 'Demo' });
    expect(log[0]).toMatchObject({ outcome: 'resumed', meaning: expect.stringMatching(/The token changed/) });

    const [second] = await handlers['queue.flush']({ connector: 'Demo' });
    expect(second).toMatchObject({ halted: false, customersDelivered: 2 });
    expect(sandbox.members('Welcome').size).toBe(2);
  });

  it('a new endpoint resumes a connector halted because its endpoint refused webhooks, saying so', async () => {
    await handlers['connectors.create']({ name: 'Demo', url: `${sandbox.endpoint}-typo`, token: sandbox.token });
    engine.connectors.setState(engine.connectors.get('Demo').id, 'halted', '404 The endpoint URL does not accept webhooks: connector halted until its endpoint is corrected.');
    const saved = await handlers['connectors.update']({ connector: 'Demo', patch: { url: sandbox.endpoint } });
    expect(saved.connector).toMatchObject({ state: 'active', endpoint: sandbox.endpoint });
    expect(saved.notices).toContain('The endpoint changed: "Demo" was halted after 404 The endpoint URL does not accept webhooks and sends again.');
  });

  it('leaves the halt in place when the patch changes neither token nor endpoint', async () => {
    await handlers['connectors.create']({ name: 'Demo', url: sandbox.endpoint, token: 'a-wrong-token-0000' });
    engine.connectors.setState(engine.connectors.get('Demo').id, 'halted', '401 Authentication failed (token or user invalid): connector halted until the token is changed.');
    const saved = await handlers['connectors.update']({ connector: 'Demo', patch: { batchSize: 100 } });
    expect(saved.connector).toMatchObject({ state: 'halted', batchSize: 100 });
    expect(saved.notices.join(' ')).not.toMatch(/sends again/);
  });
});

/** Two profiles imported into segment Welcome through the engine, as a file import does. */
async function importProfiles(engine: Engine, dir: string, connector: string): Promise<void> {
  const file = join(dir, `${connector}.csv`);
  const identifierType = engine.connectors.get(connector).identifierType;
  writeFileSync(file, identifierType === 'hashed-email' ? 'email,firstName\nann@example.com,Ann\nbob@example.com,Bob\n' : 'customerId,firstName\n1,Ann\n2,Bob\n');
  await engine.importFile({ file, connector, segment: 'Welcome' });
}
