import type Database from 'better-sqlite3';

/**
 * Leases: which process may send for a connector (`connector:<id>`), or run the scheduler (`scheduler`), on
 * this data folder. A row is never deleted, only released (expires_at 0), so its fence keeps growing: every
 * new holder gets the next fence number, and a process that sees another fence knows it lost the lease.
 */
export function m002DeliveryLeases(db: Database.Database): void {
  db.exec(`
    CREATE TABLE delivery_leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      since INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      fence INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
}
