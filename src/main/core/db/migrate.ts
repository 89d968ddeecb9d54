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

/**
 * Applies the numbered migrations that are newer than PRAGMA user_version, all in one transaction,
 * so a failure leaves the database at its old version. A database from a newer app is refused, never touched.
 */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) throw new DatabaseFromTheFutureError(current, latest);
  if (current === latest) return current;
  db.transaction(() => {
    for (let version = current + 1; version <= latest; version++) {
      migrations[version - 1](db);
    }
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
