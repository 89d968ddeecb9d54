import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/core/db/open';

/** A fresh data folder in the OS temp dir, removed by `cleanup`. */
export function tempDir(prefix = 'canopy-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real SQLite file with one connector and one segment, for tests of the store. */
export function dbWithSegment(): { db: Db; connectorId: number; segmentId: number; dir: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, 'canopy.db'));
  const now = Date.now();
  const connectorId = Number(
    db
      .prepare(
        `INSERT INTO connectors (name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
         VALUES ('Test', 'https://example.invalid/hook', 'ref-test', '…abcd', 'customer-id', 1020, ?, ?)`,
      )
      .run(now, now).lastInsertRowid,
  );
  const segmentId = Number(
    db.prepare(`INSERT INTO segments (connector_id, name, created_at) VALUES (?, 'Welcome', ?)`).run(connectorId, now).lastInsertRowid,
  );
  return { db, connectorId, segmentId, dir, cleanup: () => (db.close(), cleanup()) };
}
