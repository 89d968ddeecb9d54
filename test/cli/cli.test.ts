import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, fixture } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-your-webhook-id';
const TOKEN = 'tok-1234567890-abcd';

describe('the canopy-batch CLI', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('adds a connector from a pasted URL, says the token was split off and never prints it', () => {
    const added = runCli(dir, 'connector', 'add', '--name', 'Webshop', '--url', `${HOOK}?token=${TOKEN}`, '--identifier', 'hashed-email');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(`Added connector "Webshop": ${HOOK}`);
    expect(added.stdout).toContain('HASHED_EMAIL, partner 1022');
    expect(added.stderr).toMatch(/token was moved/);
    expect(added.stdout + added.stderr).not.toContain(TOKEN);
  });

  it('lists connectors with the token masked, as a table and as JSON', () => {
    const list = runCli(dir, 'connector', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/Webshop\s+active\s+HASHED_EMAIL\s+1022\s+500\s+20 min\s+50000\s+••••abcd/);
    const json = JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout);
    expect(json[0]).toMatchObject({ name: 'Webshop', tokenMasked: '••••abcd' });
    expect(JSON.stringify(json)).not.toContain(TOKEN);
  });

  it('imports the Dutch Excel export and prints what it found and what is pending', () => {
    const result = runCli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Webshop', '--segment', 'WelcomeFlow', '--map', 'gender=Geslacht,optin=Nieuwsbrief');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/rows read\s+9/);
    expect(result.stdout).toMatch(/rejected\s+2/);
    expect(result.stdout).toMatch(/Pending for WelcomeFlow: NEW 7, MODIFIED 0, REMOVED 0/);
  });

  it('shows pending changes per connector and segment', () => {
    const status = runCli(dir, 'status');
    expect(status.stdout).toMatch(/Webshop\s+WelcomeFlow\s+7\s+0\s+0/);
    expect(JSON.parse(runCli(dir, 'status', '--json').stdout)[0]).toMatchObject({ segmentName: 'WelcomeFlow', counts: { NEW: 7, MODIFIED: 0, REMOVED: 0 } });
  });

  it('exits 2 with a sentence on stderr for a usage error', () => {
    const missing = runCli(dir, 'connector', 'add', '--name', 'X');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/required option '--url <url>' not specified/);
    const bad = runCli(dir, 'connector', 'add', '--name', 'X', '--url', HOOK, '--batch-size', '601');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--batch-size must be a whole number from 1 to 600/);
    expect(runCli(dir, 'frobnicate').status).toBe(2);
  });

  it('exits 1 with one clear sentence when the operation fails', () => {
    const unknown = runCli(dir, 'import', fixture('delta-export.csv'), '--connector', 'Nope', '--segment', 'S');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no connector named "Nope" (known: Webshop).');
    const http = runCli(dir, 'connector', 'add', '--name', 'Plain', '--url', 'http://example.com/hook', '--token', 'x');
    expect(http.status).toBe(1);
    expect(http.stderr).toMatch(/must be an https URL/);
  });

  it('removes a connector', () => {
    expect(runCli(dir, 'connector', 'remove', '--name', 'Webshop').stdout).toContain('Removed connector "Webshop".');
    expect(runCli(dir, 'connector', 'list').stdout).toMatch(/No connectors yet/);
  });
});
