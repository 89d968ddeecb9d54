import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { migrations } from '../../../src/main/core/db/migrations';
import { CHUNK, HASH_WORDS, KEY_WORDS, MemberState, MemberStateWriter, RAW_ID_BYTES, rebuildMemberState } from '../../../src/main/core/reconcile/member-state';
import { SegmentStaging } from '../../../src/main/core/reconcile/staging';
import { encodeParams } from '../../../src/main/core/reconcile/params';
import { tempDir } from '../../support/temp-db';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const params = (tier: string) => [{ name: 'tier', type: 'string' as const, value: tier }];
const allIds = (db: Database.Database, segmentId: number) =>
  [...MemberState.load(db, segmentId).ids(db)].flatMap((chunk) => Array.from({ length: chunk.length }, (_, i) => chunk.text(i)));
const chunkForms = (db: Database.Database, segmentId: number) =>
  db.prepare('SELECT entries, length(id_ends) AS ends, length(ids) AS ids FROM segment_state WHERE segment_id = ? ORDER BY chunk').all(segmentId);

/** A segment_state chunk as the release before migration 011 wrote every chunk: UTF-8 ids and their ends. */
function insertTextChunk(db: Database.Database, segmentId: number, members: Array<{ id: string; key: number[]; hash: number[] }>): void {
  const ids = Buffer.from(members.map((m) => m.id).join(''), 'utf8');
  const ends = new Uint32Array(members.length);
  members.reduce((end, m, i) => (ends[i] = end + Buffer.byteLength(m.id)), 0);
  db.prepare('INSERT INTO segment_state (segment_id, chunk, entries, keys, hashes, id_ends, ids) VALUES (?, 0, ?, ?, ?, ?, ?)').run(
    segmentId,
    members.length,
    Buffer.from(new Uint32Array(members.flatMap((m) => m.key)).buffer),
    Buffer.from(new Uint32Array(members.flatMap((m) => m.hash)).buffer),
    Buffer.from(ends.buffer),
    ids,
  );
}

