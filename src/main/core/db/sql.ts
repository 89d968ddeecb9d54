import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/*
 * The one way the engine reaches SQLite. The rule:
 * - a statement with fixed text goes through `sql(db, text)`: prepared once per connection, then reused;
 * - `db.prepare` stays only where the text is made per call with a name that never repeats (a TEMP table
 *   named per import), since caching it would only grow the cache, and in migrations, which run once;
 * - DDL and pragmas go through `db.exec` / `db.pragma`.
 */
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
