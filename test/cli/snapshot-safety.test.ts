import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';

/**
 * Issue 9, snapshot safety, as an operator meets it at the terminal: a snapshot that would wipe a good part
 * of a segment is refused until it is allowed, and a malformed line never removes or changes its member.
 * The receiver is the sandbox on 127.0.0.1, so the segment has a delivered state to lose.
 */
const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** `flush` as a child process without blocking this event loop (the sandbox answers from it). */
function flush(dataDir: string): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(TSX, [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, 'flush'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CANOPY_BATCH_DATA_DIR: '' } });
    child.once('exit', (code) => done(code));
  });
}

const row = (i: number, tier: string) => `C-${i},Name ${i},${tier}`;

function writeExport(file: string, lines: string[]): string {
  writeFileSync(file, `${['customer_id,name,tier', ...lines].join('\n')}\n`);
  return file;
}

/** Everything an operator can see of the segments: pending per status and members per segment. */
function visibleState(dataDir: string) {
  return {
    status: JSON.parse(runCli(dataDir, 'status', '--json').stdout),
    connectors: JSON.parse(runCli(dataDir, 'connector', 'list', '--json').stdout),
  };
}

describe('snapshot safety through the CLI', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    sandbox = await startSandbox({ token: 'tok-123456789012' });
    expect(runCli(dir, 'connector', 'add', '--name', 'Shop', '--url', sandbox.url).status).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  it('refuses a snapshot that would remove more than 25% of the members, changes nothing, and takes it with --allow-removals', async () => {
    const all = Array.from({ length: 200 }, (_, i) => row(i, 'gold'));
    expect(runCli(dir, 'import', writeExport(join(dir, 'all.csv'), all), '--connector', 'Shop', '--segment', 'Big').status).toBe(0);
    expect(await flush(dir)).toBe(0);
    expect(sandbox.members('Big').size).toBe(200);
    const before = visibleState(dir);

    const truncated = writeExport(join(dir, 'truncated.csv'), all.slice(0, 120));
    const refused = runCli(dir, 'import', truncated, '--connector', 'Shop', '--segment', 'Big');
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('This snapshot would remove 80 of the 200 members of Big (40%, more than the 25% allowed without confirmation); nothing was changed.');
    expect(refused.stderr).toContain('--allow-removals');
    expect(visibleState(dir)).toEqual(before);
    expect(readdirSync(dir)).not.toContain('rejects');

    const allowed = runCli(dir, 'import', truncated, '--connector', 'Shop', '--segment', 'Big', '--allow-removals');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('Pending for Big: NEW 0, MODIFIED 0, REMOVED 80');
  });

  it('lets a small segment lose fewer than 50 members without asking, whatever the share', () => {
    const sixty = Array.from({ length: 60 }, (_, i) => row(i, 'gold'));
    expect(runCli(dir, 'import', writeExport(join(dir, 'sixty.csv'), sixty), '--connector', 'Shop', '--segment', 'Small').status).toBe(0);
    const fewer = runCli(dir, 'import', writeExport(join(dir, 'twenty.csv'), sixty.slice(0, 20)), '--connector', 'Shop', '--segment', 'Small');
    expect(fewer.stderr).toBe('');
    expect(fewer.status).toBe(0);
    expect(fewer.stdout).toContain('Pending for Small: NEW 20, MODIFIED 0, REMOVED 0');
  });

  it('takes the share from the segment binding: at 50%, removing 40% goes through', () => {
    const all = Array.from({ length: 200 }, (_, i) => row(i, 'gold'));
    expect(runCli(dir, 'import', writeExport(join(dir, 'half.csv'), all), '--connector', 'Shop', '--segment', 'Half').status).toBe(0);
    expect(runCli(dir, 'connector', 'guard', '--name', 'Shop', '--segment', 'Half', '--percent', '150').status).toBe(2);
    const set = runCli(dir, 'connector', 'guard', '--name', 'Shop', '--segment', 'Half', '--percent', '50');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('A snapshot of Half (Shop) that removes more than 50% of its members, and at least 50, now asks first.');
    expect(JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout)[0].segments).toContainEqual(expect.objectContaining({ name: 'Half', removalGuardPercent: 50 }));
    const fewer = runCli(dir, 'import', writeExport(join(dir, 'half-less.csv'), all.slice(0, 120)), '--connector', 'Shop', '--segment', 'Half');
    expect(fewer.stderr).toBe('');
    expect(fewer.status).toBe(0);
  });

  it('keeps a member whose line is malformed exactly as it was: not REMOVED, not MODIFIED, and says so', async () => {
    const members = Array.from({ length: 10 }, (_, i) => row(i, 'gold'));
    expect(runCli(dir, 'import', writeExport(join(dir, 'ten.csv'), members), '--connector', 'Shop', '--segment', 'Kept').status).toBe(0);
    expect(await flush(dir)).toBe(0);
    const atDeployteq = sandbox.members('Kept');
    // C-3's line has a field too many (an unquoted comma) and C-7 changed tier; C-5 has left.
    const next = members.map((line, i) => (i === 3 ? `${row(3, 'silver')},extra` : i === 7 ? row(7, 'silver') : line)).filter((_, i) => i !== 5);
    const result = runCli(dir, 'import', writeExport(join(dir, 'next.csv'), next), '--connector', 'Shop', '--segment', 'Kept');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/rejected\s+1/);
    expect(result.stdout).toMatch(/kept as is\s+1 {2}\(members whose row was rejected: not removed, not changed\)/);
    expect(result.stdout).toContain('Pending for Kept: NEW 0, MODIFIED 1, REMOVED 1');
    expect(JSON.parse(runCli(dir, 'import', writeExport(join(dir, 'next2.csv'), next), '--connector', 'Shop', '--segment', 'Kept', '--json').stdout)).toMatchObject({
      rejected: 1,
      keptByRejects: 1,
    });

    expect(await flush(dir)).toBe(0);
    const after = sandbox.members('Kept');
    expect(after.get('C-3')).toEqual(atDeployteq.get('C-3'));
    expect(after.has('C-5')).toBe(false);
    expect(after.get('C-7')).toContainEqual(expect.objectContaining({ name: 'tier', value: 'silver' }));
  });
});
