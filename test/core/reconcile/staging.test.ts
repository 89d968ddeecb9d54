import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentStaging, type StagedRecord } from '../../../src/main/core/reconcile/staging';
import { createHash } from 'node:crypto';
import { connectorsOf, createConnector, dbWithSegment } from '../../support/temp-db';
import type { Db } from '../../../src/main/core/db/open';
import { deliverDesiredState } from '../../support/desired-state';

const p = (value: string) => [{ name: 'firstName', type: 'string' as const, value }];
const up = (customerId: string, name = customerId, line = 2): StagedRecord => ({ line, customerId, params: p(name), action: 'upsert' });
const rm = (customerId: string): StagedRecord => ({ line: 2, customerId, params: [], action: 'remove' });

let ctx: Awaited<ReturnType<typeof dbWithSegment>>;
beforeEach(async () => {
  ctx = await dbWithSegment();
});
afterEach(() => ctx.cleanup());

function importRows(records: StagedRecord[], mode: 'snapshot' | 'delta' = 'snapshot', segmentId = ctx.segmentId) {
  const staging = new SegmentStaging(ctx.db);
  try {
    staging.add(records);
    return { counts: staging.apply(segmentId, mode), duplicates: staging.duplicates };
  } finally {
    staging.dispose();
  }
}

const pending = (db: Db) =>
  Object.fromEntries(
    (db.prepare('SELECT customer_id, status FROM pending ORDER BY customer_id').all() as Array<{ customer_id: string; status: string }>).map(
      (r) => [r.customer_id, r.status],
    ),
  );

/** Acknowledges everything pending, as a 2xx would: desired becomes delivered. */
function deliverAll(db: Db) {
  deliverDesiredState(db);
}

describe('a snapshot import', () => {
  it('marks every profile of a first import as NEW', () => {
    const { counts } = importRows([up('a'), up('b')]);
    expect(counts).toEqual({ NEW: 2, MODIFIED: 0, REMOVED: 0 });
    expect(pending(ctx.db)).toEqual({ a: 'NEW', b: 'NEW' });
  });

  it('marks changed params MODIFIED and profiles absent from the file REMOVED, after delivery', () => {
    importRows([up('a'), up('b'), up('c')]);
    deliverAll(ctx.db);
    const { counts } = importRows([up('a'), up('b', 'Bobby'), up('d')]);
    expect(counts).toEqual({ NEW: 1, MODIFIED: 1, REMOVED: 1 });
    expect(pending(ctx.db)).toEqual({ b: 'MODIFIED', c: 'REMOVED', d: 'NEW' });
  });

  it('lets the last row win when an identifier occurs twice, and counts it', () => {
    const { duplicates } = importRows([up('a', 'first'), up('a', 'second')]);
    expect(duplicates).toBe(1);
    const row = ctx.db.prepare('SELECT params FROM desired_state WHERE customer_id = ?').get('a') as { params: string };
    expect(JSON.parse(row.params)[0].value).toBe('second');
  });

  it('collapses NEW then gone before any send into nothing to send', () => {
    importRows([up('a'), up('b')]);
    const { counts } = importRows([up('a')]);
    expect(counts).toEqual({ NEW: 1, MODIFIED: 0, REMOVED: 0 });
    expect(pending(ctx.db)).toEqual({ a: 'NEW' });
  });

  it('sends nothing for a profile that left and came back with the same data', () => {
    importRows([up('a'), up('b')]);
    deliverAll(ctx.db);
    importRows([up('a')]);
    expect(pending(ctx.db)).toEqual({ b: 'REMOVED' });
    importRows([up('a'), up('b')]);
    expect(pending(ctx.db)).toEqual({});
  });

  it('releases a change held back after a 400 when its data changes', () => {
    importRows([up('a')]);
    ctx.db.exec(`INSERT INTO batches (uuid, connector_id, customers, counts, state, created_at)
                 VALUES ('00000000-0000-4000-8000-000000000000', ${ctx.connectorId}, 1, '{}', 'failed', 0);
                 UPDATE pending SET held_by = last_insert_rowid();`);
    importRows([up('a')]);
    expect(ctx.db.prepare('SELECT held_by FROM pending').get()).toEqual({ held_by: expect.any(Number) });
    importRows([up('a', 'changed')]);
    expect(ctx.db.prepare('SELECT held_by FROM pending').get()).toEqual({ held_by: null });
  });
});

