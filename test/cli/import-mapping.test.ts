/**
 * `import --map optout=…`, `--value-map`, `--date-order` and the delta detection, as a script runs them:
 * child processes, exit codes, stderr, and the next request body read back with `preview --json`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Param, PayloadPreview } from '../../src/shared/model';
import { fixture, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const HOOK = 'http://127.0.0.1:9/app/api/rest/public/v2/project/datahook/data-receiver/crm';

/** customerId → param name → value for one segment, from the body `preview --json` prints. */
function sentParams(dir: string, connector: string, segment: string): Map<string, Record<string, string>> {
  const preview = JSON.parse(runCli(dir, 'preview', '--connector', connector, '--json').stdout) as PayloadPreview;
  const body = preview.body as { campaigns: Array<{ segmentName: string; customers: Array<{ customerId: string; params: Param[] }> }> };
  const campaign = body.campaigns.find((c) => c.segmentName === segment)!;
  return new Map(campaign.customers.map((c) => [c.customerId, Object.fromEntries(c.params.map((p) => [p.name, p.value]))]));
}

describe('import with Deployteq value mappings from the CLI', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    for (const name of ['Salesforce', 'HubSpot']) {
      expect(runCli(dir, 'connector', 'add', '--name', name, '--url', HOOK, '--token', 'token-123456789', '--identifier', 'customer-id', '--batch-size', '600').status).toBe(0);
    }
  });
  afterAll(() => cleanup());

  it('--map optout= sends Salesforce\'s "Do Not Email" 1 as opt-in N and 0 as Y', () => {
    const result = runCli(dir, 'import', fixture('salesforce-contacts-report.csv'), '--connector', 'Salesforce', '--segment', 'CRM', '--id-column', 'Contact ID', '--map', 'optout=Do Not Email');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Hint: column "Do Not Email" mapped as optout');
    const sent = sentParams(dir, 'Salesforce', 'CRM');
    expect(sent.get('0035g0000000005')).toMatchObject({ 'Do Not Email': 'N', 'Created Date': '2025-06-06' });
    expect(sent.get('0035g0000000001')).toMatchObject({ 'Do Not Email': 'Y' });
    expect(new Set([...sent.values()].map((p) => p['Do Not Email']))).toEqual(new Set(['Y', 'N']));
  });

  it('rejects rows whose opt-in it cannot map, and says how to map them', () => {
    const result = runCli(dir, 'import', fixture('hubspot-export.csv'), '--connector', 'HubSpot', '--segment', 'Contacts', '--id-column', 'Contact ID', '--map', 'gender=Gender identity,optin=Email subscription');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/rejected\s+39/);
    expect(result.stdout).toContain(`Hint: column "Email subscription" mapped as optin; 39 rows rejected; cannot map "Not specified" ×39 (map them with --value-map 'Email subscription:VALUE=TO')`);
    expect(result.stdout).toContain(`Hint: column "Gender identity" mapped as gender; 20 sent as UNKNOWN; cannot map "I'd rather not say" ×20`);
  });

  it('--value-map (repeatable) maps those values, or rejects the rows with a value marked reject', () => {
    const result = runCli(
      dir, 'import', fixture('hubspot-export.csv'), '--connector', 'HubSpot', '--segment', 'Contacts', '--id-column', 'Contact ID',
      '--map', 'gender=Gender identity,optin=Email subscription',
      '--value-map', 'Email subscription:Not specified=N',
      '--value-map', "Gender identity:I'd rather not say=reject",
      '--json',
    );
    expect(result.status).toBe(0);
    const imported = JSON.parse(result.stdout);
    expect(imported).toMatchObject({ rowsRead: 120, rejected: 20, pending: { NEW: 100 } });
    const sent = sentParams(dir, 'HubSpot', 'Contacts');
    expect(sent.get('5001')).toMatchObject({ 'Email subscription': 'N', 'Gender identity': 'UNKNOWN', 'Last activity date': '2025-02-02T01:07:00' });
    expect(sent.has('5002')).toBe(false);
  });

  it('refuses a --value-map it cannot read (exit 2) or to a value Deployteq does not take (exit 1), storing nothing', () => {
    const usage = runCli(dir, 'import', fixture('hubspot-export.csv'), '--connector', 'HubSpot', '--segment', 'Other', '--value-map', 'Email subscription');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--value-map takes COLUMN:FROM=TO,FROM=TO');
    const wrong = runCli(
      dir, 'import', fixture('hubspot-export.csv'), '--connector', 'HubSpot', '--segment', 'Other', '--id-column', 'Contact ID',
      '--map', 'optin=Email subscription', '--value-map', 'Email subscription:Not specified=ja',
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim()).toBe(
      'The value map of "Email subscription" (opt-in) sends "Not specified" as "ja", which Deployteq does not accept: use Y, N, or reject the row.',
    );
    // Nothing stored: not even the new segment the refused import named.
    expect(runCli(dir, 'status').stdout).not.toMatch(/HubSpot\s+Other/);
    expect(runCli(dir, 'status').stdout).toMatch(/HubSpot\s+Contacts\s+100\s/);
  });

  it('names the format it read in the summary: CSV with its delimiter, NDJSON without one', () => {
    const csv = runCli(dir, 'import', fixture('customer-ids.csv'), '--connector', 'HubSpot', '--segment', 'Summary CSV');
    expect(csv.status).toBe(0);
    expect(csv.stdout).toMatch(/^Imported .*customer-ids\.csv into HubSpot \/ Summary CSV \(snapshot; CSV, UTF-8 with BOM, delimiter ","; identifier column "customer_id"\)\./);
    const ndjson = runCli(dir, 'import', fixture('profiles.ndjson'), '--connector', 'HubSpot', '--segment', 'Summary NDJSON');
    expect(ndjson.status).toBe(0);
    expect(ndjson.stdout).toMatch(/^Imported .*profiles\.ndjson into HubSpot \/ Summary NDJSON \(snapshot; NDJSON, UTF-8; identifier column "customerId"\)\./);
  });
});