describe('the compact member state (migration 011)', () => {
  it('converts the text ids of a Hashed Email state to raw bytes, keeps any other as it is, and the next import diffs against it', () => {
    const { dir, cleanup } = tempDir();
    const db = new Database(join(dir, 'v10.db'));
    try {
      // The database as schema 10 left it: a Hashed Email segment of three members, a Customer ID segment of two.
      migrations.slice(0, 10).forEach((migration) => migration(db));
      db.pragma('user_version = 10');
      db.exec(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at) VALUES
                 (1, 'Mail', 'https://example.invalid/a', 'ref-a', '…', 'hashed-email', 1022, 0, 0),
                 (2, 'Crm', 'https://example.invalid/b', 'ref-b', '…', 'customer-id', 1020, 0, 0);
               INSERT INTO segments (id, connector_id, name, created_at) VALUES (1, 1, 'Hashed', 0), (2, 2, 'Ids', 0);`);
      const insert = db.prepare('INSERT INTO desired (segment_id, customer_id, params, params_hash) VALUES (?, ?, ?, ?)');
      const gold = encodeParams(params('gold'));
      const hashed = ['ann@example.com', 'bob@example.com', 'cy@example.com'].map(sha);
      for (const id of hashed) insert.run(1, id, gold.json, gold.hash);
      for (const id of ['C-1', 'C-2']) insert.run(2, id, gold.json, gold.hash);
      // Delivered as they are, so the next import's changes are sent.
      db.exec('INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) SELECT segment_id, customer_id, params, params_hash, 0 FROM desired');
      // The state as schema 10 wrote it (text ids), taken from a state the current writer builds.
      for (const segmentId of [1, 2]) {
        rebuildMemberState(db, segmentId, 'desired');
        const state = MemberState.load(db, segmentId);
        const ids = allIds(db, segmentId);
        const keys = [...state.ids(db)].flatMap((chunk) => Array.from({ length: chunk.length }, (_, i) => Array.from(chunk.keys.subarray(i * KEY_WORDS, (i + 1) * KEY_WORDS))));
        db.prepare('DELETE FROM segment_state WHERE segment_id = ?').run(segmentId);
        const members = ids.map((id, i) => ({ id, key: keys[i], hash: Array.from(state.hashes.subarray(i * HASH_WORDS, (i + 1) * HASH_WORDS)) }));
        insertTextChunk(db, segmentId, members);
      }
      const before = [allIds(db, 1), allIds(db, 2)];
      expect(chunkForms(db, 1)).toEqual([{ entries: 3, ends: 12, ids: 192 }]);

      migrate(db);

      expect(chunkForms(db, 1)).toEqual([{ entries: 3, ends: 0, ids: 3 * RAW_ID_BYTES }]);
      expect(chunkForms(db, 2)).toEqual([{ entries: 2, ends: 8, ids: 6 }]);
      expect([allIds(db, 1), allIds(db, 2)]).toEqual(before);
      expect([...before[0]].sort()).toEqual([...hashed].sort());

      const staging = new SegmentStaging(db, 1);
      staging.add([
        { line: 2, customerId: hashed[0], params: params('gold'), action: 'upsert' },
        { line: 3, customerId: hashed[1], params: params('silver'), action: 'upsert' },
        { line: 4, customerId: sha('dee@example.com'), params: params('gold'), action: 'upsert' },
      ]);
      expect(staging.plan(1, 'snapshot')).toEqual({ members: 3, kept: 0, NEW: 1, MODIFIED: 1, REMOVED: 1 });
      staging.apply(1, 'snapshot');
      staging.dispose();
      expect(db.prepare("SELECT customer_id, status FROM pending WHERE segment_id = 1 ORDER BY status").all()).toEqual([
        { customer_id: hashed[1], status: 'MODIFIED' },
        { customer_id: sha('dee@example.com'), status: 'NEW' },
        { customer_id: hashed[2], status: 'REMOVED' },
      ]);
      expect(allIds(db, 1).sort()).toEqual([hashed[0], hashed[1], sha('dee@example.com')].sort());
      expect(chunkForms(db, 1)).toEqual([{ entries: 3, ends: 0, ids: 3 * RAW_ID_BYTES }]);
    } finally {
      db.close();
      cleanup();
    }
  });

  it('gives back every id exactly as added, in order, whatever mix of raw-able and other ids a chunk holds', () => {
    const { dir, cleanup } = tempDir();
    const db = new Database(join(dir, 'state.db'));
    try {
      migrations.forEach((migration) => migration(db));
      db.exec(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
                 VALUES (1, 'Mail', 'https://example.invalid/a', 'ref-a', '…', 'hashed-email', 1022, 0, 0);
               INSERT INTO segments (id, connector_id, name, created_at) VALUES (1, 1, 'S', 0);`);
      const hexId = fc.stringMatching(/^[0-9a-f]{64}$/);
      const otherId = fc.oneof(fc.stringMatching(/^[0-9A-F]{64}$/), fc.string({ minLength: 1, maxLength: 70, unit: 'grapheme' }));
      fc.assert(
        fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: hexId }, { weight: 1, arbitrary: otherId }), { maxLength: 60 }), fc.boolean(), (ids, longChunk) => {
          db.exec('DELETE FROM segment_state');
          // A long run of raw ids fills a whole chunk first, so the mix lands in the second.
          const all = longChunk ? [...Array.from({ length: CHUNK - 10 }, (_, i) => sha(String(i))), ...ids] : ids;
          const keys = new Uint32Array(all.length * KEY_WORDS).map((_, i) => i);
          const hashes = new Uint32Array(all.length * HASH_WORDS);
          const writer = new MemberStateWriter(db, 1, 0);
          all.forEach((id, i) => writer.add(keys, i * KEY_WORDS, hashes, i * HASH_WORDS, id));
          writer.finish();
          expect(allIds(db, 1).slice(-ids.length - 1)).toEqual(all.slice(-ids.length - 1));
          // Copied as stored into a new state, the ids stay the same.
          const old = MemberState.load(db, 1);
          const copy = new MemberStateWriter(db, 1, 1000);
          let member = 0;
          for (const chunk of old.takeIds(db)) for (let i = 0; i < chunk.length; i++, member++) copy.addStored(keys, member * KEY_WORDS, hashes, member * HASH_WORDS, chunk, i);
          copy.finish();
          expect(allIds(db, 1)).toEqual(all);
        }),
        { numRuns: 40 },
      );
    } finally {
      db.close();
      cleanup();
    }
  });
});
