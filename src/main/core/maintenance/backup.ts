/**
 * Backups of the database with SQLite's online backup API (better-sqlite3's db.backup): a consistent copy
 * taken while the engine keeps working. One a day is kept automatically (the last 7), and the operator can
 * make one or restore one from the CLI or the screens (the engine's `restoreBackup`, which reopens itself).
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, copyFileSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/open';
import { checkIntegrity } from '../db/open';
import { migrations } from '../db/migrations';
import { UserError } from '../errors';
import { dataFiles } from '../paths';
import type { BackupView } from '../../../shared/model';
import { sql } from '../db/sql';

/** Daily backups kept. */
export const DAILY_BACKUPS_KEPT = 7;
const DAILY = /^canopy-batch-(\d{4}-\d{2}-\d{2})\.db$/;

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Copies the live database to `file` (written beside it first, then renamed: never a half backup). */
export async function backupTo(db: Db, file: string): Promise<BackupView> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return viewOf(file);
}

function viewOf(file: string): BackupView {
  const info = statSync(file);
  return { file, name: basename(file), bytes: info.size, createdAt: info.mtimeMs };
}

/** The backups in the data folder's backups/ folder, newest first. */
export function listBackups(dataDir: string): BackupView[] {
  const folder = dataFiles(dataDir).backups;
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.db'))
    .map((name) => viewOf(join(folder, name)))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** One of the listed backups, by its file name: the screens restore only what `listBackups` shows. */
export function findBackup(dataDir: string, name: string): BackupView {
  const found = listBackups(dataDir).find((backup) => backup.name === name);
  if (!found) throw new UserError(`There is no backup "${name}" in ${dataFiles(dataDir).backups}; choose one from the Backups list. Nothing was restored.`, 'not-found');
  return found;
}

/** Today's backup, when there is none yet; the daily ones beyond the last 7 are deleted. Returns the new one. */
export async function dailyBackup(db: Db, dataDir: string, now: number): Promise<BackupView | null> {
  const folder = dataFiles(dataDir).backups;
  const file = join(folder, `canopy-batch-${day(now)}.db`);
  if (existsSync(file)) return null;
  const made = await backupTo(db, file);
  const daily = readdirSync(folder).filter((name) => DAILY.test(name)).sort().reverse();
  for (const old of daily.slice(DAILY_BACKUPS_KEPT)) rmSync(join(folder, old), { force: true });
  return made;
}

/** A backup the operator asked for: to `out`, or into backups/ with the time in its name. */
export function manualBackupFile(dataDir: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return join(dataFiles(dataDir).backups, `canopy-batch-manual-${stamp}.db`);
}

// ---- Which processes use the data folder ----------------------------------------------------------------

/** Each engine notes its process id in the data folder while it is open, so a restore knows to wait. */
export function markInUse(dataDir: string): () => void {
  const folder = join(dataDir, 'in-use');
  const mark = join(folder, String(process.pid));
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(mark, `${process.argv.slice(1, 3).map((a) => basename(a)).join(' ')}\n`, { mode: 0o600 });
  } catch {
    return () => undefined; // a read-only folder: nothing can be restored into it either
  }
  return () => rmSync(mark, { force: true });
}

/** The other live processes that have the data folder open (marks of processes that died are ignored). */
export function otherUsers(dataDir: string): number[] {
  const folder = join(dataDir, 'in-use');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid && alive(pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---- Restore ----------------------------------------------------------------------------------------------

/**
 * Puts a backup in place of the data folder's database. Refused while another process has the folder open
 * (the desktop app, `serve`, `run`), and for a file that is no sound Canopy Batch database. The database it
 * replaces is kept beside it (`canopy-batch.db.before-restore-…`), so a restore can be undone.
 */
export function restoreBackup(dataDir: string, from: string, now: number): { restored: string; keptAs: string | null } {
  const others = otherUsers(dataDir);
  if (others.length > 0) {
    throw new UserError(
      `The data folder ${dataDir} is in use by process ${others.join(', ')} (the desktop app, \`serve\` or \`run\`): ` +
        'quit it (or stop it with Ctrl-C), then run restore again.',
      'conflict',
    );
  }
  return putInPlace(dataDir, from, now);
}

/**
 * The file work of a restore, for a database nobody has open: the backup is checked and copied beside the
 * database, the database (with its WAL) goes aside, the copy takes its place. If a step fails, what was moved
 * goes back, so the folder holds the old database or the restored one, never neither.
 */
export function putInPlace(dataDir: string, from: string, now: number): { restored: string; keptAs: string | null } {
  checkBackup(from);
  const target = dataFiles(dataDir).database;
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const keptAs = existsSync(target) ? `${target}.before-restore-${stamp}` : null;
  mkdirSync(dataDir, { recursive: true });
  const incoming = `${target}.restoring`;
  try {
    copyFileSync(from, incoming);
    chmodSync(incoming, 0o600);
  } catch (error) {
    rmSync(incoming, { force: true });
    throw error;
  }
  if (keptAs) moveDatabase(target, keptAs); // its WAL belongs to that file, not to the backup
  try {
    renameSync(incoming, target);
  } catch (error) {
    rmSync(incoming, { force: true });
    if (keptAs) moveDatabase(keptAs, target);
    throw error;
  }
  return { restored: from, keptAs };
}

/** Takes a restore back: the restored database goes, the one it replaced returns (a reopen failed, say). */
export function undoPutInPlace(dataDir: string, keptAs: string): void {
  const target = dataFiles(dataDir).database;
  for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
  moveDatabase(keptAs, target);
}

/** A database file and its -wal and -shm, renamed together. */
function moveDatabase(from: string, to: string): void {
  renameSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
}

/** A backup is restored only when it opens, passes quick_check, and is not from a newer version. */
function checkBackup(file: string): void {
  if (!existsSync(file)) throw new UserError(`File not found: ${file}`, 'not-found');
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  readSync(fd, header, 0, 16, 0);
  closeSync(fd);
  if (header.toString('latin1') !== 'SQLite format 3\u0000') throw new UserError(`"${basename(file)}" is not a Canopy Batch backup (not an SQLite database); nothing was restored.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    checkIntegrity(db, file);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) throw new UserError(`"${basename(file)}" was made by a newer Canopy Batch (schema ${version}); update Canopy Batch first. Nothing was restored.`);
    const tables = sql(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('connectors', 'segments', 'pending')").get() as { n: number };
    if (tables.n !== 3) throw new UserError(`"${basename(file)}" is an SQLite database but not a Canopy Batch backup; nothing was restored.`);
  } finally {
    db.close();
  }
}
