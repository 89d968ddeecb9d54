import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../src/main/core/engine';
import type { Handlers } from '../../../src/main/core/handlers';
import type { Sandbox } from '../../../src/main/core/sandbox';
import { engineWithSandbox } from '../../support/engine-with-sandbox';
import { english, englishFormats, joinClauses } from '../../../src/shared/messages';

/** A customer-id export: one row per [id, firstName]. */
function exportOf(dir: string, name: string, rows: Array<[number, string]>): string {
  const file = join(dir, name);
  writeFileSync(file, ['customerId,firstName', ...rows.map(([id, first]) => `${id},${first}`)].join('\n') + '\n');
  return file;
}
const people = (from: number, to: number, first = (i: number) => `Name${i}`): Array<[number, string]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, first(from + i)]);

describe('undo an import, adopt what Deployteq holds', () => {
  let sandbox: Sandbox;
  let dir: string;
  let engine: Engine;
  let api: Handlers;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ sandbox, dir, engine, api, close } = await engineWithSandbox('undo-token-13579'));
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, batchSize: 500 });
  });
  afterEach(() => close());

  const held = () => Object.fromEntries([...sandbox.members('Welcome')].map(([id, params]) => [id, params.find((p) => p.name === 'firstName')?.value]));
  const desired = () =>
    Object.fromEntries(
      (engine.db.prepare("SELECT customer_id AS id, params FROM desired_state WHERE segment_id = (SELECT id FROM segments WHERE name = 'Welcome')").all() as Array<{ id: string; params: string }>).map(
        (r) => [r.id, r.params],
      ),
    );
  const ref = { connector: 'Shop', segment: 'Welcome' };
  const importRows = (name: string, rows: Array<[number, string]>) => api['imports.run']({ file: exportOf(dir, name, rows), ...ref });

  it('before a flush: the import\'s pending changes vanish and desired is as before', async () => {
    await importRows('first.csv', people(1, 10));
    await api['queue.flush']({ connector: 'Shop' });
    const before = desired();
    await importRows('second.csv', [...people(1, 7), ...people(8, 8, () => 'Changed'), ...people(11, 13)]);
    const plan = await api['imports.undo']({ ...ref, dryRun: true });
    expect(plan).toMatchObject({ file: expect.stringContaining('second.csv'), membersLeave: 3, membersRejoin: 2, paramsRestored: 1, pendingBefore: { NEW: 3, MODIFIED: 1, REMOVED: 2 }, pendingAfter: { NEW: 0, MODIFIED: 0, REMOVED: 0 } });
    expect((await api['queue.pending']({})).find((s) => s.segmentName === 'Welcome')?.counts).toEqual({ NEW: 3, MODIFIED: 1, REMOVED: 2 });

    const done = await api['imports.undo'](ref);
    expect(done.pendingAfter).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
    expect(desired()).toEqual(before);
    const requests = sandbox.state().requests.length;
    await api['queue.flush']({ connector: 'Shop' });
    expect(sandbox.state().requests.length).toBe(requests);
    expect(held()).toEqual(Object.fromEntries(people(1, 10).map(([id, first]) => [String(id), first])));
  });

  it('after a flush: the reverse changes are queued, and the receiver ends as the previous import said', async () => {
    await importRows('first.csv', people(1, 10));
    await api['queue.flush']({ connector: 'Shop' });
    const previous = held();
    await importRows('second.csv', [...people(3, 9), ...people(10, 10, () => 'Changed'), ...people(20, 24)]);
    await api['queue.flush']({ connector: 'Shop' });
    expect(Object.keys(held())).toHaveLength(13);

    const done = await api['imports.undo'](ref);
    expect(done).toMatchObject({ membersLeave: 5, membersRejoin: 2, paramsRestored: 1, pendingBefore: { NEW: 0, MODIFIED: 0, REMOVED: 0 }, pendingAfter: { NEW: 2, MODIFIED: 1, REMOVED: 5 } });
    await api['queue.flush']({ connector: 'Shop' });
    expect(held()).toEqual(previous);
    // The state the next import compares with is the restored one: the same first file changes nothing.
    const again = await importRows('first-again.csv', people(1, 10));
    expect(again.pending).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
  });

  it('only the latest import, once: an earlier one or a second undo is refused with a sentence', async () => {
    await importRows('first.csv', people(1, 3));
    await importRows('second.csv', people(1, 4));
    const history = await api['segments.history'](ref);
    expect(history.map((h) => [h.file.split('/').pop(), h.undoable, h.undoneAt])).toEqual([
      ['second.csv', true, null],
      ['first.csv', false, null],
    ]);
    // Only the latest import's before-image is kept (bounded by one import's changes), and none once it is undone.
    const kept = () => engine.db.prepare('SELECT DISTINCT i.file FROM import_before b JOIN imports i ON i.id = b.import_id').pluck().all() as string[];
    expect(kept().map((f) => f.split('/').pop())).toEqual(['second.csv']);
    await api['imports.undo'](ref);
    expect(kept()).toEqual([]);
    await expect(api['imports.undo'](ref)).rejects.toThrow(/already undone; only the most recent import of a segment can be undone/);
    const after = await api['segments.history'](ref);
    expect(after[0]).toMatchObject({ undoable: false, undoneAt: expect.any(Number) });
    await expect(api['imports.undo']({ connector: 'Shop', segment: 'Nope' })).rejects.toThrow('Connector "Shop" has no segment named "Nope".');
  });

  it('respects the mass-removal guard: an undo that empties a segment asks for the removals first', async () => {
    await importRows('big.csv', people(1, 200));
    await expect(api['imports.undo'](ref)).rejects.toThrow(/would remove 200 of the 200 members/);
    expect(Object.keys(desired())).toHaveLength(200);
    const done = await api['imports.undo']({ ...ref, allowRemovals: true });
    expect(done.pendingAfter).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
    expect(desired()).toEqual({});
  });

  it('with "Hold new changes for review", the reverse changes of an undo are held until a release', async () => {
    await api['connectors.create']({ name: 'Review', url: sandbox.url, batchSize: 500, holdForReview: true });
    const review = { connector: 'Review', segment: 'Welcome' };
    await api['imports.run']({ file: exportOf(dir, 'reviewed.csv', people(1, 5)), ...review });
    await api['queue.release']({ connector: 'Review' });
    await api['queue.flush']({ connector: 'Review' });
    expect(sandbox.members('Welcome').size).toBe(5);

    await api['imports.run']({ file: exportOf(dir, 'more.csv', people(1, 6)), ...review });
    await api['queue.release']({ connector: 'Review' });
    await api['queue.flush']({ connector: 'Review' });
    await api['imports.undo'](review);
    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report.batchesSent).toBe(0);
    expect(sandbox.members('Welcome').size).toBe(6);
    expect((await api['queue.pending']({})).find((s) => s.connectorName === 'Review')).toMatchObject({ heldForReview: 1, counts: { REMOVED: 1 } });
    await api['queue.release']({ connector: 'Review' });
    await api['queue.flush']({ connector: 'Review' });
    expect(sandbox.members('Welcome').size).toBe(5);
  });

  it('adopt: no request, and the next import sends only the real differences', async () => {
    const file = exportOf(dir, 'deployteq-holds.csv', people(1, 50));
    const plan = await api['segments.adopt']({ file, ...ref, dryRun: true });
    expect(plan).toMatchObject({ members: 50, membersBefore: 0, dropped: 0, requests: 0 });
    expect(engine.connectors.segments(engine.connectors.get('Shop').id)).toEqual([]);

    const adopted = await api['segments.adopt']({ file, ...ref });
    expect(adopted).toMatchObject({ members: 50, requests: 0 });
    await api['queue.flush']({ connector: 'Shop' });
    expect(sandbox.state().requests).toHaveLength(0);

    const next = await importRows('nightly.csv', [...people(1, 48), ...people(49, 49, () => 'Renamed'), [51, 'New']]);
    expect(next.pending).toEqual({ NEW: 1, MODIFIED: 1, REMOVED: 1 });
    await api['queue.flush']({ connector: 'Shop' });
    expect(sandbox.state().requests).toHaveLength(1);
    expect(sandbox.state().requests[0].customers).toBe(3);
  });

  it('adopt replaces pending changes (nothing is sent for them) and an earlier import can no longer be undone', async () => {
    await importRows('first.csv', people(1, 5));
    const adopted = await api['segments.adopt']({ file: exportOf(dir, 'holds.csv', people(1, 5)), ...ref });
    expect(adopted).toMatchObject({ members: 5, pendingDropped: 5, dropped: 0 });
    await expect(api['imports.undo'](ref)).rejects.toThrow(/changed after its last import/);
  });

  it("adopt says what it did as one message per clause, with the counts; their English, joined, is the result's sentence", async () => {
    await importRows('first.csv', people(1, 5));
    const file = join(dir, 'holds.csv');
    writeFileSync(file, 'customerId,firstName\n1,Ann\n2,Bob\n,Nobody\n');
    const adopted = await api['segments.adopt']({ file, ...ref, allowRemovals: true });
    expect(adopted.sentences).toEqual([
      { code: 'adoptMembers', params: { file, segment: 'Welcome', members: 2 } },
      { code: 'adoptDropped', params: { dropped: 3 } },
      { code: 'adoptPendingDropped', params: { pendingDropped: 5 } },
      { code: 'adoptRejected', params: { rejected: 1 } },
    ]);
    expect(adopted.message).toBe(
      `Adopting ${file} as what Deployteq holds in Welcome: 2 member(s) become delivered without any request; 3 member(s) the app held are not in the file and are dropped (nothing is sent); 5 pending change(s) vanish; 1 row(s) were rejected and are not adopted (a later import sends them as new).`,
    );
    expect(joinClauses(adopted.sentences!.map((m) => english(m, englishFormats())))).toBe(adopted.message);
  });
});
