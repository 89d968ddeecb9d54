import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { fixture } from '../support/run-cli';
import { runCliAsync } from '../support/run-cli-async';
import { tempDir } from '../support/temp-db';

/**
 * `import undo` and `segment adopt` as an operator runs them, against a real receiver on 127.0.0.1.
 * The HubSpot export is imported, then a changed copy of it (rows dropped, names changed, contacts added).
 */
describe('import undo and segment adopt', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCliAsync(dir, ...args);
  const hubspot = ['--connector', 'Crm', '--id-column', 'Contact ID', '--columns', 'First name,Last name'];
  const held = (segment: string) => Object.fromEntries([...sandbox.members(segment)].map(([id, params]) => [id, params.map((p) => `${p.name}=${p.value}`).join(';')]));

  /** The HubSpot export with its first 10 contacts gone, 5 renamed and 3 added. */
  function changedExport(): string {
    const [header, ...rows] = readFileSync(fixture('hubspot-export.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const renamed = rows.slice(10).map((row, i) => (i < 5 ? row.replace(/^("\d+"),"[^"]*"/, '$1,"Renamed"') : row));
    const added = [9001, 9002, 9003].map((id) => `"${id}","New${id}","Person","new${id}@example.org","","Not specified","2025-02-02 01:07","Lead"`);
    const file = join(dir, 'hubspot-changed.csv');
    writeFileSync(file, [header, ...renamed, ...added].join('\n') + '\n');
    return file;
  }

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('canopy-cli-undo-'));
    sandbox = await startSandbox({ token: 'undo-cli-token-97531' });
    expect((await cli('connector', 'add', '--name', 'Crm', '--url', sandbox.url)).status).toBe(0);
    expect((await cli('connector', 'add', '--name', 'Shop', '--url', sandbox.url, '--identifier', 'hashed-email')).status).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  it('undo after a flush queues the reverse changes: the receiver ends equal to the previous import', async () => {
    expect((await cli('import', fixture('hubspot-export.csv'), ...hubspot, '--segment', 'Contacts')).status).toBe(0);
    expect((await cli('flush')).status).toBe(0);
    const previous = held('Contacts');
    expect(Object.keys(previous)).toHaveLength(120);
    expect((await cli('import', changedExport(), ...hubspot, '--segment', 'Contacts')).status).toBe(0);
    expect((await cli('flush')).status).toBe(0);
    expect(held('Contacts')).not.toEqual(previous);

    const dryRun = await cli('import', 'undo', '--connector', 'Crm', '--segment', 'Contacts', '--dry-run');
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain('Dry run, nothing changed.');
    expect(dryRun.stdout).toContain('3 members leave, 10 members come back, 5 members get their previous params');
    expect(dryRun.stdout).toContain('Pending for Contacts: NEW 10, MODIFIED 5, REMOVED 3');

    const undone = await cli('import', 'undo', '--connector', 'Crm', '--segment', 'Contacts', '--json');
    expect(undone.status).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({ membersLeave: 3, membersRejoin: 10, paramsRestored: 5, pendingAfter: { NEW: 10, MODIFIED: 5, REMOVED: 3 } });
    expect((await cli('flush')).status).toBe(0);
    expect(held('Contacts')).toEqual(previous);
  }, 120_000);

  it('undo before a flush: the pending changes vanish and nothing is sent', async () => {
    expect((await cli('import', fixture('hubspot-export.csv'), ...hubspot, '--segment', 'Fresh')).status).toBe(0);
    const requests = sandbox.state().requests.length;
    const undone = await cli('import', 'undo', '--connector', 'Crm', '--segment', 'Fresh', '--allow-removals');
    expect(undone.status).toBe(0);
    expect(undone.stdout).toContain('Pending for Fresh: NEW 0, MODIFIED 0, REMOVED 0');
    expect((await cli('flush')).status).toBe(0);
    expect(sandbox.state().requests.length).toBe(requests);
    expect(sandbox.members('Fresh').size).toBe(0);
  }, 60_000);

  it('refuses, exit 1 with a sentence, an undo of an import that is not the latest (here: already undone)', async () => {
    const again = await cli('import', 'undo', '--connector', 'Crm', '--segment', 'Contacts');
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(
      `The last import of segment Contacts of Crm (${changedExport()}) was already undone; only the most recent import of a segment can be undone, once.`,
    );
    expect((await cli('import', 'undo', '--connector', 'Crm')).status).toBe(2);
  }, 60_000);

  it('adopt sends nothing; the same export imported after it changes nothing, a changed one only its differences', async () => {
    const audience = fixture('mailchimp-audience.csv');
    const options = ['--connector', 'Shop', '--segment', 'Audience', '--columns', 'First Name,TAGS'];
    const before = sandbox.state().requests.length;
    const dryRun = await cli('segment', 'adopt', audience, ...options, '--dry-run');
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain('Dry run, nothing changed.');
    const adopted = await cli('segment', 'adopt', audience, ...options, '--json');
    expect(adopted.status).toBe(0);
    const plan = JSON.parse(adopted.stdout);
    expect(plan).toMatchObject({ requests: 0, dropped: 0, membersBefore: 0 });
    expect(plan.members).toBeGreaterThan(50);
    expect((await cli('flush')).status).toBe(0);
    expect(sandbox.state().requests.length).toBe(before);

    const same = await cli('import', audience, ...options);
    expect(same.stdout).toContain('Pending for Audience: NEW 0, MODIFIED 0, REMOVED 0');
    const lines = readFileSync(audience, 'utf8').trimEnd().split(/\r?\n/);
    const changed = join(dir, 'audience-changed.csv');
    writeFileSync(changed, [lines[0], lines[1].replace(',Levi,', ',Levina,'), ...lines.slice(3)].join('\n') + '\n');
    const next = await cli('import', changed, ...options);
    expect(next.stdout).toContain('Pending for Audience: NEW 0, MODIFIED 1, REMOVED 1');
    expect((await cli('flush')).status).toBe(0);
    expect(sandbox.state().requests.length).toBe(before + 1);
    expect(sandbox.state().requests.at(-1)!.customers).toBe(2);
  }, 120_000);
});
