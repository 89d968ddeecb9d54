/**
 * A large segment's import is read by key range (issue 11): its rows are checked against a filter of the
 * members, spilled to disk by key range and matched one range at a time. Whatever the file, it must store,
 * report and reject exactly what the import against the whole index of members does. The threshold is lowered
 * here so that segments of a few dozen members are read by key range, in ranges of a few members.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { runImport, type ImportHooks, type ImportTarget, type ImportTimings } from '../../../src/main/core/imports/run';
import { MemberState } from '../../../src/main/core/reconcile/member-state';
import type { ImportOptions, ImportResult } from '../../../src/shared/model';
import { connectorsOf, createConnector } from '../../support/temp-db';
import { deliverDesiredState } from '../../support/desired-state';
import { tempFolder } from './helpers';

const folder = tempFolder();
let db: Db;
let dataDir: string;

beforeEach(() => {
  dataDir = folder.create();
  db = openDatabase(join(dataDir, 'canopy.db'));
});
afterEach(() => {
  db.close();
  folder.remove();
});

/** Each case is four imports: on a loaded machine a property takes tens of seconds, which is no failure. */
const PROPERTY_TIMEOUT_MS = 300_000;

let segments = 0;
async function segment(): Promise<ImportTarget> {
  const name = `segment ${++segments}`;
  const connector = await createConnector(db, { name: `conn ${name}`, identifierType: 'hashed-email' });
  const segmentId = connectorsOf(db).ensureSegment(connector, name).id;
  return { connectorId: connector.id, connectorName: connector.name, identifierType: 'hashed-email', segmentId, segmentName: name };
}

async function run(target: ImportTarget, file: string, options: Partial<ImportOptions>, hooks: ImportHooks = {}) {
  let timings: ImportTimings | null = null;
  const result = await runImport({ db, dataDir }, target, { file, connector: target.connectorName, segment: target.segmentName, allowRemovals: true, ...options }, {
    ...hooks,
    onTimings: (t) => (timings = t),
  });
  return { result, timings: timings! };
}

/** As `run`, or the error's message when the import is refused (a file of no valid row: both ways alike). */
const attempt = (...args: Parameters<typeof run>) =>
  run(...args).then(
    (done) => ({ ...done, refused: null }),
    (error: Error) => ({ result: null, timings: null, refused: error.message }),
  );

/** What a segment holds: desired state with hashes, pending changes, and its member state's ids in key order. */
const stored = (segmentId: number) => ({
  desired: db.prepare('SELECT customer_id, params, params_hash FROM desired_state WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
  pending: db.prepare('SELECT customer_id, status, params_hash FROM pending WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
  state: [...MemberState.load(db, segmentId).ids(db)].flatMap((chunk) => Array.from({ length: chunk.length }, (_, i) => chunk.text(i))),
});
const comparable = (r: ImportResult | null) => r &&  ({ ...r, connector: '', segment: '', durationMs: 0, rejectsFile: r.rejectsFile && readFileSync(r.rejectsFile, 'utf8') });

/** One row of the next file: a member or newcomer (by number), with a city, leaving (delta), or malformed. */
const rowArb = fc.record({
  who: fc.integer({ min: 0, max: 59 }),
  what: fc.constantFrom('city', 'city', 'city', 'leave', 'malformed', 'no-id'),
  city: fc.constantFrom('Utrecht', 'Gouda', 'Zwolle'),
});
const caseArb = fc.record({
  members: fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 40 }),
  memberCity: fc.constantFrom('Utrecht', 'Gouda'),
  rows: fc.array(rowArb, { maxLength: 80 }),
  delta: fc.boolean(),
  perRange: fc.integer({ min: 1, max: 9 }),
  reader: fc.constantFrom('inline' as const, 'parts' as const),
});

const email = (who: number) => `user${who}@example.com`;

function nextFile(rows: Array<{ who: number; what: string; city: string }>, delta: boolean): string {
  const lines = rows.map(({ who, what, city }) => {
    const action = delta ? (what === 'leave' ? ',remove' : ',add') : '';
    if (what === 'malformed') return `${email(who)},${city},one field too many${action}`;
    if (what === 'no-id') return `not-an-email-${who},${city}${action}`;
    if (what === 'leave' && !delta) return `${email(who)},${city}`;
    return `${email(who)},${city}${action}`;
  });
  return `email,city${delta ? ',action' : ''}\n${lines.join('\n')}\n`;
}

/** Two segments with the same members, delivered, then the same next file into each: one read whole, one by key range. */
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

async function bothWays(c: Case, rangedHooks: ImportHooks['staging']) {
  const [whole, ranged] = [await segment(), await segment()];
  const first = folder.write(`first-${segments}.csv`, `email,city\n${c.members.map((m) => `${email(m)},${c.memberCity}`).join('\n')}\n`);
  for (const target of [whole, ranged]) {
    await run(target, first, {});
    deliverDesiredState(db, target.segmentId);
  }
  const file = folder.write(`next-${segments}.csv`, nextFile(c.rows, c.delta));
  const options: Partial<ImportOptions> = c.delta ? { mode: 'delta', actionColumn: 'action' } : {};
  const expected = await attempt(whole, file, options, { reader: c.reader, staging: { rangedFrom: Number.POSITIVE_INFINITY } });
  const got = await attempt(ranged, file, options, { reader: c.reader, staging: rangedHooks });
  const named = (message: string | null) => message?.replace(/segment[- ]\d+/g, 'segment') ?? null;
  expect(named(got.refused)).toBe(named(expected.refused));
  return { whole, ranged, expected, got };
}

describe('an import read by key range', () => {
  it('stores, reports and rejects exactly what the import against the whole index does', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { whole, ranged, expected, got } = await bothWays(c, { rangedFrom: 1, membersPerRange: c.perRange });
        if (got.result && expected.result) {
          expect(got.timings!.ranges).toBe(Math.max(1, Math.round(c.members.length / c.perRange)));
          expect(comparable(got.result)).toEqual(comparable(expected.result));
        }
        expect(stored(ranged.segmentId)).toEqual(stored(whole.segmentId));
      }),
      { numRuns: 40 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('reads the file again against the whole index when a row the filter let by is not its member’s own, with the same result', async () => {
    let readAgain = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Fingerprints of no bits: the filter lets every row by, so any changed row is one it was wrong about.
        const { whole, ranged, expected, got } = await bothWays(c, { rangedFrom: 1, membersPerRange: c.perRange, fingerprintMask: 0 });
        expect(stored(ranged.segmentId)).toEqual(stored(whole.segmentId));
        if (!got.result || !expected.result) return;
        expect(comparable(got.result)).toEqual(comparable(expected.result));
        if (got.timings!.ranges === 0) readAgain++;
      }),
      { numRuns: 20 },
    );
    expect(readAgain).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);

  it('is read by key range, with its rows on disk, only from RANGED_FROM_MEMBERS members', async () => {
    const target = await segment();
    const file = folder.write('ten.csv', `email,city\n${Array.from({ length: 10 }, (_, i) => `${email(i)},Utrecht`).join('\n')}\n`);
    await run(target, file, {});
    expect((await run(target, file, {})).timings.ranges).toBe(0);
    expect((await run(target, file, {}, { staging: { rangedFrom: 10, membersPerRange: 4 } })).timings.ranges).toBe(3);
    expect((await run(target, file, {}, { staging: { rangedFrom: 11 } })).timings.ranges).toBe(0);
  });
});
