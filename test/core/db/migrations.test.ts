/**
 * The migrations (db/migrate.ts, db/migrations/): a database of every earlier version is carried to the next
 * with its rows intact, migrating again changes nothing, and a database from a newer version is refused with
 * its file left byte for byte as it was.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { migrations } from '../../../src/main/core/db/migrations';
import { openDatabase } from '../../../src/main/core/db/open';
import { dataFiles } from '../../../src/main/core/paths';
import { decodeParams, encodeParams } from '../../../src/main/core/reconcile/params';
import { writeStateHash } from '../../../src/main/core/reconcile/state-hash';
import { CHUNK, HASH_WORDS, MemberState } from '../../../src/main/core/reconcile/member-state';
import { runCli, runCliAs } from '../../support/run-cli';
import { allRows, columnsOf, databaseAt, describeSchema, rowsOf, tableNames } from '../../support/schema';
import { tempDir } from '../../support/temp-db';

const LATEST = migrations.length;
const FUTURE = LATEST + 1;
const futureSentence =
  `This database is at schema version ${FUTURE}, but this version of Canopy Batch only knows up to ${LATEST}. ` +
  'Update Canopy Batch; the database was left untouched.';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A data folder (`data` inside a fresh temp folder, so tests may change its permissions). */
function folder(): string {
  const { dir, cleanup } = tempDir('canopy-migrations-');
  cleanups.push(cleanup);
  return join(dir, 'data');
}

const desiredRow = (segmentId: number, customerId: string, tier: string) => {
  const { json, hash } = encodeParams([{ name: 'tier', type: 'string', value: tier }]);
  return { segmentId, customerId, json, hash };
};

/**
 * Representative rows for a database at `version`, written with the columns that version has: two connectors
 * (one per identifier type), a segment with members, an empty one, deliveries, a queue, batches, the log, an
 * import, a setting, and a row in each table the later migrations added up to `version`.
 */
