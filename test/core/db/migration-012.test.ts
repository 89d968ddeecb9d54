/**
 * Migration 012 keeps the code and values of a connector's state reason with the state (and of a watch's last
 * file with the file): a database as the previous release left it gets its reasons' codes back-filled.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { migrations } from '../../../src/main/core/db/migrations';
import { m012WatchMessage } from '../../../src/main/core/db/migrations/012-watch-message';
import { stateReasonSaid } from '../../../src/main/core/events/state-said';
import { tempDir } from '../../support/temp-db';

/** The schema just before migration 012, at its version. */
function databaseBefore012(file: string): Database.Database {
  const db = new Database(file);
  const before = migrations.indexOf(m012WatchMessage);
  for (const step of migrations.slice(0, before)) step(db);
  db.pragma(`user_version = ${before}`);
  return db;
}

const HALT = '401 Authentication failed (token or user invalid): connector halted until the token is changed.';

describe("migration 012: a state reason's code and values kept with the state", () => {
  it('back-fills the operator pause, a halt from its latest logged event with a code, and leaves a reason without one to its text', () => {
    const { dir, cleanup } = tempDir();
    const db = databaseBefore012(join(dir, 'old.db'));
    try {
      const connector = db.prepare(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, state, state_reason, created_at, updated_at)
        VALUES (?, ?, 'https://example.invalid/hook', ?, '…', 'customer-id', 1020, ?, ?, 0, 0)`);
      connector.run(1, 'Paused', 'ref-Paused', 'paused', 'Paused by the operator.');
      connector.run(2, 'Halted', 'ref-Halted', 'halted', HALT);
      connector.run(3, 'Unknown', 'ref-Unknown', 'paused', 'A reason no event has');
      connector.run(4, 'Active', 'ref-Active', 'active', null);
      const event = db.prepare(`INSERT INTO events (at, connector_id, connector_name, kind, outcome, meaning, meaning_code, meaning_values) VALUES (0, ?, 'x', 'attempt', 'halted', ?, ?, ?)`);
      event.run(2, HALT, 'outcome.halted401', '{"status":400}'); // an older event with the same sentence: the latest wins
      event.run(2, HALT, 'outcome.halted401', '{"status":401}');
      event.run(2, 'Another sentence', 'outcome.other', '{}');

      migrate(db);

      expect(stateReasonSaid(db, 1)).toEqual({ code: 'state.pausedReason', values: {} });
      expect(stateReasonSaid(db, 2)).toEqual({ code: 'outcome.halted401', values: { status: 401 } });
      expect(stateReasonSaid(db, 3)).toBeNull();
      expect(stateReasonSaid(db, 4)).toBeNull();
      const watchColumns = (db.prepare('PRAGMA table_info(watch_files)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(watchColumns).toEqual(expect.arrayContaining(['message_code', 'message_values']));
    } finally {
      db.close();
      cleanup();
    }
  });
});
