import type Database from 'better-sqlite3';
import { migrations } from './migrations';

export class DatabaseFromTheFutureError extends Error {
  constructor(found: number, known: number) {
    super(
      `This database is at schema version ${found}, but this version of Canopy Batch only knows up to ${known}. ` +
        'Update Canopy Batch; the database was left untouched.',
    );
    this.name = 'DatabaseFromTheFutureError';
  }
}

/** The database's schema version; a newer one than this app knows is refused (before anything writes to it). */
export function knownSchemaVersion(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new DatabaseFromTheFutureError(current, migrations.length);
  return current;
}

/**
 * Applies the numbered migrations that are newer than PRAGMA user_version, all in one transaction,
 * so a failure leaves the database at its old version. A database from a newer app is refused, never touched.
 * `target` (the tests' step-by-step upgrades) stops at an older version than the latest.
 */
export function migrate(db: Database.Database, target = migrations.length): number {
  const current = knownSchemaVersion(db);
  if (current >= target) return current;
  db.transaction(() => {
    for (let version = current + 1; version <= target; version++) {
      migrations[version - 1](db);
    }
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return target;
}
