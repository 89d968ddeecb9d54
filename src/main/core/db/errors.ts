/**
 * SQLite's failures as one sentence each for the operator, naming the data folder and what to do: a full
 * disk, a read-only folder, a damaged file, a folder another process holds, a database from a newer version.
 * Anything else is left as it is (a bug, reported as such).
 */
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { dataFiles } from '../paths';
import { DatabaseFromTheFutureError } from './migrate';

/** A damaged database file, refused when it opens (PRAGMA quick_check) or met while it is used. */
export class DatabaseDamagedError extends UserError {}

export function damagedSentence(dataDir: string, detail?: string): string {
  const files = dataFiles(dataDir);
  return (
    `The database ${files.database} is damaged${detail ? ` (${detail})` : ''}: nothing was read from it or written to it. ` +
    `Restore the latest backup with \`canopy-batch restore FILE\` (the daily backups are in ${files.backups}), ` +
    'or move the damaged file aside to start with an empty database.'
  );
}

/** The operator's sentence for a SQLite failure in this data folder, or the error unchanged. */
export function inWords(error: unknown, dataDir: string): unknown {
  if (error instanceof UserError) return error;
  if (error instanceof DatabaseFromTheFutureError) {
    return new UserError(`The data folder ${dataDir} was written by a newer Canopy Batch. ${error.message}`);
  }
  const code = error instanceof Database.SqliteError ? error.code : (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return error;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new UserError(`The disk holding the data folder ${dataDir} is full: free some space and try again; nothing was changed.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new UserError(
      `The data folder ${dataDir} is read-only: status, log, connector list and preview still work, but nothing can be changed ` +
        'until the folder is writable again (check its permissions, or that its disk is not mounted read-only).',
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseDamagedError(damagedSentence(dataDir));
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_BUSY')) {
    return new UserError(
      `The data folder ${dataDir} is busy: another Canopy Batch (the desktop app, \`serve\` or \`run\`) is writing to it. Try again in a moment; nothing was changed.`,
      'conflict',
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    return new UserError(`The database in the data folder ${dataDir} cannot be opened: check that the folder exists and that you may read and write it.`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new UserError(`The disk holding the data folder ${dataDir} failed to read or write (${code}): check the disk, then try again.`);
  }
  return error;
}
