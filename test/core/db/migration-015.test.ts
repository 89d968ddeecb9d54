/**
 * Migration 015: the member state's params hash became state-hash.ts's instead of the first 60 bits of the
 * params' MD5. A data folder as the previous release left it gets every segment's state rebuilt, so the next
 * import of an unchanged export still finds nobody changed (and stages nothing).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { readRecords } from '../../../src/main/core/imports/records';
import { runImport, type ImportTarget } from '../../../src/main/core/imports/run';
import { HASH_WORDS, MemberState } from '../../../src/main/core/reconcile/member-state';
import { decodeParams } from '../../../src/main/core/reconcile/params';
import { SegmentStaging } from '../../../src/main/core/reconcile/staging';
import { writeStateHash } from '../../../src/main/core/reconcile/state-hash';
import { dataFiles } from '../../../src/main/core/paths';
import { createConnector, connectorsOf, tempDir } from '../../support/temp-db';

const MEMBERS = 300;

/** The previous release's params hash words: the first 60 bits of the MD5 of the params' JSON, 30 bits a word. */
function md5Words(params: string): [number, number] {
  const bits = createHash('md5').update(params).digest().readBigUInt64BE(0) >> 4n;
  return [Number(bits >> 30n), Number(bits & ((1n << 30n) - 1n))];
}

/** Rewrites every chunk's hashes as the previous release wrote them, and the schema version it left. */
function asPreviousRelease(db: Db, segmentId: number): void {
  const params = new Map(db.prepare('SELECT customer_id, params FROM desired_state WHERE segment_id = ?').raw(true).all(segmentId) as Array<[string, string]>);
  const state = MemberState.load(db, segmentId);
  const chunks = db.prepare('SELECT id, entries FROM segment_state WHERE segment_id = ? ORDER BY chunk').all(segmentId) as Array<{ id: number; entries: number }>;
  const ids = [...state.ids(db)];
  chunks.forEach((chunk, c) => {
    const words = new Uint32Array(chunk.entries * HASH_WORDS);
    for (let i = 0; i < chunk.entries; i++) words.set(md5Words(params.get(ids[c].text(i))!), i * HASH_WORDS);
    db.prepare('UPDATE segment_state SET hashes = ? WHERE id = ?').run(Buffer.from(words.buffer), chunk.id);
  });
  db.pragma('user_version = 14');
}

/** Per member: customer id → its state hash words as stored. */
function storedHashes(db: Db, segmentId: number): Map<string, string> {
  const state = MemberState.load(db, segmentId);
  const out = new Map<string, string>();
  let member = 0;
  for (const chunk of state.ids(db)) {
    for (let i = 0; i < chunk.length; i++, member++) out.set(chunk.text(i), `${state.hashes[member * 2]}:${state.hashes[member * 2 + 1]}`);
  }
  return out;
}

describe('migration 015: the member state’s params hash rebuilt', () => {
  it('rebuilds every state from the desired params, so an unchanged export stages nobody afterwards', async () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'members.csv');
    writeFileSync(file, `email,city,tier\n${Array.from({ length: MEMBERS }, (_, i) => `user${i}@example.com,Utrecht,${i % 2 ? 'gold' : 'silver'}`).join('\n')}\n`);
    let db = openDatabase(dataFiles(dir).database);
    try {
      const connector = await createConnector(db, { identifierType: 'hashed-email' });
      const segment = connectorsOf(db).ensureSegment(connector, 'Members');
      const target: ImportTarget = { connectorId: connector.id, connectorName: connector.name, identifierType: 'hashed-email', segmentId: segment.id, segmentName: segment.name };
      await runImport({ db, dataDir: dir }, target, { file, connector: connector.name, segment: segment.name });
      asPreviousRelease(db, segment.id);
      db.close();

      db = openDatabase(dataFiles(dir).database);
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
      const expected = new Map(
        (db.prepare('SELECT customer_id, params FROM desired_state WHERE segment_id = ?').raw(true).all(segment.id) as Array<[string, string]>).map(([id, params]) => {
          const words = new Uint32Array(2);
          writeStateHash(decodeParams(params), words, 0);
          return [id, `${words[0]}:${words[1]}`];
        }),
      );
      expect(expected.size).toBe(MEMBERS);
      expect(storedHashes(db, segment.id)).toEqual(expected);

      const staging = new SegmentStaging(db, segment.id);
      try {
        for await (const chunk of readRecords(file, { identifierType: 'hashed-email' })) staging.add(chunk);
        expect(staging.plan(segment.id, 'snapshot')).toEqual({ members: MEMBERS, kept: 0, NEW: 0, MODIFIED: 0, REMOVED: 0 });
      } finally {
        staging.dispose();
      }
    } finally {
      db.close();
      cleanup();
    }
  });

  it('leaves a database without members as it was', () => {
    const { dir, cleanup } = tempDir();
    const db = openDatabase(join(dir, 'empty.db'));
    try {
      db.pragma('user_version = 14');
      migrate(db);
      expect(db.prepare('SELECT count(*) FROM segment_state').pluck().get()).toBe(0);
    } finally {
      db.close();
      cleanup();
    }
  });
});
