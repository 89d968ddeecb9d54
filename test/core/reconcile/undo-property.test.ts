import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { rebuildMemberState } from '../../../src/main/core/reconcile/member-state';
import { tempDir } from '../../support/temp-db';
import { deliverDesiredState } from '../../support/desired-state';

/**
 * Over random histories of snapshot and delta imports, some delivered (acknowledged) and some not:
 * an import followed by its undo leaves desired, pending and the compact member state exactly as they
 * were before that import.
 */
const KEYS = ['1', '2', '3', '4', '5', '6'];
const rowArb = fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom('a', 'b', 'c'), remove: fc.boolean() });
const importArb = fc.record({ mode: fc.constantFrom('snapshot' as const, 'delta' as const), rows: fc.array(rowArb, { minLength: 1, maxLength: 8 }), deliver: fc.boolean() });

describe('import then undo', () => {
  let dir: string;
  let cleanup: () => void;
  let engine: Engine;
  let api: Handlers;
  let files = 0;
  let segments = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    engine = createEngine({ dataDir: dir });
    api = createHandlers(engine);
    await api['connectors.create']({ name: 'Prop', url: 'http://127.0.0.1:9/hook?token=prop-token-1234' });
  });
  afterAll(async () => {
    await engine.shutdown(0);
    cleanup();
  });

  function fileOf(mode: 'snapshot' | 'delta', rows: Array<{ key: string; value: string; remove: boolean }>): string {
    const file = join(dir, `import-${files++}.csv`);
    const lines = mode === 'delta' ? ['customerId,firstName,action', ...rows.map((r) => `${r.key},${r.value},${r.remove ? 'remove' : 'update'}`)] : ['customerId,firstName', ...rows.map((r) => `${r.key},${r.value}`)];
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  /** What a 2xx for everything pending does: desired becomes delivered. */
  function deliverAll(segmentId: number) {
    deliverDesiredState(engine.db, segmentId);
  }

  const snapshot = (segmentId: number) => ({
    desired: engine.db.prepare('SELECT customer_id, params, params_hash FROM desired_state WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
    pending: engine.db.prepare(`SELECT customer_id, status, (SELECT f.batch_id FROM in_flight f WHERE f.segment_id = p.segment_id AND f.customer_id = p.customer_id) AS batch_id, held_by FROM pending p WHERE segment_id = ? ORDER BY customer_id`).all(segmentId),
    state: engine.db.prepare('SELECT entries, keys, hashes, id_ends, ids FROM segment_state WHERE segment_id = ? ORDER BY chunk').all(segmentId),
  });

  it('leaves desired, pending and the member state as before the import', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(importArb, { maxLength: 4 }), importArb, async (history, last) => {
        const ref = { connector: 'Prop', segment: `S${segments++}` };
        for (const step of history) {
          await api['imports.run']({ file: fileOf(step.mode, step.rows), ...ref, mode: step.mode, allowRemovals: true });
          if (step.deliver) deliverAll(engine.connectors.segments(engine.connectors.get('Prop').id).find((s) => s.name === ref.segment)!.id);
        }
        const segmentId = engine.connectors.ensureSegment(engine.connectors.get('Prop'), ref.segment).id;
        const before = snapshot(segmentId);
        await api['imports.run']({ file: fileOf(last.mode, last.rows), ...ref, mode: last.mode, allowRemovals: true });
        await api['imports.undo']({ ...ref, allowRemovals: true });
        const after = snapshot(segmentId);
        expect(after.desired).toEqual(before.desired);
        expect(after.pending).toEqual(before.pending);
        expect(after.state).toEqual(before.state);
        // The state mirrors desired: the same bytes as one built from desired afresh.
        rebuildMemberState(engine.db, segmentId);
        expect(after.state).toEqual(snapshot(segmentId).state);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