describe('a delta import', () => {
  it('adds, updates and removes only the rows it lists', () => {
    importRows([up('a'), up('b'), up('c')]);
    deliverAll(ctx.db);
    const { counts } = importRows([up('a', 'Alicia'), rm('b'), up('n')], 'delta');
    expect(counts).toEqual({ NEW: 1, MODIFIED: 1, REMOVED: 1 });
    expect(pending(ctx.db)).toEqual({ a: 'MODIFIED', b: 'REMOVED', n: 'NEW' });
  });

  it('ignores a remove of someone who is not a member', () => {
    const { counts } = importRows([rm('ghost')], 'delta');
    expect(counts).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
  });
});

describe('staging', () => {
  it('changes nothing stored until it is applied, and nothing when disposed', () => {
    importRows([up('a')]);
    const staging = new SegmentStaging(ctx.db);
    staging.add([up('x'), up('y')]);
    staging.dispose();
    expect(ctx.db.prepare('SELECT customer_id FROM desired_state').all()).toEqual([{ customer_id: 'a' }]);
    expect(() => staging.add([up('z')])).toThrow(/already finished/);
  });
});

describe('staging many rows at once', () => {
  it('keeps the last row per customer and counts duplicates across the rows of one insert and across chunks', () => {
    const records = Array.from({ length: 100 }, (_, i) => up(`c${i % 45}`, `v${i}`));
    const staging = new SegmentStaging(ctx.db);
    try {
      staging.add(records.slice(0, 70));
      staging.add(records.slice(70));
      expect(staging.size).toBe(45);
      expect(staging.duplicates).toBe(55);
      expect(staging.apply(ctx.segmentId, 'snapshot')).toEqual({ NEW: 45, MODIFIED: 0, REMOVED: 0 });
    } finally {
      staging.dispose();
    }
    const value = (id: string) => JSON.parse((ctx.db.prepare('SELECT params FROM desired_state WHERE customer_id = ?').get(id) as { params: string }).params)[0].value;
    expect([value('c0'), value('c9'), value('c10'), value('c44')]).toEqual(['v90', 'v99', 'v55', 'v89']);
  });

  it.each(['customer-id', 'hashed-email'] as const)(
    'joins thousands of new customers among the members, each once, with what their last row says, and diffs against them next time (%s)',
    async (identifierType) => {
      // Hashed Email keys follow the ids' order; Customer ID keys are hashed, in an order of their own.
      const segmentId = identifierType === 'customer-id' ? ctx.segmentId : connectorsOf(ctx.db).ensureSegment(await createConnector(ctx.db, { name: 'Mail', identifierType }), 'Hashed').id;
      const id = (name: string) => (identifierType === 'hashed-email' ? createHash('sha256').update(name).digest('hex') : name);
      const row = (name: string, value: string) => up(id(name), value);
      const members = Array.from({ length: 3000 }, (_, i) => row(`m${i}`, 'old'));
      importRows(members, 'snapshot', segmentId);
      deliverAll(ctx.db);
      // m0 leaves; the next file brings it back with its delivered data, and 9,000 new customers, a tenth of them
      // twice (the later row wins) and one whose last row removes them (they do not join).
      importRows(members.slice(1), 'snapshot', segmentId);
      const newcomers = Array.from({ length: 9000 }, (_, i) => row(`n${i}`, `first${i}`));
      const again = Array.from({ length: 900 }, (_, i) => row(`n${i * 10}`, `last-n${i * 10}`));
      const file = [...members, ...newcomers, ...again, rm(id('n1'))];
      const { counts, duplicates } = importRows(file, 'snapshot', segmentId);
      expect(duplicates).toBe(901);
      // m0 is back as delivered: its REMOVED went, nothing to send for it.
      expect(counts).toEqual({ NEW: 8999, MODIFIED: 0, REMOVED: 0 });
      const params = (name: string) => {
        const desired = ctx.db.prepare('SELECT params FROM desired_state WHERE segment_id = ? AND customer_id = ?').get(segmentId, id(name)) as { params: string } | undefined;
        return desired && JSON.parse(desired.params)[0].value;
      };
      expect(['n0', 'n1', 'n5', 'n8990', 'm0'].map(params)).toEqual(['last-n0', undefined, 'first5', 'last-n8990', 'old']);
      // The member state holds the 11,999 members exactly once: the same file again changes nothing.
      expect(importRows(file, 'snapshot', segmentId).counts).toEqual({ NEW: 8999, MODIFIED: 0, REMOVED: 0 });
      expect((ctx.db.prepare('SELECT sum(entries) AS n FROM segment_state WHERE segment_id = ?').get(segmentId) as { n: number }).n).toBe(11_999);
    },
  );

});
