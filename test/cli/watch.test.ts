import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { fixture, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const ROOT = resolve(__dirname, '../..');

describe('watch add / list / remove, and `run` importing what lands in a watched folder', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;
  let exports: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('canopy-cli-watch-'));
    sandbox = await startSandbox({ token: 'watch-token-1234' });
    exports = join(dir, 'exports');
    mkdirSync(exports);
    copyFileSync(fixture('hubspot-export.csv'), join(exports, 'leden-2026-03-09.csv'));
    const added = runCli(dir, 'connector', 'add', '--name', 'Shop', '--url', sandbox.url, '--identifier', 'hashed-email', '--batch-size', '7');
    expect(added.status).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    cleanup();
  });

  /** A long-running command (run, serve) as a child process, stopped with SIGTERM as an operator's Ctrl+C. */
  function startCli(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--data-dir', dir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let printed = '';
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), (printed += d.toString())));
    child.stderr.on('data', (d: Buffer) => (printed += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return {
      stdout: () => stdout,
      /** stdout and stderr as they came, for a failure's message. */
      printed: () => printed,
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
  }

  it('adds a watch of a folder with a pattern and the import options, and says files already there are left alone', () => {
    const added = runCli(dir, 'watch', 'add', '--connector', 'Shop', '--segment', 'WelcomeFlow', '--path', exports, '--pattern', 'leden-*.csv', '--map', 'gender=Geslacht,optin=Nieuwsbrief');
    expect(added.stderr).toContain('Files already there are left alone.');
    expect(added.status).toBe(0);
    expect(added.stdout.trim()).toBe(`Added watch 1: ${exports} (leden-*.csv) → Shop / WelcomeFlow (snapshot).`);
  });

  it('lists watches as a table and as JSON, with the stored options', () => {
    const list = runCli(dir, 'watch', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/1\s+Shop\s+WelcomeFlow\s+snapshot\s+\S+exports \(leden-\*\.csv\)\s+-\s+-\s+-/);
    const [watch] = JSON.parse(runCli(dir, 'watch', 'list', '--json').stdout);
    expect(watch).toMatchObject({ id: 1, connector: 'Shop', segment: 'WelcomeFlow', kind: 'folder', pattern: 'leden-*.csv', options: { mode: 'snapshot', map: { gender: 'Geslacht', optin: 'Nieuwsbrief' } }, last: null });
  });

  it('stores the value maps, encoding and date order a manual import takes, for every file the watch imports', () => {
    const other = runCli(dir, 'connector', 'add', '--name', 'Other', '--url', 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/9?token=other-token-123456');
    expect(other.status).toBe(0);
    const added = runCli(
      dir, 'watch', 'add', '--connector', 'Other', '--segment', 'Nieuwsbrief', '--path', exports, '--map', 'optin=Nieuwsbrief',
      '--value-map', 'Nieuwsbrief:misschien=N', '--encoding', 'Windows-1252', '--date-order', 'mdy', '--json',
    );
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout).options).toMatchObject({ map: { optin: 'Nieuwsbrief' }, valueMaps: { Nieuwsbrief: { misschien: 'N' } }, encoding: 'Windows-1252', dateOrder: 'mdy' });
    expect(runCli(dir, 'watch', 'remove', '--connector', 'Other', '--segment', 'Nieuwsbrief').status).toBe(0);
  });

  it('refuses a second watch of the same segment (exit 1) and a remove without a target (exit 2)', () => {
    const again = runCli(dir, 'watch', 'add', '--connector', 'Shop', '--segment', 'WelcomeFlow', '--path', exports);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(`Shop / WelcomeFlow is watched already (watch 1, ${exports}); remove that watch first.`);
    const neither = runCli(dir, 'watch', 'remove');
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain('Give the watch id, or both --connector and --segment.');
    const both = runCli(dir, 'watch', 'remove', '1', '--connector', 'Shop', '--segment', 'WelcomeFlow');
    expect(both.status).toBe(2);
    expect(runCli(dir, 'watch', 'remove', 'one').status).toBe(2);
    const missing = runCli(dir, 'watch', 'add', '--connector', 'Shop', '--segment', 'X', '--path', join(dir, 'nowhere', 'x.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Neither .*x\.csv nor its folder .*nowhere exists\./);
  });

  it('`run` imports an export dropped into the watched folder and sends the full batch to the receiver', async () => {
    const run = startCli(['run']);
    try {
      await waitFor(() => run.stdout().includes('Watching 1 folder(s) or file(s)'), 'run to start watching', run.printed);
      copyFileSync(fixture('nl-excel-export.csv'), join(exports, 'leden-2026-03-10.csv'));
      // Generous: beside the whole suite's imports on two cores, the watcher's 3 s check and an import in a tsx
      // process took over 30 s in a full run.
      await waitFor(() => /Watch 1 \(Shop \/ WelcomeFlow\): imported \S+leden-2026-03-10\.csv: 9 rows read, 2 rejected; pending NEW 7/.test(run.stdout()), 'the import', run.printed, 90_000);
      await waitFor(() => sandbox.members('WelcomeFlow').size === 7, 'the batch to reach the receiver', run.printed);
      expect(run.stdout()).not.toContain('leden-2026-03-09.csv');
    } finally {
      expect(await run.stop()).toBe(0);
    }
    const [watch] = JSON.parse(runCli(dir, 'watch', 'list', '--json').stdout);
    expect(watch.last).toMatchObject({ path: join(exports, 'leden-2026-03-10.csv'), result: 'imported' });
    expect(runCli(dir, 'watch', 'list').stdout).toMatch(/leden-2026-03-10\.csv\s+imported: 9 rows read, 2 rejected/);
  }, 150_000);

  it('`serve` imports what lands in a watched folder too, and `serve --no-scheduler` leaves it alone', async () => {
    const screens = join(dir, 'screens');
    mkdirSync(screens);
    writeFileSync(join(screens, 'index.html'), '<!doctype html><title>screens</title>');
    const lastFile = () => JSON.parse(runCli(dir, 'watch', 'list', '--json').stdout)[0].last?.path ?? null;

    const idle = startCli(['serve', '--static-dir', screens, '--no-scheduler']);
    try {
      await waitFor(() => idle.stdout().includes('Canopy Batch console: http://127.0.0.1:'), 'serve to start', idle.printed);
      copyFileSync(fixture('nl-excel-export.csv'), join(exports, 'leden-2026-03-11.csv'));
      await new Promise((r) => setTimeout(r, 5000)); // longer than a file takes to settle and import
      expect(lastFile()).toBe(join(exports, 'leden-2026-03-10.csv'));
    } finally {
      expect(await idle.stop()).toBe(0);
    }

    const serving = startCli(['serve', '--static-dir', screens]);
    try {
      await waitFor(() => lastFile() === join(exports, 'leden-2026-03-11.csv'), 'serve to import the new export', serving.printed);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  }, 60_000);

  it('removes a watch by --connector and --segment, then by id says there is none', () => {
    const removed = runCli(dir, 'watch', 'remove', '--connector', 'Shop', '--segment', 'WelcomeFlow');
    expect(removed.status).toBe(0);
    expect(removed.stdout.trim()).toBe(`Removed watch 1: ${exports} (leden-*.csv) → Shop / WelcomeFlow.`);
    const again = runCli(dir, 'watch', 'remove', '1');
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe('There is no watch 1.');
    expect(runCli(dir, 'watch', 'list').stdout).toMatch(/No watches yet/);
  });
});

/** Waits for `condition`; on a timeout the error says what was awaited and, when given, what the process printed. */
async function waitFor(condition: () => boolean, what: string, printed: () => string = () => '', timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}${printed() ? `; the process printed:\n${printed()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
