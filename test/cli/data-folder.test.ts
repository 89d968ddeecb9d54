/**
 * The data folder as the CLI meets it on a bad day: damaged, from a newer version, read-only. Each is one
 * sentence naming the folder and what to do (never "Unexpected error"), and the read-only commands still work.
 */
import { chmodSync, chownSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, runCli, runCliAs } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const URL = 'http://127.0.0.1:9/app/api/rest/public/v2/project/datahook/data-receiver/x?token=tok-1234567890-abcd';

/** Root ignores file permissions: as root, the read-only test runs the CLI as the unprivileged "nobody". */
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

let folder: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => {
  folder = tempDir('canopy-folder-');
  dir = join(folder.dir, 'data');
});
afterEach(() => {
  chmodSync(folder.dir, 0o700);
  try {
    chmodSync(dir, 0o700);
  } catch {
    // not made
  }
  folder.cleanup();
});

/** A database file's page size, as SQLite reads it. */
function pageSizeOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function setUp(run = runCli) {
  expect(run(dir, 'connector', 'add', '--name', 'Shop', '--identifier', 'hashed-email', '--url', URL).status).toBe(0);
  const imported = run(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Shop', '--segment', 'Welcome');
  expect(imported.stderr).toBe('');
}

describe('a data folder in trouble is named in one sentence', () => {
  it('a damaged database is refused on open, naming the file and the way back', () => {
    setUp();
    const file = join(dir, 'canopy-batch.db');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // Overwrite the pages after the first (the schema page stays, so SQLite opens the file and then finds the damage).
    const page = pageSizeOf(file);
    for (let at = page; at < size; at += page) writeSync(fd, Buffer.alloc(page, 0x5a), 0, page, at);
    closeSync(fd);
    for (const command of [['status'], ['import', fixture('nl-excel-export.csv'), '--connector', 'Shop', '--segment', 'Welcome']]) {
      const result = runCli(dir, ...command);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^The database ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(.+\\): nothing was read from it or written to it\\. Restore the latest backup with \`canopy-batch restore FILE\``),
      );
      expect(result.stderr).not.toContain('Unexpected error');
    }
  });

  it('a database written by a newer version is left untouched', () => {
    setUp();
    const db = new Database(join(dir, 'canopy-batch.db'));
    db.pragma('user_version = 99');
    db.close();
    const result = runCli(dir, 'status');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^The data folder ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} was written by a newer Canopy Batch\\. This database is at schema version 99`));
  });

  it('on a read-only folder, status, log, connector list and preview work; an import says the folder is read-only', () => {
    const run = (...args: string[]) => runCliAs(asUser, dir, ...args);
    if (asUser) {
      chmodSync(folder.dir, 0o755);
      chownSync(folder.dir, asUser.uid, asUser.gid);
    }
    setUp((d, ...args) => runCliAs(asUser, d, ...args));
    chmodSync(dir, 0o555);
    const status = run('status');
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/Shop\s+Welcome\s+7\s+0\s+0/);
    expect(run('log').status).toBe(0);
    expect(run('connector', 'list').stdout).toContain('••••abcd');
    const preview = run('preview', '--connector', 'Shop', '--json');
    expect(preview.status).toBe(0);
    expect(JSON.parse(preview.stdout).body.campaigns[0]).toMatchObject({ segmentName: 'Welcome', customers: expect.any(Array) });
    expect(JSON.parse(preview.stdout).body.campaigns[0].customers).toHaveLength(7);
    const refused = run('import', fixture('nl-excel-export.csv'), '--connector', 'Shop', '--segment', 'Other');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `The data folder ${dir} is read-only: status, log, connector list and preview still work, but nothing can be changed until the folder is writable again (check its permissions, or that its disk is not mounted read-only).\n`,
    );
  }, 120_000); // seven CLI processes, two of them as another user: slow on a loaded machine, never a speed check
});
