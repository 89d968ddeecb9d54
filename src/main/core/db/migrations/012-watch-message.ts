import type Database from 'better-sqlite3';

/**
 * Issue 10: two sentences the screens word in their language are kept as a code and its values next to their
 * English text (shared/messages.ts), instead of being matched back from the text:
 * - watch_files.message_code / message_values: what came of the file a watch last handled (an import's
 *   summary, a refusal). Rows from before have no code and show their stored text.
 * - connectors.state_code / state_values: the reason of a halt or pause (an outcome's `outcome.*` code).
 *   Existing reasons are back-filled as the engine found them until now: the operator's pause by its sentence,
 *   any other by the latest logged event with that very sentence and a code (none: the English reason serves).
 * Values are a JSON object. Self-contained: the operator's pause sentence is written out here.
 */
export function m012WatchMessage(db: Database.Database): void {
  db.exec(`
    ALTER TABLE watch_files ADD COLUMN message_code TEXT;
    ALTER TABLE watch_files ADD COLUMN message_values TEXT;
    ALTER TABLE connectors ADD COLUMN state_code TEXT;
    ALTER TABLE connectors ADD COLUMN state_values TEXT;
    UPDATE connectors SET state_code = 'state.pausedReason', state_values = '{}' WHERE state_reason = 'Paused by the operator.';
    UPDATE connectors SET (state_code, state_values) = (
      SELECT e.meaning_code, coalesce(e.meaning_values, '{}') FROM events e
      WHERE e.connector_id = connectors.id AND e.meaning = connectors.state_reason AND e.meaning_code IS NOT NULL
      ORDER BY e.id DESC LIMIT 1
    ) WHERE state_reason IS NOT NULL AND state_code IS NULL;
  `);
}
