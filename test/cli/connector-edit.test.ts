import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliAsync } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-your-webhook-id';
const OTHER = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/77-other-id';

const listed = (dir: string) => JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout) as Array<Record<string, unknown>>;

describe('canopy-batch connector edit', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    const added = runCli(dir, 'connector', 'add', '--name', 'Webshop', '--url', HOOK, '--token', 'first-token-00001111', '--identifier', 'hashed-email',
      '--partner', '4242', '--batch-size', '250', '--interval', '45', '--daily-limit', '1234', '--auth', 'bearer', '--cron', '0 6 * * *');
    expect(added.status).toBe(0);
  });
  afterAll(() => cleanup());

  it('changes only the token when only --token is given, and says what changed without printing the token', () => {
    const before = listed(dir)[0];
    const edited = runCli(dir, 'connector', 'edit', '--name', 'Webshop', '--token', 'second-token-22223333');
    expect(edited.status).toBe(0);
    expect(edited.stdout.trim()).toBe('Changed connector "Webshop": token ••••1111 → ••••3333.');
    expect(edited.stdout + edited.stderr).not.toContain('second-token-22223333');
    const { updatedAt: _a, ...after } = listed(dir)[0];
    const { updatedAt: _b, ...unchanged } = before;
    expect(after).toEqual({ ...unchanged, tokenMasked: '••••3333' });
  });

  it('splits a pasted URL with ?token= as `connector add` does, and changes the other given fields', () => {
    const edited = runCli(dir, 'connector', 'edit', '--name', 'webshop', '--url', `${OTHER}?token=pasted-token-44445555`, '--batch-size', '600', '--new-name', 'Webshop NL');
    expect(edited.status).toBe(0);
    expect(edited.stderr).toMatch(/token was moved/);
    expect(edited.stdout).toContain(`name Webshop → Webshop NL, endpoint ${HOOK} → ${OTHER}, token ••••3333 → ••••5555, batch size 250 → 600.`);
    expect(listed(dir)[0]).toMatchObject({
      name: 'Webshop NL', endpoint: OTHER, tokenMasked: '••••5555', identifierType: 'hashed-email', partnerNumber: 4242,
      batchSize: 600, flushIntervalMinutes: 45, dailyLimit: 1234, authMode: 'bearer', cron: '0 6 * * *',
    });
  });

  it("changes identifier, partner, interval, daily limit, auth and cron; --cron '' removes the fixed times", () => {
    const edited = runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--identifier', 'customer-id', '--partner', '1020', '--interval', '5',
      '--daily-limit', '0', '--auth', 'query', '--cron', '');
    expect(edited.status).toBe(0);
    expect(listed(dir)[0]).toMatchObject({ identifierType: 'customer-id', customerType: 'CLANG_ID', partnerNumber: 1020, flushIntervalMinutes: 5, dailyLimit: 0, authMode: 'query', cron: null, batchSize: 600 });
  });

  it('exits 2 for a usage error: no option to change, a bad value, a missing --name', () => {
    const nothing = runCli(dir, 'connector', 'edit', '--name', 'Webshop NL');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/Nothing to change: give at least one of --new-name, --url, --token/);
    const bad = runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--batch-size', '601');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--batch-size must be a whole number from 1 to 600/);
    expect(runCli(dir, 'connector', 'edit', '--token', 'x').status).toBe(2);
    expect(runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--identifier', 'email').status).toBe(2);
  });

  it('exits 1 with one sentence for a connector that does not exist or a refused change, changing nothing', () => {
    const before = listed(dir);
    const unknown = runCli(dir, 'connector', 'edit', '--name', 'Nope', '--batch-size', '10');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no connector named "Nope" (known: Webshop NL).');
    const http = runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--url', 'http://webhook.myclang.com/hook?token=leaked-token-1', '--batch-size', '10');
    expect(http.status).toBe(1);
    expect(http.stderr).toMatch(/must be an https URL/);
    expect(http.stderr).not.toContain('leaked-token-1');
    expect(listed(dir)).toEqual(before);
  });

  it('refuses an identifier change while segments hold profiles, saying what to do instead', () => {
    const file = join(dir, 'ids.csv');
    writeFileSync(file, 'customerId,firstName\n1,Ann\n2,Bob\n');
    expect(runCli(dir, 'import', file, '--connector', 'Webshop NL', '--segment', 'Welcome').status).toBe(0);
    const refused = runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--identifier', 'hashed-email');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cannot change from Customer ID to Hashed Email: its segments \(Welcome\) hold profiles.*Add a new connector/);
    // A token-only edit on the same connector is not refused: it does not name the identifier type.
    expect(runCli(dir, 'connector', 'edit', '--name', 'Webshop NL', '--token', 'third-token-66667777').status).toBe(0);
  });
});

describe('a connector halted by a wrong token, mended with connector edit', () => {
  let sandbox: Sandbox;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    sandbox = await startSandbox({ token: 'the-right-token-2468' });
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  // Flushes run without blocking: the sandbox answering them lives in this process.
  it('sends again after the new token, and the log shows 200', async () => {
    expect(runCli(dir, 'connector', 'add', '--name', 'Demo', '--url', `${sandbox.endpoint}?token=a-wrong-token-0000`).status).toBe(0);
    const file = join(dir, 'ids.csv');
    writeFileSync(file, 'customerId,firstName\n1,Ann\n2,Bob\n');
    expect(runCli(dir, 'import', file, '--connector', 'Demo', '--segment', 'Welcome').status).toBe(0);
    const refused = await runCliAsync(dir, 'flush');
    expect(refused.status).toBe(1);
    expect(JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout)[0]).toMatchObject({ state: 'halted' });

    const edited = runCli(dir, 'connector', 'edit', '--name', 'Demo', '--token', sandbox.token);
    expect(edited.status).toBe(0);
    expect(edited.stderr).toMatch(/The token changed: "Demo" was halted after 40[13] .* and sends again\./);
    expect(edited.stdout).toContain('state halted → active');

    const flushed = await runCliAsync(dir, 'flush');
    expect(flushed.status).toBe(0);
    expect(sandbox.members('Welcome').size).toBe(2);
    // The log, oldest first: the refused attempt, the resume, then the delivery.
    const log = JSON.parse(runCli(dir, 'log', '--json').stdout) as Array<{ httpStatus: number | null; outcome: string }>;
    expect(log.map((e) => [e.outcome, e.httpStatus])).toEqual([['halted', expect.any(Number)], ['resumed', null], ['delivered', 200]]);
  });
});
