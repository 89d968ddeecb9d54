/**
 * Migration 014: a key in flight is known from what the unacknowledged batches carry (the view in_flight),
 * no longer from pending.batch_id. A database as the previous release left it, with a batch on its way, one
 * failed for good and one delivered, keeps every pending change, and the batch on its way is carried on:
 * the queue leaves its keys alone, and its acknowledgement delivers them.
 */
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/db/migrate';
import { acknowledgeBatch } from '../../../src/main/core/delivery/acknowledge';
import { freezeBatch } from '../../../src/main/core/delivery/freeze';
import { encodeParams } from '../../../src/main/core/reconcile/params';
import { columnsOf, databaseAt, rowsOf } from '../../support/schema';
import { connectorsOf } from '../../support/temp-db';

const tier = (value: string) => encodeParams([{ name: 'tier', type: 'string', value }]);

/** Version 13: c-1 and c-2 on their way in batch 1, c-3 held back by batch 2 (a 400), c-4 queued, c-5 delivered by batch 3. */
function databaseWithABatchOnItsWay() {
  const db = databaseAt(13);
  db.exec(`
    INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
    VALUES (1, 'Shop', 'https://example.invalid/hook', 'ref-shop', '…', 'customer-id', 1020, 0, 0);
    INSERT INTO segments (id, connector_id, name, created_at) VALUES (1, 1, 'Welcome', 0);
    INSERT INTO batches (id, uuid, connector_id, customers, counts, state, created_at) VALUES
      (1, '00000000-0000-4000-8000-000000000001', 1, 2, '{}', 'retrying', 10),
      (2, '00000000-0000-4000-8000-000000000002', 1, 1, '{}', 'failed', 20),
      (3, '00000000-0000-4000-8000-000000000003', 1, 1, '{}', 'delivered', 5);
  `);
  const [gold, silver, bronze] = [tier('gold'), tier('silver'), tier('bronze')];
  const item = db.prepare('INSERT INTO batch_items (batch_id, segment_id, customer_id, status, params_hash) VALUES (?, 1, ?, ?, ?)');
  item.run(1, 'c-1', 'NEW', gold.hash);
  item.run(1, 'c-2', 'MODIFIED', silver.hash);
  item.run(2, 'c-3', 'NEW', gold.hash);
  item.run(3, 'c-5', 'NEW', gold.hash);
  const change = db.prepare('INSERT INTO pending (connector_id, segment_id, customer_id, status, batch_id, held_by, params, params_hash) VALUES (1, 1, ?, ?, ?, ?, ?, ?)');
  change.run('c-1', 'NEW', 1, null, gold.json, gold.hash);
  change.run('c-2', 'MODIFIED', 1, null, silver.json, silver.hash);
  change.run('c-3', 'NEW', null, 2, gold.json, gold.hash);
  change.run('c-4', 'NEW', null, null, bronze.json, bronze.hash);
  const delivered = db.prepare('INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (1, ?, ?, ?, 1)');
  delivered.run('c-2', bronze.json, bronze.hash);
  delivered.run('c-5', gold.json, gold.hash);
  return { db, gold, silver };
}

const inFlight = (db: ReturnType<typeof databaseAt>) => db.prepare('SELECT batch_id, customer_id FROM in_flight ORDER BY batch_id, customer_id').raw(true).all();

describe('migration 014: in flight is what the unacknowledged batches carry', () => {
  it('keeps every pending change, and the keys of the batch on its way are in flight, those of the failed and delivered ones not', () => {
    const { db } = databaseWithABatchOnItsWay();
    try {
      const kept = columnsOf(db, 'pending').filter((column) => column !== 'batch_id');
      const pendingBefore = rowsOf(db, 'pending', kept);

      migrate(db);

      expect(columnsOf(db, 'pending')).toEqual(kept);
      expect(rowsOf(db, 'pending', kept)).toEqual(pendingBefore);
      expect(inFlight(db)).toEqual([
        [1, 'c-1'],
        [1, 'c-2'],
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('carries the batch on its way on: the next batch takes only the queued change, and its acknowledgement delivers its keys', () => {
    const { db, gold, silver } = databaseWithABatchOnItsWay();
    try {
      migrate(db);
      const connector = connectorsOf(db).byId(1);

      const next = freezeBatch(db, connector, 100)!;
      expect(JSON.parse(next.body).campaigns[0].customers.map((c: { customerId: string }) => c.customerId)).toEqual(['c-4']);
      acknowledgeBatch(db, 1, 200, 200);

      expect(db.prepare("SELECT customer_id, params_hash FROM delivered WHERE customer_id IN ('c-1', 'c-2') ORDER BY customer_id").raw(true).all()).toEqual([
        ['c-1', gold.hash],
        ['c-2', silver.hash],
      ]);
      expect(db.prepare('SELECT customer_id, held_by FROM pending ORDER BY customer_id').raw(true).all()).toEqual([
        ['c-3', 2],
        ['c-4', null],
      ]);
      expect(inFlight(db)).toEqual([[next.id, 'c-4']]);
    } finally {
      db.close();
    }
  });
});
