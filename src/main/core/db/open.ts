import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** better-sqlite3's native module built for another runtime (the desktop app's Electron build). */
  nativeBinding?: string;
}

/** Opens (and migrates) the engine's database. WAL, foreign keys, a busy timeout: see DESIGN.md. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = FILE');
    // Delivery checkpoints the WAL itself every few batches, off its hot path (delivery/checkpoint.ts); the
    // automatic checkpoint, which runs inside whichever commit crosses the threshold, is only a safety net
    // for other writers (16 MB rather than 4 MB). A WAL file that a big import grew is cut back to 64 MB.
    db.pragma('wal_autocheckpoint = 4000');
    db.pragma('journal_size_limit = 67108864');
    // Imports and reconciles join million-row tables on random keys (hashed emails): a 32 MiB page cache
    // per schema keeps that off the disk without letting memory grow with the file.
    db.pragma('cache_size = -32768');
    db.pragma('temp.cache_size = -32768');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
