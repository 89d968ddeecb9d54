/**
 * A Hashed Email column is taken as given, so its ids need not be spread like SHA-256's: here every id starts
 * with the same 28 bits, so the whole segment falls into one bucket of the member index, over two chunks of its
 * state. Imports through the CLI, delivered to a real receiver, must still see exactly who entered, changed and
 * left, and a repeat of the same file must change nothing.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox/sandbox';
import { CHUNK } from '../../src/main/core/reconcile/member-state';
import { runCli } from '../support/run-cli';
import { runCliAsync } from '../support/run-cli-async';
import { tempDir } from '../support/temp-db';

const MEMBERS = CHUNK + 4000;

/** Id number `n`: 64 lowercase hex digits, all sharing their first seven; `n` decides the next nine. */
const crowdedId = (n: number) => '0000000' + n.toString(16).padStart(9, '0') + createHash('sha256').update(String(n)).digest('hex').slice(16);

describe('a hashed-email segment whose ids crowd one corner of the key space', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;

  const writeExport = (name: string, rows: Array<[number, string]>) => {
    const file = join(dir, name);
    writeFileSync(file, ['emailsha256,tier', ...rows.map(([n, tier]) => `${crowdedId(n)},${tier}`)].join('\n') + '\n');
    return file;
  };
  const importFile = (file: string, ...flags: string[]) => runCli(dir, 'import', file, '--connector', 'Crowd', '--segment', 'All', '--json', ...flags);
  const flush = async () => {
    const flushed = await runCliAsync(dir, 'flush');
    expect(flushed.stderr).toBe('');
    expect(flushed.status).toBe(0);
  };
  const held = () => new Map([...sandbox.members('All')].map(([id, params]) => [id, params.find((p) => p.name === 'tier')?.value]));

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('canopy-cli-crowded-'));
    sandbox = await startSandbox({ token: 'crowded-token-1234' });
    expect(runCli(dir, 'connector', 'add', '--name', 'Crowd', '--url', sandbox.url, '--identifier', 'hashed-email').status).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  it('tells entering, changed and leaving members apart, and a repeated file changes nothing', async () => {
    // Even numbers are members; the next export drops every fifth, changes every seventh and adds odd numbers
    // between them, so new keys land inside both chunks of the state, not only after its end.
    const members = Array.from({ length: MEMBERS }, (_, i) => 2 * i);
    const first = importFile(writeExport('previous.csv', members.map((n) => [n, 'bronze'])));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    await flush();
    expect(held().size).toBe(MEMBERS);

    const next: Array<[number, string]> = [];
    for (const n of members) {
      if (n % 5 === 0) continue;
      next.push([n, n % 7 === 0 ? 'gold' : 'bronze']);
      if (n % 3 === 0) next.push([n + 1, 'silver']);
    }
    const left = members.filter((n) => n % 5 === 0).length;
    const changed = members.filter((n) => n % 5 !== 0 && n % 7 === 0).length;
    const entered = members.filter((n) => n % 5 !== 0 && n % 3 === 0).length;
    const nextFile = writeExport('next.csv', next);
    const second = importFile(nextFile, '--allow-removals');
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout).pending).toMatchObject({ NEW: entered, MODIFIED: changed, REMOVED: left });
    await flush();
    expect(held()).toEqual(new Map(next.map(([n, tier]) => [crowdedId(n), tier])));

    // Without --allow-removals: members the index failed to find would be removals, and the guard would refuse.
    const again = importFile(nextFile);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).pending).toMatchObject({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
  }, 120_000);
});
