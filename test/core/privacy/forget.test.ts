import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { hashedEmail } from '../../../src/main/core/imports/identifiers';
import { MemberState } from '../../../src/main/core/reconcile/member-state';
import { english, englishFormats } from '../../../src/shared/messages';
import { tempDir } from '../../support/temp-db';
import type { UserError } from '../../../src/main/core/errors';
import { filesContaining } from '../../support/bytes-scan';

const EMAIL = 'Søren.Forget@List.Example';
const HASH = (hashedEmail(EMAIL) as { id: string }).id;

/** Every table's rows that mention one of the needles (a table-by-table look, beside the byte scan). */
function tablesMentioning(engine: Engine, needles: string[]): string[] {
  const tables = engine.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  return tables.filter((table) => {
    const rows = engine.db.prepare(`SELECT * FROM "${table}"`).raw(true).all() as unknown[][];
    // Blobs are read as text and as hex: the member state keeps a Hashed Email id as its 32 raw bytes.
    const text = rows
      .flat()
      .map((v) => (Buffer.isBuffer(v) ? `${v.toString('utf8')}\n${v.toString('hex')}` : String(v)))
      .join('\n')
      .toLowerCase();
    return needles.some((n) => text.includes(n.toLowerCase()));
  });
}

describe('forget a profile (engine, against a real receiver)', () => {
  let dir: string;
  let cleanup: () => void;
  let sandbox: Sandbox;
  let engine: Engine;
  let api: Handlers;

  const csv = (name: string, rows: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, ['email,first name', ...rows].join('\n') + '\n');
    return file;
  };
  const others = Array.from({ length: 30 }, (_, i) => `other${i}@list.example,Other ${i}`);

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir('canopy-forget-'));
    sandbox = await startSandbox({ token: 'forget-token-1234' });
    engine = createEngine({ dataDir: join(dir, 'data'), maintenance: false });
    api = createHandlers(engine);
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email', batchSize: 10 });
    for (const segment of ['Welcome', 'Newsletter']) {
      await api['imports.run']({ file: csv(`${segment}.csv`, [...others, ` ${EMAIL} ,Søren`]), connector: 'Shop', segment });
    }
  });
  afterEach(async () => {
    await engine.shutdown(0);
    await sandbox.close();
    cleanup();
  });

  it('sends REMOVED to every segment, then keeps nothing but the record that an erasure happened', async () => {
    await api['queue.flush']({});
    expect(sandbox.members('Welcome').has(HASH)).toBe(true);
    expect(sandbox.members('Newsletter').has(HASH)).toBe(true);
    // The scan below sees the profile where it is kept: it is there before the erasure.
    expect(tablesMentioning(engine, [HASH])).toEqual(expect.arrayContaining(['delivered', 'segment_state', 'batch_bodies', 'batch_items']));

    const planned = await api['profiles.forget']({ email: EMAIL, dryRun: true });
    expect(planned.segments.map((s) => s.segmentName)).toEqual(['Newsletter', 'Welcome']);
    expect(planned.erasureId).toBeNull();

    const forgotten = await api['profiles.forget']({ email: EMAIL.toUpperCase() });
    expect(forgotten.complete).toBe(false);
    expect(forgotten.segments.every((s) => s.removedPending)).toBe(true);
    expect(forgotten.message).toContain('2 REMOVED change(s) wait for a flush');
    expect(english(forgotten.sentence!, englishFormats())).toBe(forgotten.message);
    expect(await api['profiles.erasures']({})).toMatchObject([{ segments: 2, completedAt: null }]);
    // The member state the next import reads no longer has the profile either.
    const segmentId = engine.db.prepare(`SELECT id FROM segments WHERE name = 'Welcome'`).pluck().get() as number;
    expect(MemberState.load(engine.db, segmentId).size).toBe(30);

    await api['queue.flush']({});
    expect(sandbox.members('Welcome').has(HASH)).toBe(false);
    expect(sandbox.members('Newsletter').has(HASH)).toBe(false);
    expect(sandbox.members('Welcome').size).toBe(30);
    const [erasure] = await api['profiles.erasures']({});
    expect(erasure.completedAt).not.toBeNull();
    expect((await api['trace.find']({ query: EMAIL })).batches).toEqual([]);

    expect(tablesMentioning(engine, [HASH, 'søren.forget'])).toEqual([]);
    await engine.shutdown(0);
    expect(filesContaining(join(dir, 'data'), [HASH, 'søren.forget', 'soren.forget'])).toEqual([]);
    engine = createEngine({ dataDir: join(dir, 'data'), maintenance: false });
  });

  it('does not resurrect a profile carried by an unacknowledged batch: the REMOVED follows its acknowledgement', async () => {
    sandbox.inject({ status: 503 }, 100);
    await api['queue.flush']({});
    expect(sandbox.members('Welcome').size).toBe(0);
    const forgotten = await api['profiles.forget']({ email: EMAIL });
    expect(forgotten.complete).toBe(false);
    sandbox.clearFaults();
    engine.db.prepare('UPDATE batches SET next_attempt_at = 0').run();
    await api['queue.flush']({});
    await api['queue.flush']({});
    expect(sandbox.members('Welcome').has(HASH)).toBe(false);
    expect(sandbox.members('Newsletter').has(HASH)).toBe(false);
    expect(sandbox.members('Welcome').size).toBe(30);
    expect((await api['profiles.erasures']({}))[0].completedAt).not.toBeNull();
    expect(tablesMentioning(engine, [HASH])).toEqual([]);
  });

  it('finishes at once, sending nothing, for a profile Deployteq was never sent', async () => {
    const forgotten = await api['profiles.forget']({ email: EMAIL });
    expect(forgotten.complete).toBe(true);
    expect(forgotten.message).toBe('Forgot the profile in 2 segment(s): Shop / Newsletter, Shop / Welcome. Nothing about it is kept.');
    expect(forgotten.sentence).toEqual({ code: 'forgetDone', params: { segmentCount: 2, segments: 'Shop / Newsletter, Shop / Welcome', rejects: 0 } });
    expect(tablesMentioning(engine, [HASH])).toEqual([]);
    await api['queue.flush']({});
    expect(sandbox.members('Welcome').size).toBe(30);
  });

  it('deletes the rejects files that name the profile and keeps the others', async () => {
    const withOptin = (name: string, rows: string[]) => {
      const file = join(dir, name);
      writeFileSync(file, ['email,first name,optin', ...rows].join('\n') + '\n');
      return file;
    };
    // A row of the profile rejected for its opt-in value, and another file whose rejects are someone else's.
    await api['imports.run']({ file: withOptin('naming.csv', ['a@list.example,A,yes', `${EMAIL.toLowerCase()},Søren,perhaps`]), connector: 'Shop', segment: 'Optin', map: { optin: 'optin' } });
    await api['imports.run']({ file: withOptin('other.csv', ['a@list.example,A,yes', 'b@list.example,B,perhaps']), connector: 'Shop', segment: 'Optin2', map: { optin: 'optin' } });
    const rejectsDir = join(dir, 'data', 'rejects');
    expect(readdirSync(rejectsDir)).toHaveLength(2);
    expect(filesContaining(rejectsDir, ['søren.forget'])).toHaveLength(1);
    const forgotten = await api['profiles.forget']({ email: EMAIL });
    expect(forgotten.rejectsFilesDeleted).toBe(1);
    expect(forgotten.message).toContain('1 rejects file(s) naming it were deleted.');
    expect(forgotten.sentence).toMatchObject({ code: 'forgetDoneRejects', params: { rejects: 1 } });
    expect(english(forgotten.sentence!, englishFormats())).toBe(forgotten.message);
    expect(readdirSync(rejectsDir)).toHaveLength(1);
    expect(filesContaining(rejectsDir, ['b@list.example'])).toHaveLength(1);
    expect(engine.db.prepare('SELECT count(*) FROM imports WHERE rejects_file IS NOT NULL').pluck().get()).toBe(1);
  });

  it('refuses an input that is not exactly one identifier, or not an email', async () => {
    await expect(api['profiles.forget']({})).rejects.toThrow('Give exactly one of an email address or a customer id.');
    await expect(api['profiles.forget']({ email: EMAIL, customerId: '1' })).rejects.toThrow('exactly one');
    await expect(api['profiles.forget']({ email: 'no-at-sign' })).rejects.toThrow('Cannot forget "no-at-sign": not an email address');
    const refused = (await api['profiles.forget']({ email: 'no-at-sign' }).catch((e: unknown) => e)) as UserError;
    expect(refused.sentence).toEqual({ code: 'forgetNotEmail', params: { email: '"no-at-sign"', value: '"no-at-sign"' } });
    expect(english(refused.sentence!, englishFormats())).toBe(refused.message);
  });
});
