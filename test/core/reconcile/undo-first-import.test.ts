import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { tempDir } from '../../support/temp-db';
import { deliverDesiredState } from '../../support/desired-state';

describe('undo of an import into a segment without members', () => {
  let dir: string;
  let cleanup: () => void;
  let engine: Engine;
  let api: Handlers;
  const ref = { connector: 'First', segment: 'Welcome' };
  const csv = (name: string, rows: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, ['customerId,firstName', ...rows].join('\n') + '\n');
    return file;
  };
  const beforeImageRows = () => engine.db.prepare('SELECT count(*) FROM import_before').pluck().get();
  const pending = () => engine.db.prepare('SELECT customer_id, status FROM pending ORDER BY customer_id').all();

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    engine = createEngine({ dataDir: dir });
    api = createHandlers(engine);
    await api['connectors.create']({ name: 'First', url: 'http://127.0.0.1:9/hook?token=first-token-1234' });
  });
  afterEach(async () => {
    await engine.shutdown(0);
    cleanup();
  });

  it('keeps no row per new member, and undoing it makes every member leave', async () => {
    await api['imports.run']({ file: csv('first.csv', ['1,Ann', '2,Bob', '3,Cy']), ...ref, mode: 'snapshot' });
    expect(beforeImageRows()).toBe(0);

    const plan = await api['imports.undo']({ ...ref, allowRemovals: true });
    expect(plan).toMatchObject({ membersLeave: 3, membersRejoin: 0, paramsRestored: 0, pendingBefore: { NEW: 3 }, pendingAfter: { NEW: 0, MODIFIED: 0, REMOVED: 0 } });
    expect(engine.db.prepare('SELECT count(*) FROM desired_state').pluck().get()).toBe(0);
    expect(pending()).toEqual([]);
  });

  it('gives back the REMOVED waiting for members Deployteq still has, when the empty segment is filled again and that is undone', async () => {
    await api['imports.run']({ file: csv('first.csv', ['1,Ann', '2,Bob']), ...ref, mode: 'snapshot' });
    // Delivered, then a delta removes both: the segment is empty and REMOVED waits for both.
    deliverDesiredState(engine.db);
    const removeBoth = join(dir, 'remove.csv');
    writeFileSync(removeBoth, 'customerId,firstName,action\n1,Ann,remove\n2,Bob,remove\n');
    await api['imports.run']({ file: removeBoth, ...ref, mode: 'delta', allowRemovals: true });
    const emptied = pending();
    expect(emptied).toEqual([
      { customer_id: '1', status: 'REMOVED' },
      { customer_id: '2', status: 'REMOVED' },
    ]);
    // Ann comes back as Deployteq has her (nothing to send for her), Cy is new.
    await api['imports.run']({ file: csv('again.csv', ['1,Ann', '3,Cy']), ...ref, mode: 'snapshot' });
    expect(pending()).toEqual([
      { customer_id: '2', status: 'REMOVED' },
      { customer_id: '3', status: 'NEW' },
    ]);
    expect(beforeImageRows()).toBe(0);

    const plan = await api['imports.undo']({ ...ref, allowRemovals: true });
    expect(plan).toMatchObject({ membersLeave: 2, membersRejoin: 0, paramsRestored: 0 });
    expect(pending()).toEqual(emptied);
  });
});
