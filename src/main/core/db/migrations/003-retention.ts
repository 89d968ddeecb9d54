import type Database from 'better-sqlite3';

/**
 * Retention prunes by age in small steps: these indexes let each step find its oldest rows without a scan.
 * (auto_vacuum = INCREMENTAL, which gives the freed pages back to the disk, needs a VACUUM outside any
 * transaction to take effect: openDatabase does that once, see enableIncrementalVacuum.)
 */
export function m003Retention(db: Database.Database): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS events_by_time ON events (at);
    CREATE INDEX IF NOT EXISTS batches_delivered_by_time ON batches (delivered_at) WHERE state = 'delivered';
    CREATE INDEX IF NOT EXISTS imports_by_time ON imports (finished_at);
  `);
}
