/**
 * Retention over many rounds, as a weekly-ish export goes: import a snapshot in which every profile changed,
 * flush it to a real receiver on loopback, move the clock ten days on, and let retention take its steps.
 * The database then stays a small multiple of the live state instead of growing with every round.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { pruneAll, pruneStep, ROWS_PER_STEP, setRetentionPolicy } from '../../../src/main/core/maintenance/retention';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { tempDir } from '../../support/temp-db';

const DAY = 24 * 3600_000;
const PROFILES = 5000;
const ROUNDS = 20;

let folder: ReturnType<typeof tempDir>;
let sandbox: Sandbox;
let engine: Engine;
let clock: number;

beforeEach(async () => {
  folder = tempDir('canopy-retention-');
  clock = Date.UTC(2026, 0, 1);
  sandbox = await startSandbox({ token: 'retention-token-1234', now: () => clock });
  engine = createEngine({ dataDir: folder.dir, now: () => clock, maintenance: false });
});
afterEach(async () => {
  await engine.shutdown(0);
  await sandbox.close();
  folder.cleanup();
});

const count = (table: string, where = '1') => (engine.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

/** Bytes the live state takes: what Deployteq holds and what is pending (with its desired params), with their indexes. */
const liveBytes = () =>
  (engine.db.prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN ('delivered', 'pending'))").get() as { n: number }).n;
const fileBytes = () => (engine.db.pragma('page_count', { simple: true }) as number) * (engine.db.pragma('page_size', { simple: true }) as number);

async function round(r: number) {
  const file = join(folder.dir, `export-${r}.csv`);
  const rows = Array.from({ length: PROFILES }, (_, i) => `p${i}@example.com,round ${r},${'note '.repeat(10)}`);
  writeFileSync(file, `email,wave,notes\n${rows.join('\n')}\n`);
  await engine.importFile({ file, connector: 'Shop', segment: 'Weekly' });
  const [report] = await engine.delivery.flushAll({ manual: true });
  expect(report.failed).toBe(0);
  await pruneAll(engine.db, clock);
  clock += 10 * DAY;
}

describe('retention keeps the data folder small over many rounds', () => {
  it(`${ROUNDS} rounds of ${PROFILES} changed profiles stay within a small multiple of the live state`, async () => {
    await engine.connectors.create({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email', dailyLimit: 1_000_000 });
    const sizes: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      await round(r);
      sizes.push(fileBytes());
    }
    const live = liveBytes();
    console.log(`retention: file ${(sizes.at(-1)! / 1e6).toFixed(1)} MB after ${ROUNDS} rounds (round 10: ${(sizes[9] / 1e6).toFixed(1)} MB), live state ${(live / 1e6).toFixed(1)} MB`);
    // Everything was delivered, every round.
    expect(count('delivered')).toBe(PROFILES);
    expect(count('pending')).toBe(0);
    // Bodies and items only of batches delivered in the last 14 days: the last two rounds (rounds are 10 days apart).
    const prunedAt = clock - 10 * DAY; // the last round's retention ran before the clock moved on
    const recent = `state = 'delivered' AND delivered_at >= ${prunedAt - 14 * DAY}`;
    expect(count('batch_bodies')).toBe(count('batches', recent));
    expect(count('batch_items')).toBeLessThanOrEqual(2 * PROFILES);
    // The attempt log goes back 180 days, not further.
    expect(count('events', `at < ${prunedAt - 180 * DAY}`)).toBe(0);
    expect(count('events', `at < ${prunedAt - 170 * DAY}`)).toBeGreaterThan(0);
    expect(count('events')).toBeGreaterThan(0);
    // The file stopped growing, and is a small multiple of what it holds live.
    expect(sizes.at(-1)!).toBeLessThanOrEqual(sizes[9] * 1.2);
    // The live state is stored once since migration 013 (desired only where it differs from delivered): half
    // of what it was, while the file shrank (10.3 -> 8.8 MB here, 9.1 in 16 KiB pages, db/open.ts); the two
    // retained rounds' bodies dominate it.
    expect(sizes.at(-1)!).toBeLessThanOrEqual(6.5 * live);
  }, 120_000);

  it('each step is bounded: a backlog is pruned over several steps, not in one long transaction', async () => {
    await engine.connectors.create({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email', dailyLimit: 1_000_000 });
    setRetentionPolicy(engine.db, { bodyDays: 1, eventDays: 1 });
    for (let r = 1; r <= 3; r++) {
      const file = join(folder.dir, `export-${r}.csv`);
      writeFileSync(file, `email,wave\n${Array.from({ length: PROFILES }, (_, i) => `p${i}@example.com,round ${r}`).join('\n')}\n`);
      await engine.importFile({ file, connector: 'Shop', segment: 'Weekly' });
      await engine.delivery.flushAll({ manual: true });
    }
    clock += 30 * DAY;
    const first = await pruneStep(engine.db, clock);
    expect(first.done).toBe(false);
    expect(first.deleted).toBeLessThanOrEqual(3 * ROWS_PER_STEP + ROWS_PER_STEP);
    await pruneAll(engine.db, clock);
    expect(count('batches')).toBe(0);
    expect(count('batch_items')).toBe(0);
    expect(count('delivered')).toBe(PROFILES); // the live state is never pruned
  }, 60_000);

  it('an import\'s record and its rejects file (personal data) go together after the retention time', async () => {
    await engine.connectors.create({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(folder.dir, 'with-rejects.csv');
    writeFileSync(file, 'email,city\nann@example.com,Utrecht\nnot-an-email,Breda\n');
    const result = await engine.importFile({ file, connector: 'Shop', segment: 'Weekly' });
    expect(existsSync(result.rejectsFile!)).toBe(true);
    await pruneAll(engine.db, clock + 179 * DAY);
    expect(count('imports')).toBe(1);
    expect(existsSync(result.rejectsFile!)).toBe(true);
    await pruneAll(engine.db, clock + 181 * DAY);
    expect(count('imports')).toBe(0);
    expect(existsSync(result.rejectsFile!)).toBe(false);
    expect(count('desired_state')).toBe(1);
  });
});
