import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/*
 * The one way the engine reaches SQLite. The rule:
 * - a statement with fixed text goes through `sql(db, text)`: prepared once per connection, then reused;
 * - never `.pluck()` / `.raw()` a cached statement (that would change it for every caller): pass the mode;
 * - `db.prepare` stays only where the text is made per call with a name that never repeats (a TEMP table
 *   named per import), since caching it would only grow the cache; for a statement read with `.iterate()`
 *   (an iterator left half-read keeps its statement busy); and in migrations, which run once;
 * - DDL and pragmas go through `db.exec` / `db.pragma`.
 */
const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * How a cached statement returns rows: objects (the default), the first column only ('pluck'), or arrays
 * ('raw'). Fixed when it is prepared, because `.pluck()` on a shared statement would change every caller's.
 */
export type RowMode = 'pluck' | 'raw';

/** A prepared statement, prepared once per connection and kept (preparing costs more than most of our queries). */
export function sql(db: Db, text: string, mode?: RowMode): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = mode ? `${mode}:${text}` : text;
  let statement = cache.get(key);
  if (!statement) cache.set(key, (statement = prepared(db, text, mode)));
  return statement;
}

function prepared(db: Db, text: string, mode?: RowMode): Statement {
  const statement = db.prepare(text);
  if (mode === 'pluck') statement.pluck();
  if (mode === 'raw') statement.raw(true);
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
