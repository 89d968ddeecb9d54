import type Database from 'better-sqlite3';

/**
 * Undo an import (issue 12, reconcile/undo.ts):
 * - import_before: per import, the desired row each changed key had before it (params and hash NULL when the
 *   key was no member): bounded by the import's changes, not by the segment; kept only for a segment's latest
 *   import not yet undone (staging.ts saveBeforeImage, undo.ts), and dropped with its import.
 * - imports.state_version: the segment's state_version the import left; an import can be undone only while
 *   the segment is still at that version (no later import, undo or adoption touched it).
 * - imports.undone_at: when it was undone (the screens' history says so).
 */
export function m008UndoAdopt(db: Database.Database): void {
  db.exec(`
    CREATE TABLE import_before (
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      params TEXT,
      params_hash TEXT,
      PRIMARY KEY (import_id, customer_id)
    ) WITHOUT ROWID;
    ALTER TABLE imports ADD COLUMN state_version INTEGER;
    ALTER TABLE imports ADD COLUMN undone_at INTEGER;
  `);
}
