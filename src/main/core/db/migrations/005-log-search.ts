import type Database from 'better-sqlite3';

/**
 * Log search (log.list's `query`), fast at 100,000 attempts and more: a trigram FTS5 index over the words of each
 * event (connector name, meaning, response snippet) for "contains this text", kept in step by triggers, and an
 * index on HTTP status. Batch uuids use events_by_batch and customers batch_items_by_customer (migration 001).
 * Also each event's meaning as a code and values (outcome.ts `said`), for the screens' languages.
 */
export function m005LogSearch(db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE events_text USING fts5(
      connector_name, meaning, response_snippet,
      content = 'events', content_rowid = 'id', tokenize = 'trigram'
    );
    INSERT INTO events_text (events_text) VALUES ('rebuild');

    CREATE TRIGGER events_text_insert AFTER INSERT ON events BEGIN
      INSERT INTO events_text (rowid, connector_name, meaning, response_snippet)
      VALUES (new.id, new.connector_name, new.meaning, new.response_snippet);
    END;
    CREATE TRIGGER events_text_delete AFTER DELETE ON events BEGIN
      INSERT INTO events_text (events_text, rowid, connector_name, meaning, response_snippet)
      VALUES ('delete', old.id, old.connector_name, old.meaning, old.response_snippet);
    END;
    CREATE TRIGGER events_text_update AFTER UPDATE OF connector_name, meaning, response_snippet ON events BEGIN
      INSERT INTO events_text (events_text, rowid, connector_name, meaning, response_snippet)
      VALUES ('delete', old.id, old.connector_name, old.meaning, old.response_snippet);
      INSERT INTO events_text (rowid, connector_name, meaning, response_snippet)
      VALUES (new.id, new.connector_name, new.meaning, new.response_snippet);
    END;

    CREATE INDEX events_by_status ON events (http_status, id) WHERE http_status IS NOT NULL;

    -- The meaning as a code and its values (JSON), so the screens word it in the operator's language.
    ALTER TABLE events ADD COLUMN meaning_code TEXT;
    ALTER TABLE events ADD COLUMN meaning_values TEXT;
  `);
}
