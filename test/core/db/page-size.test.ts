/** The page size a database is kept in (db/open.ts): 16 KiB for a new one, an existing one as it was. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/core/db/open';
import { tempDir } from '../../support/temp-db';

let folder: ReturnType<typeof tempDir>;
beforeEach(() => (folder = tempDir('canopy-page-size-')));
afterEach(() => folder.cleanup());

const pragma = (db: Database.Database, name: string) => db.pragma(name, { simple: true }) as number;

describe('the page size of the database file', () => {
  it('a new database is created in 16 KiB pages, its automatic checkpoint at 16 MB of WAL', () => {
    const db = openDatabase(join(folder.dir, 'new.db'));
    expect(pragma(db, 'page_size')).toBe(16_384);
    expect(pragma(db, 'wal_autocheckpoint') * pragma(db, 'page_size')).toBe(16 * 1024 * 1024);
    db.close();
  });

  it('an existing database in 4 KiB pages keeps them, its rows and the same 16 MB checkpoint threshold', () => {
    const file = join(folder.dir, 'old.db');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.exec("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('written by an earlier version')");
    old.close();
    const db = openDatabase(file);
    expect(pragma(db, 'page_size')).toBe(4096);
    expect(pragma(db, 'wal_autocheckpoint') * pragma(db, 'page_size')).toBe(16 * 1024 * 1024);
    expect(db.prepare('SELECT v FROM kept').pluck().get()).toBe('written by an earlier version');
    db.close();
  });
});
