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
    if (process.env.XP_PRE) for (const p of process.env.XP_PRE.split(',')) db.pragma(p); // TEMP experiment
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = FILE');
    // Imports and reconciles join million-row tables on random keys (hashed emails): a 32 MiB page cache
    // per schema keeps that off the disk without letting memory grow with the file.
    db.pragma('cache_size = -32768');
    db.pragma('temp.cache_size = -32768');
    migrate(db);
    if (process.env.XP_POST) for (const p of process.env.XP_POST.split(',')) db.pragma(p); // TEMP experiment
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
