import type Database from 'better-sqlite3';

/**
 * "Hold new changes for review" (connectors/hold.ts): a per-connector setting, and on each segment binding
 * the hold an import placed (since when, and which import). The trigger places the hold in the import's own
 * transaction, so no scheduler (in this process or another) can freeze the changes between the import's
 * commit and the hold. An import that leaves the segment with changes to send holds it: held_since keeps the
 * first hold's time, held_by_import the latest import that added to it (a Release of what the operator saw
 * is refused once a later import added more).
 */
export function m007HoldForReview(db: Database.Database): void {
  db.exec(`
    ALTER TABLE connectors ADD COLUMN hold_for_review INTEGER NOT NULL DEFAULT 0 CHECK (hold_for_review IN (0, 1));
    ALTER TABLE segments ADD COLUMN held_since INTEGER;
    ALTER TABLE segments ADD COLUMN held_by_import INTEGER REFERENCES imports(id) ON DELETE SET NULL;
    CREATE TRIGGER imports_hold_for_review AFTER INSERT ON imports
      WHEN NEW.changed > 0
       AND (SELECT c.hold_for_review FROM segments s JOIN connectors c ON c.id = s.connector_id WHERE s.id = NEW.segment_id) = 1
    BEGIN
      UPDATE segments SET held_since = coalesce(held_since, NEW.finished_at), held_by_import = NEW.id WHERE id = NEW.segment_id;
    END;
  `);
}
