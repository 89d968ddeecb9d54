import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m001Initial } from '../../../src/main/core/db/migrations/001-initial';
import { migrate } from '../../../src/main/core/db/migrate';
import { MemberState } from '../../../src/main/core/reconcile/member-state';
import { SegmentStaging } from '../../../src/main/core/reconcile/staging';
import { encodeParams } from '../../../src/main/core/reconcile/params';
import { dbWithSegment, tempDir } from '../../support/temp-db';

const params = (tier: string) => [{ name: 'tier', type: 'string' as const, value: tier }];

describe('the member state', () => {
  it('of a database from before it existed is built from desired by the migration, and the next import diffs against it', () => {
    const { dir, cleanup } = tempDir();
    const db = new Database(join(dir, 'old.db'));
    try {
      // A database as the previous release left it: schema 1, a segment with three members.
      m001Initial(db);
      db.pragma('user_version = 1');
      db.exec(`INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
               VALUES (1, 'Old', 'https://example.invalid/hook', 'ref', '…', 'customer-id', 1020, 0, 0);
               INSERT INTO segments (id, connector_id, name, created_at) VALUES (1, 1, 'S', 0);`);
      const insert = db.prepare('INSERT INTO desired (segment_id, customer_id, params, params_hash) VALUES (1, ?, ?, ?)');
      for (const id of ['a', 'b', 'c']) {
        const { json, hash } = encodeParams(params('gold'));
        insert.run(id, json, hash);
      }

      migrate(db);
      const state = MemberState.load(db, 1);
      expect(state.size).toBe(3);
      expect([...state.ids(db)].flatMap((chunk) => Array.from({ length: chunk.length }, (_, i) => chunk.text(i))).sort()).toEqual(['a', 'b', 'c']);

      const staging = new SegmentStaging(db, 1);
      staging.add([
        { line: 2, customerId: 'a', params: params('gold'), action: 'upsert' },
        { line: 3, customerId: 'b', params: params('silver'), action: 'upsert' },
        { line: 4, customerId: 'd', params: params('gold'), action: 'upsert' },
      ]);
      expect(staging.plan(1, 'snapshot')).toEqual({ members: 3, kept: 0, NEW: 1, MODIFIED: 1, REMOVED: 1 });
      staging.apply(1, 'snapshot');
      staging.dispose();
      expect(db.prepare('SELECT customer_id FROM desired_state ORDER BY customer_id').pluck().all()).toEqual(['a', 'b', 'd']);
      expect(MemberState.load(db, 1).size).toBe(3);
    } finally {
      db.close();
      cleanup();
    }
  });

  it('refuses to apply an import read against a state that another import changed meanwhile', async () => {
    const ctx = await dbWithSegment();
    try {
      const slow = new SegmentStaging(ctx.db, ctx.segmentId);
      const fast = new SegmentStaging(ctx.db, ctx.segmentId);
      slow.add([{ line: 2, customerId: 'a', params: params('gold'), action: 'upsert' }]);
      fast.add([{ line: 2, customerId: 'b', params: params('gold'), action: 'upsert' }]);
      fast.apply(ctx.segmentId, 'snapshot');
      expect(() => slow.apply(ctx.segmentId, 'snapshot')).toThrow('Another import changed this segment while this file was read; nothing was changed by this one.');
      expect(ctx.db.prepare('SELECT customer_id FROM desired_state').pluck().all()).toEqual(['b']);
      slow.dispose();
      fast.dispose();
    } finally {
      ctx.cleanup();
    }
  });
});
