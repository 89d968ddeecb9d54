/**
 * Restoring a backup while the engine runs (`backups.restore`, the screens' Restore button, on every transport):
 * the backup's state comes back whole, the replaced database is kept, and whatever goes wrong, the engine is
 * left with an open, working database.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import type { ApiErrorShape } from '../../../src/shared/api';
import { tempDir } from '../../support/temp-db';

/** A customer-id export of `n` profiles, ids from `from`. */
function exportOf(dir: string, name: string, n: number, from = 1): string {
  const file = join(dir, name);
  const lines = ['customerId,firstName'];
  for (let i = from; i < from + n; i++) lines.push(`${i},Name${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('it was not refused'), (error: ApiErrorShape) => error);

let sandbox: Sandbox;
let folder: ReturnType<typeof tempDir>;
let dataDir: string;
let engine: Engine;
let api: Handlers;

beforeEach(async () => {
  sandbox = await startSandbox({ token: 'restore-token-24680' });
  folder = tempDir('canopy-restore-');
  dataDir = join(folder.dir, 'data');
  engine = createEngine({ dataDir, maintenance: false });
  api = createHandlers(engine);
  await api['connectors.create']({ name: 'Shop', url: sandbox.url, batchSize: 500 });
  await api['imports.run']({ file: exportOf(folder.dir, 'welcome.csv', 6), connector: 'Shop', segment: 'Welcome' });
});

afterEach(async () => {
  await engine.shutdown(0);
  await sandbox.close();
  folder.cleanup();
});

const pendingOf = async (segment: string) => (await api['queue.pending']({})).find((s) => s.segmentName === segment)?.counts ?? null;
const segmentNames = async () => (await api['connectors.list']({}))[0].segments.map((s) => s.name).sort();

describe('restoring a backup while the engine runs', () => {
  it('brings back the backup\'s state: later imports and deliveries are gone, the queue is as it was, the replaced database is kept', async () => {
    const backup = await api['backups.create']({});
    expect(await pendingOf('Welcome')).toMatchObject({ NEW: 6 });
    await api['queue.flush']({});
    expect(sandbox.members('Welcome').size).toBe(6);
    await api['imports.run']({ file: exportOf(folder.dir, 'later.csv', 3, 100), connector: 'Shop', segment: 'Later' });
    expect(await segmentNames()).toEqual(['Later', 'Welcome']);

    const done = await api['backups.restore']({ name: backup.name });

    expect(done.restored).toEqual(backup);
    expect(done.keptAs).toMatch(/canopy-batch\.db\.before-restore-\d{4}-\d{2}-\d{2}T[\d-]+$/);
    expect(await segmentNames()).toEqual(['Welcome']);
    expect(await pendingOf('Welcome')).toMatchObject({ NEW: 6 }); // the queue as it was: not yet delivered
    expect(await api['log.list']({})).toEqual([]);
    // The replaced database is whole beside it: its import of Later and its delivery are there.
    const kept = new Database(done.keptAs!, { readonly: true });
    try {
      expect(kept.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(2);
      expect(kept.prepare("SELECT count(*) FROM batches WHERE state = 'delivered'").pluck().get()).toBe(1);
    } finally {
      kept.close();
    }
    // And the engine works on the restored database as on any other.
    await api['imports.run']({ file: exportOf(folder.dir, 'after.csv', 2, 200), connector: 'Shop', segment: 'After' });
    const [report] = await api['queue.flush']({});
    expect(report.customersDelivered).toBe(8);
    expect(sandbox.members('After').size).toBe(2);
  });

  it('starts again what ran before: the restored database has a running scheduler, which sends a full batch at once', async () => {
    const backup = await api['backups.create']({});
    engine.scheduler.start();
    const before = engine.scheduler;
    await api['backups.restore']({ name: backup.name });
    expect(engine.scheduler).not.toBe(before);
    expect(before.isRunning).toBe(false);
    expect(engine.scheduler.isRunning).toBe(true);
    await api['imports.run']({ file: exportOf(folder.dir, 'full.csv', 500, 1000), connector: 'Shop', segment: 'Full' });
    await vi.waitFor(() => expect(sandbox.members('Full').size).toBe(500), { timeout: 20_000, interval: 50 });
  });

  it('refuses anything that is not one of the listed backups, and changes nothing', async () => {
    await api['backups.create']({});
    for (const name of ['../canopy-batch.db', '/etc/passwd', 'backups/x.db', '..\\canopy-batch.db', '', 'secrets.json']) {
      const error = await refusal(api['backups.restore']({ name }));
      expect(error.code).toBe('invalid-input');
    }
    for (const name of ['canopy-batch.db', 'canopy-batch-1999-01-01.db']) {
      const error = await refusal(api['backups.restore']({ name }));
      expect(error).toMatchObject({ code: 'not-found', message: `There is no backup "${name}" in ${join(dataDir, 'backups')}; choose one from the Backups list. Nothing was restored.` });
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(await pendingOf('Welcome')).toMatchObject({ NEW: 6 });
  });

  it('a file in backups/ that is no database is refused, and the engine keeps its own database open and working', async () => {
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    writeFileSync(join(dataDir, 'backups', 'broken.db'), 'email\nnot-a-database@example.com\n');
    const error = await refusal(api['backups.restore']({ name: 'broken.db' }));
    expect(error.message).toBe('"broken.db" is not a Canopy Batch backup (not an SQLite database); nothing was restored.');
    expect(engine.db.open).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([]);
    await api['imports.run']({ file: exportOf(folder.dir, 'more.csv', 2, 50), connector: 'Shop', segment: 'More' });
    expect(await segmentNames()).toEqual(['More', 'Welcome']);
  });

  it('a backup that will not open in place (its schema version lost) puts the old database back, open and working', async () => {
    const backup = await api['backups.create']({});
    const damaged = new Database(backup.file);
    damaged.pragma('user_version = 0'); // migration 1 would create tables that are there: the open fails
    damaged.close();
    await api['imports.run']({ file: exportOf(folder.dir, 'later.csv', 3, 100), connector: 'Shop', segment: 'Later' });

    const error = await refusal(api['backups.restore']({ name: backup.name }));

    expect(error.message).toMatch(new RegExp(`^"${backup.name}" could not be opened in place of the database \\(.+\\); the database you had is back, unchanged\\.$`));
    expect(engine.db.open).toBe(true);
    expect(await segmentNames()).toEqual(['Later', 'Welcome']);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('canopy-batch.db.'))).toEqual([]);
    const [report] = await api['queue.flush']({});
    expect(report.customersDelivered).toBe(9);
  });

  it('is refused, saying who, while another process sends for a connector or has the data folder open', async () => {
    const backup = await api['backups.create']({});
    const other = process.ppid; // a live process that is not this one
    const now = Date.now();
    engine.db
      .prepare('INSERT INTO delivery_leases (name, holder, pid, host, since, expires_at, fence) VALUES (?, ?, ?, ?, ?, ?, 1)')
      .run(`connector:${engine.connectors.get('Shop').id}`, `${other}@${hostname()}#other`, other, hostname(), now, now + 60_000);
    const sending = await refusal(api['backups.restore']({ name: backup.name }));
    expect(sending.code).toBe('conflict');
    expect(sending.message).toMatch(new RegExp(`^Another process ${other} on ${hostname()} \\(since .+\\) is sending for "Shop" on this data folder: stop it \\(quit the app, or Ctrl-C \`serve\` or \`run\`\\), then restore\\.$`));
    engine.db.prepare('DELETE FROM delivery_leases').run();

    writeFileSync(join(dataDir, 'in-use', String(other)), 'canopy-batch serve\n');
    const open = await refusal(api['backups.restore']({ name: backup.name }));
    expect(open.message).toBe(
      `The data folder ${dataDir} is in use by process ${other} as well (the desktop app, \`serve\`, \`run\` or a command): quit it or let it finish, then restore.`,
    );
    expect(existsSync(join(dataDir, 'canopy-batch.db'))).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(await pendingOf('Welcome')).toMatchObject({ NEW: 6 });
  });

  it('a call that arrives while the backup is put in place waits, then answers from the restored database', async () => {
    const backup = await api['backups.create']({});
    await api['imports.run']({ file: exportOf(folder.dir, 'later.csv', 3, 100), connector: 'Shop', segment: 'Later' });
    const restoring = api['backups.restore']({ name: backup.name });
    const meanwhile = api['connectors.list']({});
    await restoring;
    expect((await meanwhile)[0].segments.map((s) => s.name)).toEqual(['Welcome']);
  });
});
