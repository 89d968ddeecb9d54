/**
 * The reconciliation rule, one row per case: the JS function (what a batch is frozen with) and the SQL
 * fragment (what pending rows are re-derived with) give the same answer, in a real SQLite.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { changeStatus, changeStatusSql, UNKNOWN_HASH } from '../../../src/main/core/reconcile/rule';

/** One key's two sides as a tiny table: a NULL hash means no row on that side. */
const db = new Database(':memory:');
db.exec('CREATE TABLE sides (desired_hash TEXT, delivered_hash TEXT)');
const sqlStatus = db.prepare(
  `SELECT ${changeStatusSql({
    desiredExists: 'desired_hash IS NOT NULL',
    desiredHash: 'desired_hash',
    deliveredExists: 'delivered_hash IS NOT NULL',
    deliveredHash: 'delivered_hash',
  })} AS status FROM sides WHERE rowid = ?`,
);
const insert = db.prepare('INSERT INTO sides (desired_hash, delivered_hash) VALUES (?, ?)');
afterAll(() => db.close());

function statusInSql(desired: string | null, delivered: string | null): string | null {
  const rowid = insert.run(desired, delivered).lastInsertRowid;
  return (sqlStatus.get(rowid) as { status: string | null }).status;
}

describe('the reconciliation rule', () => {
  it.each([
    ['absent', 'absent', null, null, null],
    ['absent', 'delivered', null, 'h1', 'REMOVED'],
    ['absent', 'unknown', null, UNKNOWN_HASH, 'REMOVED'],
    ['desired', 'absent', 'h1', null, 'NEW'],
    // Deployteq may or may not have the key: NEW (enter and set params) is right either way.
    ['desired', 'unknown', 'h1', UNKNOWN_HASH, 'NEW'],
    ['desired', 'the same', 'h1', 'h1', null],
    ['desired', 'different', 'h1', 'h2', 'MODIFIED'],
  ])('desired %s, delivered %s: %s', (_desired, _delivered, desiredHash, deliveredHash, expected) => {
    expect(changeStatus(desiredHash, deliveredHash)).toBe(expected);
    expect(statusInSql(desiredHash, deliveredHash)).toBe(expected);
  });

  it('JS and SQL agree for any two sides', () => {
    const hash = fc.option(fc.oneof(fc.constantFrom('h1', 'h2', UNKNOWN_HASH, ''), fc.string({ maxLength: 16 })), { nil: null });
    fc.assert(
      fc.property(hash, hash, (desired, delivered) => {
        expect(statusInSql(desired, delivered)).toBe(changeStatus(desired, delivered));
      }),
      { numRuns: 500 },
    );
  });
});
