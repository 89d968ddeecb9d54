import type Database from 'better-sqlite3';

/**
 * Watched folders (issue 12):
 * - watches: one per segment binding; a folder (with a file-name pattern) or one file path, and the import
 *   options every file is imported with (JSON, the shape of watchImportOptionsSchema).
 * - watch_files: per watch and file path, the file as it was last handled (size, mtime, sha-256) and what
 *   came of it. A file whose size, mtime and content match its row is never imported again, across
 *   restarts; files present when the watch was added are recorded as 'existing' and left alone.
 */
export function m006Watches(db: Database.Database): void {
  db.exec(`
    CREATE TABLE watches (
      id INTEGER PRIMARY KEY,
      segment_id INTEGER NOT NULL UNIQUE REFERENCES segments(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('folder', 'file')),
      pattern TEXT,
      options TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );

    CREATE TABLE watch_files (
      watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      result TEXT NOT NULL CHECK (result IN ('existing', 'imported', 'refused', 'failed')),
      message TEXT NOT NULL,
      handled_at INTEGER NOT NULL,
      PRIMARY KEY (watch_id, path)
    ) WITHOUT ROWID;
    CREATE INDEX watch_files_latest ON watch_files (watch_id, handled_at);
  `);
}
