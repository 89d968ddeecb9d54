import Database from 'better-sqlite3';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors';
import { DatabaseDamagedError, damagedSentence } from './errors';
import { knownSchemaVersion, migrate } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** better-sqlite3's native module built for another runtime (the desktop app's Electron build). */
  nativeBinding?: string;
  /** Called with a sentence when the database is open read-only (its folder is not writable). */
  onReadOnly?: (sentence: string) => void;
}

/**
 * PRAGMA quick_check reads every page: on open it runs on databases up to this size (well under a second),
 * so opening stays bounded in time; a larger one is checked page by page as it is used, and by `backup`.
 */
export const QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The page size a new database is created with: 16 KiB where SQLite's default is 4. A drain's batch dirties
 * about 170 pages of 4 KiB (its body and items, the delivered rows, the queue's rows and indexes), each a WAL frame
 * written and later checkpointed; in 16 KiB pages its database work took 4.5-4.6 ms a batch instead of 5.0-5.2
 * (`npx tsx test/bench/drain-cycle.ts 100000`; 8 KiB: 4.7-4.8, 32 and 64 KiB slower again), and a 1,000,000-row
 * import 3-10% less time. An existing database keeps its pages: changing them takes a VACUUM outside WAL mode, a
 * rewrite of the whole file at a moment the operator did not choose.
 */
const NEW_DATABASE_PAGE_SIZE = 16_384;
/** The automatic checkpoint's threshold, whatever the page size (see below). */
const AUTOCHECKPOINT_BYTES = 16 * 1024 * 1024;

/** Opens (and migrates) the engine's database: WAL with synchronous=NORMAL (durable at each checkpoint, never torn), foreign keys, a busy timeout for the other processes on the folder. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  if (file !== ':memory:' && existsSync(file) && !writable(dirname(file))) return openReadOnly(file, options);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    checkIntegrity(db, file);
    // Before any pragma writes: switching a newer app's database to WAL would already change its file.
    knownSchemaVersion(db);
    db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = FILE');
    // Deleted rows are overwritten with zeros, so a forgotten profile (privacy/forget.ts) leaves no bytes behind.
    db.pragma('secure_delete = ON');
    // Delivery checkpoints the WAL itself every few batches, off its hot path (delivery/checkpoint.ts); the
    // automatic checkpoint, which runs inside whichever commit crosses the threshold, is only a safety net for
    // other writers (16 MB rather than SQLite's 1,000 pages). A WAL file that a big import grew is cut back to 64 MB.
    db.pragma(`wal_autocheckpoint = ${Math.round(AUTOCHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number))}`);
    db.pragma('journal_size_limit = 67108864');
    // Imports and reconciles join million-row tables on random keys (hashed emails): a 32 MiB page cache
    // per schema keeps that off the disk without letting memory grow with the file.
    db.pragma('cache_size = -32768');
    db.pragma('temp.cache_size = -32768');
    migrate(db);
    enableIncrementalVacuum(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a damaged database before anything reads or writes it. */
export function checkIntegrity(db: Db, file: string): void {
  if (file === ':memory:' || !existsSync(file) || statSync(file).size > QUICK_CHECK_MAX_BYTES) return;
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(3)') as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((r) => r !== 'ok');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CORRUPT') && code !== 'SQLITE_NOTADB') throw error;
    problems = [(error as Error).message];
  }
  if (problems.length > 0) throw new DatabaseDamagedError(damagedSentence(dirname(file), problems[0].slice(0, 160)));
}

/**
 * A database in a folder this user cannot write: opened read-only so that status, log, connector list and
 * preview still work. SQLite needs the WAL's -shm file to read a WAL database; when it is not there (the last
 * writer closed cleanly) and cannot be made, a private copy of the file is read instead: a snapshot, which is
 * exactly the folder's state since nothing can write to it.
 */
function openReadOnly(file: string, options: OpenOptions): Db {
  const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  let db: Db;
  try {
    db = new Database(file, { ...native, readonly: true, fileMustExist: true });
    db.pragma('user_version');
  } catch {
    const folder = mkdtempSync(join(tmpdir(), 'canopy-readonly-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const copy = join(folder, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    db = new Database(copy, { ...native, readonly: false, fileMustExist: true });
    db.pragma('query_only = ON');
  }
  try {
    checkIntegrity(db, file);
    const version = knownSchemaVersion(db);
    if (version !== migrations.length) {
      throw new UserError(
        `The data folder ${dirname(file)} is read-only and its database needs an upgrade first: make the folder writable, then run Canopy Batch once.`,
      );
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    options.onReadOnly?.(`The data folder ${dirname(file)} is read-only: you can look, but nothing can be changed.`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * auto_vacuum = INCREMENTAL lets retention hand freed pages back to the disk a few at a time
 * (PRAGMA incremental_vacuum). An existing database switches with one VACUUM, once.
 */
function enableIncrementalVacuum(db: Db): void {
  const INCREMENTAL = 2;
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
}
