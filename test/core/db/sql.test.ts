/**
 * db/sql.ts, the one way the engine reaches SQLite: a statement is prepared once per connection, and its row
 * mode (objects, first column, arrays) belongs to the cache entry, so one caller's mode never leaks to another's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { sql } from '../../../src/main/core/db/sql';
import { dbWithSegment, tempDir } from '../../support/temp-db';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function freshDb(): Db {
  const { dir, cleanup } = tempDir('canopy-sql-');
  const db = openDatabase(join(dir, 'canopy.db'));
  cleanups.push(() => (db.close(), cleanup()));
  return db;
}

const SEGMENT_NAME = 'SELECT name FROM segments WHERE id = ?';

describe('sql(db, text, mode?)', () => {
  it('prepares a statement once per connection and hands the same one back', () => {
    const db = freshDb();
    expect(sql(db, SEGMENT_NAME)).toBe(sql(db, SEGMENT_NAME));
    expect(sql(db, SEGMENT_NAME, 'pluck')).toBe(sql(db, SEGMENT_NAME, 'pluck'));
  });

  it('keeps a statement per connection: two connections to one file never share one', () => {
    const first = freshDb();
    const second = openDatabase(first.name);
    cleanups.push(() => second.close());
    expect(sql(first, SEGMENT_NAME)).not.toBe(sql(second, SEGMENT_NAME));
  });

  it('gives each caller the rows it asked for, whatever another caller of the same text asked for before', async () => {
    const { db, segmentId: id, cleanup } = await dbWithSegment();
    cleanups.push(cleanup);
    expect(sql(db, SEGMENT_NAME, 'pluck').get(id)).toBe('Welcome');
    expect(sql(db, SEGMENT_NAME, 'raw').get(id)).toEqual(['Welcome']);
    expect(sql(db, SEGMENT_NAME).get(id)).toEqual({ name: 'Welcome' });
    expect(sql(db, SEGMENT_NAME, 'pluck').get(id)).toBe('Welcome');
  });
});
