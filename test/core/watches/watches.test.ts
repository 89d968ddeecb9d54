import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import type { EngineEvent } from '../../../src/shared/api';
import type { WatchView } from '../../../src/shared/model';
import { tempDir } from '../../support/temp-db';

const SETTLE_MS = 300;
/** Long enough that a second import, had one been started, would have finished. */
const QUIET_MS = SETTLE_MS * 5;

let dir: string;
let folder: string;
let cleanup: () => void;
let engine: Engine;

function openEngine(): Engine {
  return createEngine({ dataDir: join(dir, 'data'), watchSettleMs: SETTLE_MS });
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('canopy-watch-'));
  folder = join(dir, 'exports');
  mkdirSync(folder);
  engine = openEngine();
  await engine.connectors.create({ name: 'Shop', url: 'http://127.0.0.1:9/hook', token: 'token-1234567890' });
});

afterEach(async () => {
  await engine.shutdown(0);
  cleanup();
});

/** The watch events the engine emits, and a way to wait for the next file handled. */
function watchEvents(of: Engine) {
  const seen: Array<Extract<EngineEvent, { type: 'watch' }>> = [];
  const waiting: Array<(w: WatchView) => void> = [];
  of.onEvent((event) => {
    if (event.type !== 'watch') return;
    seen.push(event);
    waiting.shift()?.(event.watch);
  });
  return { seen, next: () => new Promise<WatchView>((resolve) => waiting.push(resolve)) };
}

const csv = (ids: string[], name = 'Ann') => ['customerid,firstName', ...ids.map((id) => `${id},${name}`)].join('\n') + '\n';
const importsOf = (e: Engine) => (e.db.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n;
const desired = (e: Engine) =>
  Object.fromEntries((e.db.prepare('SELECT customer_id AS id, params FROM desired_state ORDER BY customer_id').all() as Array<{ id: string; params: string }>).map((r) => [r.id, JSON.parse(r.params)[0].value]));

describe('a watched folder', () => {
  it('imports a file written slowly in pieces once, after it is complete', async () => {
    engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: folder, pattern: 'members-*.csv' });
    engine.watches.start();
    const events = watchEvents(engine);
    const file = join(folder, 'members-2026-03-10.csv');
    const handled = events.next();
    writeFileSync(file, 'customerid,firstName\n');
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      await sleep(SETTLE_MS / 3);
      appendFileSync(file, `${id},Ann\n`);
    }
    const watch = await handled;
    expect(watch.last).toMatchObject({ path: file, result: 'imported', message: '4 rows read, 0 rejected; pending NEW 4, MODIFIED 0, REMOVED 0' });
    await sleep(QUIET_MS);
    expect(events.seen).toHaveLength(1);
    expect(importsOf(engine)).toBe(1);
    expect(Object.keys(desired(engine))).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('imports a replaced file again, also one renamed into place, with the options stored with the watch', async () => {
    engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: folder, pattern: '*.csv', columns: ['firstName'] });
    engine.watches.start();
    const events = watchEvents(engine);
    const file = join(folder, 'members.csv');
    let handled = events.next();
    writeFileSync(file, csv(['c1', 'c2']));
    await handled;
    handled = events.next();
    writeFileSync(join(folder, 'members.tmp'), csv(['c2', 'c3'], 'Bea'));
    renameSync(join(folder, 'members.tmp'), file);
    expect((await handled).last).toMatchObject({ result: 'imported', message: '2 rows read, 0 rejected; pending NEW 2, MODIFIED 0, REMOVED 0' });
    expect(desired(engine)).toEqual({ c2: 'Bea', c3: 'Bea' });
    expect(importsOf(engine)).toBe(2);
  });

  it('leaves alone files that were there before the watch and files that do not match its pattern', async () => {
    writeFileSync(join(folder, 'members-old.csv'), csv(['old']));
    engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: folder, pattern: 'members-*.csv' });
    engine.watches.start();
    const events = watchEvents(engine);
    writeFileSync(join(folder, 'notes.txt'), 'not an export');
    writeFileSync(join(folder, 'other-1.csv'), csv(['x']));
    await sleep(QUIET_MS);
    expect(events.seen).toHaveLength(0);
    expect(importsOf(engine)).toBe(0);
  });

  it('does not import an unchanged file again after a restart, and imports one that changed while it was stopped', async () => {
    engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: folder });
    engine.watches.start();
    const first = watchEvents(engine);
    const handled = first.next();
    writeFileSync(join(folder, 'a.csv'), csv(['c1']));
    writeFileSync(join(folder, 'b.csv'), csv(['c2']));
    await handled;
    await first.next();
    await engine.shutdown(0);

    engine = openEngine();
    let events = watchEvents(engine);
    engine.watches.start();
    await sleep(QUIET_MS);
    expect(events.seen).toHaveLength(0);
    expect(importsOf(engine)).toBe(2);
    await engine.shutdown(0);

    writeFileSync(join(folder, 'b.csv'), csv(['c2', 'c3']));
    engine = openEngine();
    events = watchEvents(engine);
    const changed = events.next();
    engine.watches.start();
    expect((await changed).last).toMatchObject({ path: join(folder, 'b.csv'), result: 'imported' });
    await sleep(QUIET_MS);
    expect(events.seen).toHaveLength(1);
    expect(importsOf(engine)).toBe(3);
  });

  it('turns a refused import into a watch event with the reason; nothing is staged, so nothing is sent', async () => {
    engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: join(folder, 'nightly.csv') });
    engine.watches.start();
    const events = watchEvents(engine);
    let handled = events.next();
    writeFileSync(join(folder, 'nightly.csv'), csv(['c1', 'c2']));
    await handled;
    handled = events.next();
    writeFileSync(join(folder, 'nightly.csv'), 'customerid,firstName\n');
    const refused = await handled;
    expect(refused.last).toMatchObject({ result: 'refused' });
    expect(refused.last!.message).toMatch(/has a header but no data rows; nothing was imported/);
    expect(desired(engine)).toEqual({ c1: 'Ann', c2: 'Ann' });
    const pending = engine.db.prepare('SELECT status, count(*) AS n FROM pending GROUP BY status').all();
    expect(pending).toEqual([{ status: 'NEW', n: 2 }]);
    expect(engine.watches.list()[0].last).toMatchObject({ result: 'refused' });
  });
});