function fillAt(db: Database.Database, version: number): void {
  db.exec(`
    INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, batch_size, cron, created_at, updated_at)
    VALUES (1, 'Shop', 'https://example.invalid/hook', 'ref-shop', '••••abcd', 'customer-id', 1020, 200, '0 9 * * *', 1000, 2000),
           (2, 'News', 'https://example.invalid/news', 'ref-news', '••••wxyz', 'hashed-email', 1022, 500, NULL, 1000, 1000);
    INSERT INTO segments (id, connector_id, name, created_at) VALUES (1, 1, 'Welcome', 1000), (2, 1, 'Empty', 1000), (3, 2, 'Weekly', 1000);
    INSERT INTO batches (id, uuid, connector_id, customers, counts, state, attempts, last_http_status, created_at, delivered_at)
    VALUES (1, '00000000-0000-4000-8000-000000000001', 1, 2, '{"NEW":2}', 'delivered', 1, 200, 3000, 3100),
           (2, '00000000-0000-4000-8000-000000000002', 1, 1, '{"MODIFIED":1}', 'retrying', 2, 503, 4000, NULL);
    INSERT INTO batch_bodies (batch_id, body) VALUES (1, '{"campaigns":[]}'), (2, '{"campaigns":[{"segmentName":"Welcome"}]}');
    INSERT INTO events (id, at, connector_id, connector_name, batch_uuid, kind, outcome, http_status, meaning, latency_ms, customers, counts, response_snippet)
    VALUES (1, 3100, 1, 'Shop', '00000000-0000-4000-8000-000000000001', 'attempt', 'delivered', 200, 'Delivered: Deployteq accepted the batch', 40, 2, '{"NEW":2}', '{"ok":true}'),
           (2, 4100, 1, 'Shop', '00000000-0000-4000-8000-000000000002', 'attempt', 'retry', 503, 'Service unavailable: retrying later', 90, 1, '{"MODIFIED":1}', 'upstream maintenance');
    INSERT INTO request_counts (brand, day, count) VALUES ('example.invalid', '2026-03-10', 2);
    INSERT INTO imports (id, segment_id, file, mode, rows_read, rejected, duplicates, changed, rejects_file, finished_at)
    VALUES (1, 1, 'welcome.csv', 'snapshot', 3, 1, 0, 3, 'welcome.rejects.csv', 2500);
    INSERT INTO settings (key, value) VALUES ('retention.bodyDays', '30');
  `);
  const members = [desiredRow(1, 'c-1', 'gold'), desiredRow(1, 'c-2', 'silver'), desiredRow(1, 'c-3', 'gold'), desiredRow(3, 'a'.repeat(64), 'weekly')];
  // From migration 13 a pending change carries its key's desired params, and desired is gone.
  if (version < 13) {
    const insertDesired = db.prepare('INSERT INTO desired (segment_id, customer_id, params, params_hash) VALUES (?, ?, ?, ?)');
    for (const m of members) insertDesired.run(m.segmentId, m.customerId, m.json, m.hash);
  }
  const [one, two, three, four] = members;
  db.prepare('INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, ?, 3100), (?, ?, ?, ?, 3100)').run(
    one.segmentId, one.customerId, one.json, one.hash, 1, 'c-gone', two.json, two.hash,
  );
  db.exec(`
    INSERT INTO batch_items (batch_id, segment_id, customer_id, status, params_hash) VALUES (1, 1, 'c-1', 'NEW', '${one.hash}'), (1, 1, 'c-gone', 'NEW', '${two.hash}'), (2, 1, 'c-2', 'MODIFIED', '${two.hash}');
    INSERT INTO pending (connector_id, segment_id, customer_id, status) VALUES (1, 1, 'c-2', 'NEW'), (1, 1, 'c-3', 'NEW'), (1, 1, 'c-gone', 'REMOVED'), (2, 3, '${'a'.repeat(64)}', 'NEW');
  `);
  // Until migration 14 the pending row of a key in flight also named its batch (since, batch_items alone says it).
  if (version < 14) db.exec(`UPDATE pending SET batch_id = 2 WHERE customer_id = 'c-2'`);
  if (version >= 13) {
    const carry = db.prepare('UPDATE pending SET params = ?, params_hash = ? WHERE segment_id = ? AND customer_id = ?');
    for (const m of [two, three, four]) carry.run(m.json, m.hash, m.segmentId, m.customerId);
  }
  if (version >= 2) db.exec(`INSERT INTO delivery_leases (name, holder, pid, host, since, expires_at, fence) VALUES ('connector:1', '42@host-abc', 42, 'host', 5000, 0, 3)`);
  if (version >= 6) {
    db.exec(`
      INSERT INTO watches (id, segment_id, path, kind, pattern, options, created_at) VALUES (1, 1, '/exports', 'folder', '*.csv', '{"mode":"snapshot"}', 6000);
      INSERT INTO watch_files (watch_id, path, size, mtime_ms, sha256, result, message, handled_at) VALUES (1, '/exports/a.csv', 10, 5900, '${'0'.repeat(64)}', 'imported', 'Imported 3 rows', 6000);
    `);
  }
  if (version >= 8) db.exec(`INSERT INTO import_before (import_id, customer_id, params, params_hash) VALUES (1, 'c-1', NULL, NULL)`);
  if (version >= 9) {
    db.exec(`
      INSERT INTO erasures (id, requested_at, segments, completed_at) VALUES (1, 7000, 1, NULL);
      INSERT INTO erasure_keys (erasure_id, segment_id, customer_id) VALUES (1, 1, 'c-gone');
    `);
  }
}

/** What a data folder's files hold, byte for byte. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

/** Tables a migration replaced, by the view that now gives their rows (the view reads the same rows). */
const REPLACED_BY: Record<number, Record<string, string>> = { 13: { desired: 'desired_state' } };
/** Columns a migration dropped, since another table says the same (migration-014.test.ts shows that it does). */
const DROPPED_BY: Record<number, Record<string, string[]>> = { 14: { pending: ['batch_id'] } };

