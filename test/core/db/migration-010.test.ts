/**
 * Migration 010 keeps on each batch whether Deployteq may have applied it (unclear_attempts), back-filled
 * from the attempts the batch made and the answers its events kept: a database as the previous release left it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { migrations } from '../../../src/main/core/db/migrations';
import { m010BatchApplied } from '../../../src/main/core/db/migrations/010-batch-applied';
import { tempDir } from '../../support/temp-db';

/** The schema just before migration 010, at its version. */
function databaseBefore010(file: string): Database.Database {
  const db = new Database(file);
  const before = migrations.indexOf(m010BatchApplied);
  for (const step of migrations.slice(0, before)) step(db);
  db.pragma(`user_version = ${before}`);
  return db;
}

describe('migration 010: whether a batch may have been applied', () => {
  it('back-fills each batch from its attempts and the answers its events kept', () => {
    const { dir, cleanup } = tempDir();
    const db = databaseBefore010(join(dir, 'old.db'));
    try {
      db.exec(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
               VALUES (1, 'Old', 'https://example.invalid/hook', 'ref', '…', 'customer-id', 1020, 0, 0)`);
      const batch = db.prepare(`INSERT INTO batches (uuid, connector_id, customers, counts, state, attempts, created_at) VALUES (?, 1, 1, '{}', ?, ?, 0)`);
      const attempt = db.prepare(`INSERT INTO events (at, connector_id, connector_name, batch_uuid, kind, outcome, http_status, meaning) VALUES (0, 1, 'Old', ?, 'attempt', ?, ?, 'm')`);
      const fixtures: Array<[uuid: string, state: string, attempts: number, answers: Array<[outcome: string, status: number | null]>]> = [
        ['never-sent', 'queued', 0, []],
        ['timed-out', 'retrying', 1, [['retrying', null]]],
        ['server-errors', 'retrying', 2, [['retrying', 503], ['retrying', 500]]],
        ['halted-then-paused', 'queued', 2, [['halted', 401], ['paused', 429]]],
        ['crashed-mid-request', 'queued', 1, []],
        ['5xx-then-refused', 'failed', 2, [['retrying', 502], ['failed', 400]]],
        ['delivered-first-time', 'delivered', 1, [['delivered', 200]]],
      ];
      for (const [uuid, state, attempts, answers] of fixtures) {
        batch.run(uuid, state, attempts);
        for (const [outcome, status] of answers) attempt.run(uuid, outcome, status);
      }

      migrate(db);

      const unclear = Object.fromEntries((db.prepare('SELECT uuid, unclear_attempts AS n FROM batches').all() as Array<{ uuid: string; n: number }>).map((r) => [r.uuid, r.n]));
      expect(unclear).toEqual({
        'never-sent': 0,
        'timed-out': 1,
        'server-errors': 2,
        'halted-then-paused': 0,
        'crashed-mid-request': 1,
        '5xx-then-refused': 1,
        'delivered-first-time': 1,
      });
    } finally {
      db.close();
      cleanup();
    }
  });

  it('gives a new batch none (its attempts count as they start)', () => {
    const { dir, cleanup } = tempDir();
    const db = databaseBefore010(join(dir, 'old.db'));
    try {
      migrate(db);
      db.exec(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
               VALUES (1, 'New', 'https://example.invalid/hook', 'ref', '…', 'customer-id', 1020, 0, 0);
               INSERT INTO batches (uuid, connector_id, customers, counts, created_at) VALUES ('fresh', 1, 1, '{}', 0);`);
      expect(db.prepare('SELECT unclear_attempts FROM batches').pluck().get()).toBe(0);
    } finally {
      db.close();
      cleanup();
    }
  });
});
