import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per connection and kept (preparing costs more than most of our queries). */
export function sql(db: Db, text: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE), or simply inside the caller's when there is one.
 * better-sqlite3 would nest a SAVEPOINT instead, and SQLite copies every page a savepoint changes to a
 * sub-journal (a temp file here): that doubled the page writes of each acknowledgement. The caller's
 * transaction still makes it all-or-nothing, as long as the caller does not catch and commit after an error.
 */
export function inWriteTransaction<T>(db: Db, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work).immediate();
}
