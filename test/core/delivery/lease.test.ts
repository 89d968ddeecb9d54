import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { acquireLease, otherHolder, releaseLease, stillHeld } from '../../../src/main/core/delivery/lease';
import { tempDir } from '../../support/temp-db';

/** The lease rules, on a real database file: who may send, and what a holder that lost its lease learns. */
let db: Db;
let cleanup: () => void;
afterEach(() => {
  db?.close();
  cleanup?.();
});

function fresh(): Db {
  const dir = tempDir('canopy-lease-');
  cleanup = dir.cleanup;
  db = openDatabase(join(dir.dir, 'canopy.db'));
  return db;
}

const T0 = 1_000_000;

describe('the sender lease', () => {
  it('one holder at a time; the other is told who holds it and since when', () => {
    fresh();
    const first = acquireLease(db, 'connector:1', 'a', 10_000, T0);
    expect(first.lease).toEqual({ name: 'connector:1', fence: 1 });
    expect(acquireLease(db, 'connector:1', 'b', 10_000, T0 + 1).busy).toEqual({ pid: process.pid, host: hostname(), since: T0 });
    expect(otherHolder(db, 'connector:1', 'b', T0 + 1)).toEqual({ pid: process.pid, host: hostname(), since: T0 });
    expect(otherHolder(db, 'connector:1', 'a', T0 + 1)).toBeNull();
  });

  it('renewing keeps it; once it expires another takes it with the next fence, and the old holder learns it lost it', () => {
    fresh();
    const first = acquireLease(db, 'connector:1', 'a', 10_000, T0).lease!;
    expect(stillHeld(db, first, 'a', 10_000, T0 + 9_000)).toBe(true);
    expect(acquireLease(db, 'connector:1', 'b', 10_000, T0 + 18_000).busy).toBeDefined();
    const second = acquireLease(db, 'connector:1', 'b', 10_000, T0 + 19_001).lease!;
    expect(second.fence).toBe(2);
    expect(stillHeld(db, first, 'a', 10_000, T0 + 19_002)).toBe(false);
    expect(stillHeld(db, second, 'b', 10_000, T0 + 19_002)).toBe(true);
  });

  it('a released lease is free at once, and its fence goes on growing', () => {
    fresh();
    const first = acquireLease(db, 'scheduler', 'a', 10_000, T0).lease!;
    releaseLease(db, first, 'a');
    expect(acquireLease(db, 'scheduler', 'b', 10_000, T0 + 1).lease).toEqual({ name: 'scheduler', fence: 2 });
  });

  it('a holder on this machine whose process is gone (killed, crashed) holds nothing, whatever its expiry says', () => {
    fresh();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    db.prepare('INSERT INTO delivery_leases (name, holder, pid, host, since, expires_at, fence) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      'connector:1',
      `${deadPid}@${hostname()}#dead`,
      deadPid,
      hostname(),
      T0,
      T0 + 3_600_000,
      4,
    );
    expect(acquireLease(db, 'connector:1', 'a', 10_000, T0 + 1).lease).toEqual({ name: 'connector:1', fence: 5 });
  });
});