describe('adding and removing watches', () => {
  it('says clearly what is wrong with a watch it cannot add', () => {
    expect(() => engine.watches.add({ connector: 'Shop', segment: 'S', path: join(dir, 'nope', 'x.csv') })).toThrow(/Neither .*x\.csv nor its folder .*nope exists/);
    writeFileSync(join(folder, 'one.csv'), csv(['c1']));
    expect(() => engine.watches.add({ connector: 'Shop', segment: 'S', path: join(folder, 'one.csv'), pattern: '*.csv' })).toThrow(/--pattern is for a folder/);
    engine.watches.add({ connector: 'Shop', segment: 'S', path: folder });
    expect(() => engine.watches.add({ connector: 'Shop', segment: 'S', path: folder })).toThrow(/Shop \/ S is watched already \(watch \d+/);
    expect(() => engine.watches.add({ connector: 'Nope', segment: 'S', path: folder })).toThrow(/There is no connector named "Nope"/);
  });

  it('removes a watch by id or by its segment, and a running service stops watching it', async () => {
    engine.watches.start();
    const a = engine.watches.add({ connector: 'Shop', segment: 'A', path: folder, pattern: 'a*.csv' });
    engine.watches.add({ connector: 'Shop', segment: 'B', path: folder, pattern: 'b*.csv' });
    expect(engine.watches.remove({ id: a.id }).segment).toBe('A');
    expect(engine.watches.remove({ connector: 'Shop', segment: 'B' }).segment).toBe('B');
    expect(() => engine.watches.remove({ id: a.id })).toThrow(`There is no watch ${a.id}.`);
    const events = watchEvents(engine);
    writeFileSync(join(folder, 'a1.csv'), csv(['c1']));
    await sleep(QUIET_MS);
    expect(events.seen).toHaveLength(0);
  });
});