describe('import of a delta file from the CLI', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    expect(runCli(dir, 'connector', 'add', '--name', 'Shop', '--url', HOOK, '--token', 'token-123456789', '--identifier', 'hashed-email').status).toBe(0);
  });
  afterAll(() => cleanup());

  it('imports a file with an action column as delta when --mode is not given', () => {
    const result = runCli(dir, 'import', fixture('delta-export.csv'), '--connector', 'Shop', '--segment', 'Changes');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('(delta; CSV');
    // remove of someone never delivered sends nothing: two upserts are pending
    expect(result.stdout).toMatch(/NEW 2, MODIFIED 0, REMOVED 0/);
  });

  it('warns on stderr, asked for --mode snapshot, that the action column would become a variable', () => {
    const result = runCli(dir, 'import', fixture('delta-export.csv'), '--connector', 'Shop', '--segment', 'AsSnapshot', '--mode', 'snapshot');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(snapshot; CSV');
    expect(result.stderr).toContain('Warning: The column "action" holds actions (add, update, remove…), but the file is imported as a snapshot');
  });

  it('warns about dates that fit both orders, and reads them month first with --date-order mdy', () => {
    const file = join(dir, 'ambiguous.csv');
    writeFileSync(file, 'email,since\nann@example.com,3/4/2025\nbob@example.com,2/2/2025\n');
    const guessed = runCli(dir, 'import', file, '--connector', 'Shop', '--segment', 'Dates');
    expect(guessed.status).toBe(0);
    expect(guessed.stderr).toContain('Warning: The dates in "since" (such as "3/4/2025") can be read day first or month first');
    const chosen = runCli(dir, 'import', file, '--connector', 'Shop', '--segment', 'Dates', '--date-order', 'mdy', '--json');
    expect(chosen.stderr).toBe('');
    expect(JSON.parse(chosen.stdout)).toMatchObject({ warnings: [], pending: { NEW: 2 } });
    const sent = sentParams(dir, 'Shop', 'Dates');
    expect([...sent.values()].map((p) => p.since).sort()).toEqual(['2025-02-02', '2025-03-04']);
  });
});
