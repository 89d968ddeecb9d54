/** `backup` and `restore` as an operator runs them, and the daily backups the engine keeps. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/main/core/engine';
import { dailyBackup, DAILY_BACKUPS_KEPT } from '../../src/main/core/maintenance/backup';
import { fixture, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const URL = 'http://127.0.0.1:9/app/api/rest/public/v2/project/datahook/data-receiver/x?token=tok-1234567890-abcd';

let folder: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => {
  folder = tempDir('canopy-backup-');
  dir = join(folder.dir, 'data');
  expect(runCli(dir, 'connector', 'add', '--name', 'Shop', '--identifier', 'hashed-email', '--url', URL).status).toBe(0);
  expect(runCli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Shop', '--segment', 'Welcome').status).toBe(0);
});
afterEach(() => folder.cleanup());

describe('backup and restore', () => {
  it('a backup taken now brings back the segment after it was removed', () => {
    const out = join(folder.dir, 'before-cleanup.db');
    const backup = runCli(dir, 'backup', '--out', out);
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^Backed up the database to ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(\\d+\\.\\d MB\\)\\.\\n$`));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const engine = createEngine({ dataDir: dir, maintenance: false });
    engine.connectors.removeSegment(engine.connectors.get('Shop'), 'Welcome');
    engine.close();
    expect(runCli(dir, 'status').stdout).not.toContain('Welcome');

    const restored = runCli(dir, 'restore', out);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^Restored .*before-cleanup\.db\. The database it replaced is kept as .*canopy-batch\.db\.before-restore-/);
    expect(runCli(dir, 'status').stdout).toMatch(/Shop\s+Welcome\s+7\s+0\s+0/);
  });

  it('without --out, the backup goes into the data folder\'s backups/', () => {
    const backup = runCli(dir, 'backup');
    expect(backup.status).toBe(0);
    expect(readdirSync(join(dir, 'backups'))).toEqual([expect.stringMatching(/^canopy-batch-manual-\d{4}-\d{2}-\d{2}T[\d-]+\.db$/)]);
  });

  it('a file that is no backup is refused, and the database stays', () => {
    const refused = runCli(dir, 'restore', fixture('nl-excel-export.csv'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('"nl-excel-export.csv" is not a Canopy Batch backup (not an SQLite database); nothing was restored.\n');
    expect(runCli(dir, 'status').stdout).toContain('Welcome');
  });

  it('restore is refused while another process has the data folder open, saying how to go on', async () => {
    const out = join(folder.dir, 'b.db');
    expect(runCli(dir, 'backup', '--out', out).status).toBe(0);
    const ROOT = resolve(__dirname, '../..');
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), '--data-dir', dir, 'run'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolveStarted) => {
        const look = setInterval(() => {
          if (existsSync(join(dir, 'in-use')) && readdirSync(join(dir, 'in-use')).length > 0) {
            clearInterval(look);
            resolveStarted();
          }
        }, 100);
      });
      const refused = runCli(dir, 'restore', out);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^The data folder .* is in use by process \d+ \(the desktop app, `serve` or `run`\): quit it \(or stop it with Ctrl-C\), then run restore again\.\n$/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolveExit) => child.on('exit', resolveExit));
    }
    expect(runCli(dir, 'restore', out).status).toBe(0);
  });

  it('retention: days are changed one at a time, and bodies are never kept longer than their log (the screens\' rule)', () => {
    const changed = runCli(dir, 'retention', '--bodies-days', '7');
    expect(changed.status).toBe(0);
    expect(changed.stdout).toBe('Keeping delivered batch bodies 7 days, the attempt log and imports 180 days; pruned 0 rows now.\n');
    const refused = runCli(dir, 'retention', '--bodies-days', '30', '--events-days', '20');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('Bodies of delivered batches cannot be kept longer than the attempt log they belong to\n');
    expect(runCli(dir, 'retention').stdout).toMatch(/bodies 7 days, the attempt log and imports 180 days/);
  });

  it('daily backups: one a day, the last seven kept', async () => {
    const engine = createEngine({ dataDir: dir, maintenance: false });
    try {
      const start = Date.UTC(2026, 2, 1, 9);
      for (let d = 0; d < 10; d++) {
        expect(await dailyBackup(engine.db, dir, start + d * 86_400_000)).not.toBeNull();
        expect(await dailyBackup(engine.db, dir, start + d * 86_400_000 + 3600_000)).toBeNull(); // once a day
      }
      const kept = readdirSync(join(dir, 'backups')).sort();
      expect(kept).toHaveLength(DAILY_BACKUPS_KEPT);
      expect(kept[0]).toBe('canopy-batch-2026-03-04.db');
      expect(kept.at(-1)).toBe('canopy-batch-2026-03-10.db');
    } finally {
      engine.close();
    }
  });
});
