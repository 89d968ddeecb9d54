import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli, runCliAsync } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';

/** An operator's day with "Hold new changes for review": each step is one CLI call, as a script would make it. */
describe('canopy-batch with Hold new changes for review', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    sandbox = await startSandbox({ token: 'review-token-13572468' });
    expect(runCli(dir, 'connector', 'add', '--name', 'Demo', '--identifier', 'hashed-email', '--url', sandbox.url).status).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  it('connector edit --hold-for-review on turns it on and says so; a value other than on or off is a usage error', () => {
    const edited = runCli(dir, 'connector', 'edit', '--name', 'Demo', '--hold-for-review', 'on');
    expect(edited.status).toBe(0);
    expect(edited.stdout.trim()).toBe('Changed connector "Demo": hold for review off → on.');
    const [listed] = JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout) as Array<{ holdForReview: boolean }>;
    expect(listed.holdForReview).toBe(true);

    const wrong = runCli(dir, 'connector', 'edit', '--name', 'Demo', '--hold-for-review', 'yes');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--hold-for-review must be one of on, off.');
  });

  it('an import says its changes are held; flush sends nothing of them, says why, and exits 0 (it tried nothing that failed)', async () => {
    const imported = runCli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Demo', '--segment', 'WelcomeFlow');
    expect(imported.status).toBe(0);
    const pending = /NEW (\d+)/.exec(imported.stdout)?.[1];
    expect(Number(pending)).toBeGreaterThan(0);
    expect(imported.stdout).toContain(`${pending} changes for Demo are held for review: nothing of them is sent until you release them`);

    const status = runCli(dir, 'status');
    expect(status.stdout).toMatch(/HELD FOR REVIEW/);
    expect(status.stdout).toContain('Changes of Demo are held for review: nothing of them is sent until `release --connector Demo`.');
    const [row] = JSON.parse(runCli(dir, 'status', '--json').stdout) as Array<{ heldForReview: number }>;
    expect(row.heldForReview).toBe(Number(pending));

    const flushed = await runCliAsync(dir, 'flush');
    expect(flushed.status).toBe(0);
    expect(flushed.stdout).toContain('Demo: 0 batches delivered, 0 profiles');
    expect(flushed.stdout).toContain(`${pending} changes in segment WelcomeFlow are held for review: release them first`);
    expect(sandbox.requestCount).toBe(0);

    const preview = runCli(dir, 'preview', '--connector', 'Demo');
    expect(preview.stdout).toContain(`${pending} changes in segment WelcomeFlow are held for review`);
    expect(preview.stdout).toContain('Nothing to send for "Demo": nothing else is pending.');
  });

  it('release --connector N lets them go, and flush delivers them to the receiver', async () => {
    const released = runCli(dir, 'release', '--connector', 'Demo');
    expect(released.status).toBe(0);
    expect(released.stdout).toMatch(/^Released \d+ changes of Demo \(segment WelcomeFlow\): they are sent like any pending change from now on\.$/m);

    const flushed = await runCliAsync(dir, 'flush');
    expect(flushed.status).toBe(0);
    expect(flushed.stdout).toMatch(/Demo: 1 batch delivered, \d+ profiles/);
    expect(flushed.stdout).not.toContain('held for review');
    expect(sandbox.members('WelcomeFlow').size).toBeGreaterThan(0);
    const log = runCli(dir, 'log', '--json');
    const events = JSON.parse(log.stdout) as Array<{ outcome: string; httpStatus: number | null }>;
    expect(events.map((e) => e.outcome)).toEqual(expect.arrayContaining(['released', 'delivered']));
    expect(events.find((e) => e.outcome === 'delivered')?.httpStatus).toBe(200);
  });

  it('release needs --connector (usage, exit 2) and names an unknown connector (exit 1)', () => {
    expect(runCli(dir, 'release').status).toBe(2);
    const unknown = runCli(dir, 'release', '--connector', 'Nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('There is no connector named "Nope"');
  });

  it('connector add --hold-for-review on creates a connector that holds from the start', () => {
    expect(runCli(dir, 'connector', 'add', '--name', 'Strict', '--url', sandbox.url, '--hold-for-review', 'on').status).toBe(0);
    const listed = JSON.parse(runCli(dir, 'connector', 'list', '--json').stdout) as Array<{ name: string; holdForReview: boolean }>;
    expect(listed.find((c) => c.name === 'Strict')?.holdForReview).toBe(true);
  });
});
