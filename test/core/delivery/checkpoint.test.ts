import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { Checkpointer } from '../../../src/main/core/delivery/checkpoint';
import { startSandbox } from '../../../src/main/core/sandbox';
import { tempDir } from '../../support/temp-db';
import { desiredOf, importInto, pendingCount, setup, testClock, upsert } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function freshDb(): { db: Db; wal: string } {
  const dir = tempDir('canopy-checkpoint-');
  const file = join(dir.dir, 'canopy.db');
  const db = openDatabase(file);
  cleanups.push(() => (db.close(), dir.cleanup()));
  db.exec('CREATE TABLE blobs (body TEXT NOT NULL)');
  return { db, wal: `${file}-wal` };
}

/** The WAL's size after `batches` writes of ~100 KB with no checkpoint, automatic or ours (13 MB for 80 in 16 KiB pages). */
function walWithoutCheckpoints(batches: number): number {
  const { db, wal } = freshDb();
  db.pragma('wal_autocheckpoint = 0');
  for (let batch = 0; batch < batches; batch++) db.prepare('INSERT INTO blobs (body) VALUES (?)').run('x'.repeat(100_000));
  return statSync(wal).size;
}

describe('the drain checkpointer', () => {
  it('checkpoints the WAL after every 8th request, not before', () => {
    const { db } = freshDb();
    const checkpointer = new Checkpointer(db);
    const answers = Array.from({ length: 16 }, () => checkpointer.afterSend());
    expect(answers.map((checkpointed, i) => (checkpointed ? i + 1 : 0)).filter(Boolean)).toEqual([8, 16]);
  });

  it('keeps the WAL small while batches are written, well below the automatic checkpoint', () => {
    const { db, wal } = freshDb();
    const checkpointer = new Checkpointer(db);
    const body = 'x'.repeat(100_000);
    for (let batch = 0; batch < 80; batch++) {
      db.prepare('INSERT INTO blobs (body) VALUES (?)').run(body);
      checkpointer.afterSend();
    }
    // The WAL is reused every 8 batches: a fraction of what the same 80 batches grow it to unchecked.
    expect(statSync(wal).size).toBeLessThan(walWithoutCheckpoints(80) / 4);
  });
});

describe('the drain checkpointer that syncs the WAL ahead (as Delivery runs it)', () => {
  it('at the 8th request starts syncing the WAL off the event loop, and checkpoints at the first request after that sync', async () => {
    const { db } = freshDb();
    const checkpointer = new Checkpointer(db, 8, { syncAhead: true });
    const first8 = Array.from({ length: 8 }, () => checkpointer.afterSend());
    expect(first8.some(Boolean)).toBe(false);
    await checkpointer.synced();
    expect(checkpointer.afterSend()).toBe(true);
    expect(checkpointer.spent.count).toBe(1);
    expect(Array.from({ length: 7 }, () => checkpointer.afterSend()).some(Boolean)).toBe(false);
    checkpointer.close();
  });

  it('keeps the WAL small while batches are written, and the rows written stay readable', async () => {
    const { db, wal } = freshDb();
    const checkpointer = new Checkpointer(db, 8, { syncAhead: true });
    const body = 'x'.repeat(100_000);
    for (let batch = 0; batch < 80; batch++) {
      db.prepare('INSERT INTO blobs (body) VALUES (?)').run(body);
      checkpointer.afterSend();
      await checkpointer.synced();
    }
    // One checkpoint every 9 requests: the 8th starts the sync, the 9th checkpoints.
    expect(checkpointer.spent.count).toBe(8);
    expect(statSync(wal).size).toBeLessThan(walWithoutCheckpoints(80) / 4);
    expect(db.prepare('SELECT count(*) AS n, min(length(body)) AS shortest FROM blobs').get()).toEqual({ n: 80, shortest: 100_000 });
    checkpointer.close();
  });

  it('checkpoints at once, as without it, for a database in memory', () => {
    const db = openDatabase(':memory:');
    const checkpointer = new Checkpointer(db, 8, { syncAhead: true });
    const answers = Array.from({ length: 8 }, () => checkpointer.afterSend());
    expect(answers.indexOf(true)).toBe(7);
    checkpointer.close();
    db.close();
  });
});

describe('the drain checkpointer on a thread of its own (as Delivery runs it)', () => {
  it('checkpoints on its thread while batches go on being written: the WAL is reused, and every row stays readable', async () => {
    const { db, wal } = freshDb();
    const checkpointer = new Checkpointer(db, 8, { syncAhead: true, onThread: {} });
    const body = 'x'.repeat(100_000);
    for (let batch = 0; batch < 80; batch++) {
      db.prepare('INSERT INTO blobs (body) VALUES (?)').run(body);
      checkpointer.afterSend();
      // A batch is written while the checkpoint runs; the thread catches up with it before it is done.
      db.prepare('INSERT INTO blobs (body) VALUES (?)').run(body);
      await checkpointer.synced();
    }
    expect(checkpointer.spent.onThread).toBe(10);
    expect(checkpointer.spent.count).toBe(10);
    expect(statSync(wal).size).toBeLessThan(walWithoutCheckpoints(160) / 4);
    expect(db.prepare('SELECT count(*) AS n, min(length(body)) AS shortest FROM blobs').get()).toEqual({ n: 160, shortest: 100_000 });
    await checkpointer.close();
  });

  it('checkpoints inline, as without it, where the thread cannot open its connection', async () => {
    const { db } = freshDb();
    const checkpointer = new Checkpointer(db, 8, { onThread: { nativeBinding: join(tempDir('canopy-no-binding-').dir, 'missing.node') } });
    Array.from({ length: 8 }, () => checkpointer.afterSend());
    await checkpointer.synced();
    expect(checkpointer.spent).toMatchObject({ onThread: 0 });
    const answers = Array.from({ length: 16 }, () => checkpointer.afterSend());
    expect(answers.filter(Boolean)).toHaveLength(2);
    expect(checkpointer.spent).toMatchObject({ count: 2, onThread: 0 });
    await checkpointer.close();
  });
});

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over from its beginning. */
function walRestarts(wal: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(wal, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

describe('a drain of many batches', () => {
  it('checkpoints on the thread, delivers every change, and the WAL starts over from its beginning as it goes', async () => {
    const clock = testClock();
    const sandbox = await startSandbox({ token: 'tok', now: clock.now });
    const ctx = await setup({ clock, token: 'tok', connector: { endpoint: sandbox.endpoint, batchSize: 5 } });
    try {
      const customers = Array.from({ length: 300 }, (_, i) => upsert(`c${String(i).padStart(3, '0')}`, 'x'.repeat(2000)));
      importInto(ctx.db, ctx.connectorId, 'Welcome', customers);
      const wal = join(ctx.dir, 'canopy.db-wal');
      const restartsBefore = walRestarts(wal);
      const report = await ctx.delivery.flush(ctx.connectorId);
      expect(report.batchesSent).toBe(60);
      expect(ctx.delivery.checkpointer.spent.onThread).toBeGreaterThanOrEqual(1);
      expect(pendingCount(ctx.db)).toBe(0);
      expect(Object.fromEntries(sandbox.members('Welcome'))).toEqual(Object.fromEntries(desiredOf(ctx.db, ctx.connectorId, 'Welcome')));
      expect(walRestarts(wal)).toBeGreaterThan(restartsBefore);
    } finally {
      await ctx.close();
      await sandbox.close();
    }
  });
});
