import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { hashedEmail } from '../../src/main/core/imports/identifiers';
import { runCliAsync } from '../support/run-cli-async';
import { tempDir } from '../support/temp-db';
import { filesContaining } from '../support/bytes-scan';

const EMAIL = 'Anaïs.Gone@list.example';
const HASH = (hashedEmail(EMAIL) as { id: string }).id;
const CUSTOMER = 'KL-20451';

describe('forget (CLI, a child process against a real receiver)', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCliAsync(dir, ...args);

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('canopy-cli-forget-'));
    sandbox = await startSandbox({ token: 'forget-token-1234' });
    const emails = join(dir, 'emails.csv');
    writeFileSync(emails, `email,first name\nkeep@list.example,Keep\n${EMAIL},Anaïs\n`);
    const ids = join(dir, 'ids.csv');
    writeFileSync(ids, `customer id,first name\nKL-1,Keep\n${CUSTOMER},Anaïs\n`);
    expect((await cli('connector', 'add', '--name', 'Mail', '--url', sandbox.url, '--identifier', 'hashed-email')).status).toBe(0);
    expect((await cli('connector', 'add', '--name', 'Crm', '--url', sandbox.url, '--identifier', 'customer-id')).status).toBe(0);
    for (const segment of ['Welcome', 'Winback']) expect((await cli('import', emails, '--connector', 'Mail', '--segment', segment)).status).toBe(0);
    expect((await cli('import', ids, '--connector', 'Crm', '--segment', 'Loyalty')).status).toBe(0);
    expect((await cli('flush')).status).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  it('takes exactly one of --email or --customer-id (exit 2 otherwise)', async () => {
    const neither = await cli('forget');
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain('Give exactly one of --email or --customer-id.');
    expect((await cli('forget', '--email', EMAIL, '--customer-id', CUSTOMER)).status).toBe(2);
  });

  it('says a bad email in one sentence and exits 1, changing nothing', async () => {
    const bad = await cli('forget', '--email', 'anais-at-list');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('Cannot forget "anais-at-list": not an email address: "anais-at-list".');
    expect(sandbox.members('Welcome').has(HASH)).toBe(true);
  });

  it('forgets by email: REMOVED waits for a flush, then nothing in the data folder names the profile', async () => {
    expect(sandbox.members('Welcome').has(HASH)).toBe(true);
    const forgot = await cli('forget', '--email', EMAIL);
    expect(forgot.status).toBe(0);
    expect(forgot.stdout).toContain('The profile left 2 segment(s): Mail / Welcome, Mail / Winback.');
    expect(forgot.stdout).toContain('2 REMOVED change(s) wait for a flush');
    expect(forgot.stdout).toContain('Run `flush`');
    expect(sandbox.members('Welcome').has(HASH)).toBe(true);

    expect((await cli('flush')).status).toBe(0);
    for (const segment of ['Welcome', 'Winback']) {
      expect(sandbox.members(segment).has(HASH)).toBe(false);
      expect(sandbox.members(segment).size).toBe(1);
    }
    expect(filesContaining(dir, [HASH, 'anaïs.gone']).filter((f) => !f.endsWith('emails.csv'))).toEqual([]);
    const status = await cli('status');
    expect(status.status).toBe(0);
  });

  it('forgets by customer id in customer-id connectors only', async () => {
    const forgot = await cli('forget', '--customer-id', CUSTOMER, '--json');
    expect(forgot.status).toBe(0);
    const result = JSON.parse(forgot.stdout) as { segments: Array<{ connectorName: string; segmentName: string }>; complete: boolean };
    expect(result.segments).toEqual([{ connectorName: 'Crm', segmentName: 'Loyalty', removedPending: true }]);
    expect(result.complete).toBe(false);
    expect((await cli('flush')).status).toBe(0);
    expect(sandbox.members('Loyalty').has(CUSTOMER)).toBe(false);
    expect(sandbox.members('Loyalty').has('KL-1')).toBe(true);
    expect(filesContaining(dir, [CUSTOMER]).filter((f) => !f.endsWith('ids.csv'))).toEqual([]);
  });

  it('says so when nothing holds the profile', async () => {
    const again = await cli('forget', '--email', EMAIL);
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe('No segment holds this profile: there was nothing to forget.');
  });
});