describe('each migration carries the rows of the version before it', () => {
  it.each(Array.from({ length: LATEST - 1 }, (_, i) => i + 2))('migration %i keeps every row and column there was, unchanged', (version) => {
    const db = databaseAt(version - 1);
    try {
      fillAt(db, version - 1);
      const kept = (table: string) => columnsOf(db, table).filter((column) => !DROPPED_BY[version]?.[table]?.includes(column));
      const before = Object.fromEntries(tableNames(db).map((table) => [table, { columns: kept(table), rows: rowsOf(db, table, kept(table)) }]));

      expect(migrate(db, version)).toBe(version);

      expect(db.pragma('user_version', { simple: true })).toBe(version);
      for (const [table, { columns, rows }] of Object.entries(before)) expect(rowsOf(db, REPLACED_BY[version]?.[table] ?? table, columns), table).toEqual(rows);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('migration 4 builds each segment’s member state from its desired rows: every member with its own params hash', () => {
    const db = databaseAt(3);
    try {
      fillAt(db, 3);
      // More members than one chunk of the member state holds, so the state spans chunks.
      const insert = db.prepare('INSERT INTO desired (segment_id, customer_id, params, params_hash) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < CHUNK + 100; i++) {
          const m = desiredRow(3, createHash('sha256').update(`member-${i}`).digest('hex'), i % 3 === 0 ? 'gold' : 'silver');
          insert.run(m.segmentId, m.customerId, m.json, m.hash);
        }
      })();

      migrate(db, 4);

      for (const segmentId of [1, 2, 3]) {
        const desired = new Map(db.prepare('SELECT customer_id, params FROM desired WHERE segment_id = ?').raw(true).all(segmentId) as Array<[string, string]>);
        const state = MemberState.load(db, segmentId);
        expect(state.size, `segment ${segmentId}`).toBe(desired.size);
        const carried = new Map<string, string>();
        let member = 0;
        for (const chunk of state.ids(db)) {
          for (let i = 0; i < chunk.length; i++, member++) carried.set(chunk.text(i), Array.from(state.hashes.subarray(member * HASH_WORDS, (member + 1) * HASH_WORDS)).join(','));
        }
        const expected = new Map([...desired].map(([id, params]) => {
          const words = new Uint32Array(HASH_WORDS);
          writeStateHash(decodeParams(params), words, 0);
          return [id, Array.from(words).join(',')];
        }));
        expect(carried, `segment ${segmentId}`).toEqual(expected);
      }
      expect(db.prepare('SELECT count(DISTINCT chunk) FROM segment_state WHERE segment_id = 3').pluck().get()).toBe(2);
      expect(db.prepare('SELECT id, state_version, removal_guard_percent FROM segments ORDER BY id').raw(true).all()).toEqual([
        [1, 0, 25],
        [2, 0, 25],
        [3, 0, 25],
      ]);
    } finally {
      db.close();
    }
  });

  it('migration 5 makes the attempts already logged searchable, by connector, meaning and response', () => {
    const db = databaseAt(4);
    try {
      fillAt(db, 4);
      migrate(db, 5);
      const search = (text: string) => db.prepare('SELECT rowid FROM events_text WHERE events_text MATCH ? ORDER BY rowid').pluck().all(`"${text}"`);
      expect(search('Shop')).toEqual([1, 2]);
      expect(search('unavailable')).toEqual([2]);
      expect(search('maintenance')).toEqual([2]);
      expect(search('accepted the')).toEqual([1]);
      expect(db.prepare('SELECT meaning_code, meaning_values FROM events').raw(true).all()).toEqual([
        [null, null],
        [null, null],
      ]);
    } finally {
      db.close();
    }
  });

  it('migration 7 leaves existing connectors without a hold for review, and their segments not held', () => {
    const db = databaseAt(6);
    try {
      fillAt(db, 6);
      migrate(db, 7);
      expect(db.prepare('SELECT id, hold_for_review FROM connectors ORDER BY id').raw(true).all()).toEqual([
        [1, 0],
        [2, 0],
      ]);
      expect(db.prepare('SELECT count(*) FROM segments WHERE held_since IS NOT NULL OR held_by_import IS NOT NULL').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('migration 8 gives imports from before it no undo: no state version, never undone', () => {
    const db = databaseAt(7);
    try {
      fillAt(db, 7);
      migrate(db, 8);
      expect(db.prepare('SELECT id, state_version, undone_at FROM imports').raw(true).all()).toEqual([[1, null, null]]);
      expect(db.prepare('SELECT count(*) FROM import_before').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('migration 13 moves each pending change’s desired params into its row, keeps only the delivered copy of the rest, and queues what differed unqueued', () => {
    const db = databaseAt(12);
    try {
      fillAt(db, 12);
      // Two rows the app never leaves, as a copied old database might have them: desired differs from
      // delivered with nothing queued (c-1 changed), and a delivered key that is not desired (c-left).
      const changed = desiredRow(1, 'c-1', 'platinum');
      db.prepare('UPDATE desired SET params = ?, params_hash = ? WHERE segment_id = 1 AND customer_id = ?').run(changed.json, changed.hash, 'c-1');
      db.prepare("INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) SELECT segment_id, 'c-left', params, params_hash, 1 FROM delivered WHERE customer_id = 'c-1'").run();
      const desiredBefore = rowsOf(db, 'desired', ['segment_id', 'customer_id', 'params', 'params_hash']);

      migrate(db, 13);

      expect(tableNames(db)).not.toContain('desired');
      expect(rowsOf(db, 'desired_state', ['segment_id', 'customer_id', 'params', 'params_hash'])).toEqual(desiredBefore);
      expect(db.prepare('SELECT segment_id, customer_id, status, batch_id, params_hash FROM pending ORDER BY segment_id, customer_id').raw(true).all()).toEqual([
        [1, 'c-1', 'MODIFIED', null, changed.hash],
        [1, 'c-2', 'NEW', 2, desiredRow(1, 'c-2', 'silver').hash],
        [1, 'c-3', 'NEW', null, desiredRow(1, 'c-3', 'gold').hash],
        [1, 'c-gone', 'REMOVED', null, null],
        [1, 'c-left', 'REMOVED', null, null],
        [3, 'a'.repeat(64), 'NEW', null, desiredRow(3, 'a'.repeat(64), 'weekly').hash],
      ]);
    } finally {
      db.close();
    }
  });
});

describe('a migration that fails', () => {
  it('leaves the database at its old version: no step of the upgrade is kept, every row as it was', () => {
    const db = databaseAt(3);
    try {
      fillAt(db, 3);
      // Something in the way of migration 4 (a table of that name already there): it fails after 001–003 are done.
      db.exec('CREATE TABLE segment_state (id INTEGER PRIMARY KEY)');
      const schema = describeSchema(db);
      const rows = allRows(db);

      expect(() => migrate(db)).toThrow(/table segment_state already exists/);

      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(describeSchema(db)).toEqual(schema);
      expect(allRows(db)).toEqual(rows);
    } finally {
      db.close();
    }
  });
});

describe('migrating a database that is up to date', () => {
  it('changes nothing: same schema, same rows, same user_version, also after reopening', () => {
    const dir = folder();
    const file = dataFiles(dir).database;
    let db = openDatabase(file);
    fillAt(db, LATEST);
    const schema = describeSchema(db);
    const rows = allRows(db);
    expect(schema.userVersion).toBe(LATEST);

    expect(migrate(db)).toBe(LATEST);
    expect(migrate(db)).toBe(LATEST);
    expect(describeSchema(db)).toEqual(schema);
    expect(allRows(db)).toEqual(rows);
    db.close();

    db = openDatabase(file);
    try {
      expect(describeSchema(db)).toEqual(schema);
      expect(allRows(db)).toEqual(rows);
    } finally {
      db.close();
    }
  });

  it('from an empty file, twice in a row, builds the same schema as once', () => {
    const once = databaseAt(LATEST);
    const twice = databaseAt(LATEST);
    try {
      expect(migrate(twice)).toBe(LATEST);
      expect(describeSchema(twice)).toEqual(describeSchema(once));
    } finally {
      once.close();
      twice.close();
    }
  });
});

describe('a database written by a newer version', () => {
  /** A data folder whose database a newer Canopy Batch left at schema version FUTURE, in its journal mode. */
  function futureFolder(journalMode: 'wal' | 'delete'): string {
    const dir = folder();
    const file = dataFiles(dir).database;
    openDatabase(file).close();
    const db = new Database(file);
    db.pragma(`journal_mode = ${journalMode}`);
    fillAt(db, LATEST);
    db.pragma(`user_version = ${FUTURE}`);
    db.close();
    return dir;
  }

  it.each(['wal', 'delete'] as const)('is refused on open with the engine’s sentence, its files untouched (journal mode %s)', (journalMode) => {
    const dir = futureFolder(journalMode);
    const before = fingerprint(dir);
    expect(() => openDatabase(dataFiles(dir).database)).toThrow(futureSentence);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('is refused by the CLI: exit 1, the sentence naming the folder, the files untouched', () => {
    const dir = futureFolder('wal');
    const before = fingerprint(dir);
    const result = runCli(dir, 'status');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`The data folder ${dir} was written by a newer Canopy Batch. ${futureSentence}\n`);
    expect(result.stdout).toBe('');
    expect(fingerprint(dir)).toEqual(before);
  });

  it('in a read-only folder is refused with the same sentence, not told it needs an upgrade', () => {
    const dir = futureFolder('delete');
    // Root ignores file permissions: as root, the CLI runs as the unprivileged "nobody".
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
    if (asUser) {
      chmodSync(dirname(dir), 0o755);
      chownSync(dir, asUser.uid, asUser.gid);
      chownSync(dataFiles(dir).database, asUser.uid, asUser.gid);
    }
    chmodSync(dir, 0o555);
    cleanups.unshift(() => chmodSync(dir, 0o700));
    const before = fingerprint(dir);
    const result = runCliAs(asUser, dir, 'status');
    expect(result.stderr).toBe(`The data folder ${dir} was written by a newer Canopy Batch. ${futureSentence}\n`);
    expect(result.status).toBe(1);
    expect(fingerprint(dir)).toEqual(before);
  });
});
