import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { openDatabase } from '../../src/main/core/db/open';

const ROOT = resolve(__dirname, '../..');

function writeExport(file: string, rows: number, tag: string) {
  const lines = ['customer_id,name,tier'];
  for (let i = 0; i < rows; i++) lines.push(`C-${i},Name ${i} ${tag},${i % 3}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function segmentState(dataDir: string) {
  const db = openDatabase(join(dataDir, 'canopy-batch.db'));
  try {
    const members = (db.prepare('SELECT count(*) AS n FROM desired_state').get() as { n: number }).n;
    const pending = (db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
    const tags = db.prepare(`SELECT DISTINCT substr(params, instr(params, ' v') + 1, 2) AS tag FROM desired_state`).all() as Array<{ tag: string }>;
    return { members, pending, tags: tags.map((t) => t.tag).sort() };
  } finally {
    db.close();
  }
}

describe('an import killed half-way (SIGKILL)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('leaves the segment exactly as the last finished import left it', async () => {
    runCli(dir, 'connector', 'add', '--name', 'Shop', '--url', 'https://example.invalid/hook', '--token', 'tok-123456789012');
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    writeExport(first, 20_000, 'v1');
    writeExport(second, 300_000, 'v2');
    expect(runCli(dir, 'import', first, '--connector', 'Shop', '--segment', 'S').status).toBe(0);
    const before = segmentState(dir);
    expect(before).toMatchObject({ members: 20_000, pending: 20_000, tags: ['v1'] });

    for (const killAfterMs of [300, 1200, 2500]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--data-dir', dir, 'import', second, '--connector', 'Shop', '--segment', 'S'], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      await new Promise((r) => setTimeout(r, killAfterMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const after = segmentState(dir);
      // All or nothing: either the whole second file, or the first one untouched. Never a mix.
      if (after.tags.includes('v2')) expect(after).toMatchObject({ members: 300_000, pending: 300_000, tags: ['v2'] });
      else expect(after).toEqual(before);
    }
  });
});
