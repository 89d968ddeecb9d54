import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { fixture, runCli } from '../support/run-cli';
import { runCliAsync } from '../support/run-cli-async';
import { tempDir } from '../support/temp-db';

describe('segment export', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('canopy-cli-export-'));
    sandbox = await startSandbox({ token: 'export-token-1234' });
    expect(runCli(dir, 'connector', 'add', '--name', 'Shop', '--url', sandbox.url, '--identifier', 'hashed-email').status).toBe(0);
    expect(runCli(dir, 'import', fixture('mailchimp-audience.csv'), '--connector', 'Shop', '--segment', 'Audience', '--columns', 'First Name,TAGS').status).toBe(0);
    const flushed = await runCliAsync(dir, 'flush');
    expect(flushed.stderr).toBe('');
    expect(flushed.status).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  /** customerId → [First Name, TAGS] as the export has it and as the receiver holds it. */
  const rowsOf = (csv: string) => (parse(csv, { bom: true }) as string[][]).slice(1).map((r) => [r[0], r[1], r[2]]).sort();
  const held = () => [...sandbox.members('Audience')].map(([id, params]) => [id, ...['First Name', 'TAGS'].map((n) => params.find((p) => p.name === n)?.value ?? '')]).sort();

  it('writes the delivered state to standard output as CSV, the count on stderr', async () => {
    const result = await runCliAsync(dir, 'segment', 'export', '--connector', 'Shop', '--segment', 'Audience');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\r\n')[0]).toBe('customerId,First Name,TAGS,deliveredAt');
    expect(held().length).toBeGreaterThan(5);
    expect(rowsOf(result.stdout)).toEqual(held());
    expect(result.stderr.trim()).toBe(`Exported ${sandbox.members('Audience').size} profile(s).`);
  });

  it('writes to --out, a UTF-8 file with a byte-order mark for spreadsheets', async () => {
    const out = join(dir, 'audience.csv');
    const result = await runCliAsync(dir, 'segment', 'export', '--connector', 'Shop', '--segment', 'Audience', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`to ${out}.`);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFcustomerId,')).toBe(true);
    expect(rowsOf(text)).toEqual(held());
  });

  it('exits 1 for a segment it does not know, and 2 without --segment', async () => {
    const unknown = await runCliAsync(dir, 'segment', 'export', '--connector', 'Shop', '--segment', 'Nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('Connector "Shop" has no segment named "Nope".');
    expect((await runCliAsync(dir, 'segment', 'export', '--connector', 'Shop')).status).toBe(2);
  });
});
