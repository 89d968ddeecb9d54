/** Retention as the screens change it (retention.get / retention.set on the handler map every transport calls). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import type { ApiErrorShape } from '../../../src/shared/api';
import { tempDir } from '../../support/temp-db';

const DAY = 24 * 3600_000;
let sandbox: Sandbox;
let folder: ReturnType<typeof tempDir>;
let engine: Engine;
let api: Handlers;
let clock = Date.UTC(2026, 2, 2, 10);

beforeEach(async () => {
  sandbox = await startSandbox({ token: 'retention-token-97531' });
  folder = tempDir('canopy-retention-settings-');
  clock = Date.UTC(2026, 2, 2, 10);
  engine = createEngine({ dataDir: join(folder.dir, 'data'), maintenance: false, now: () => clock });
  api = createHandlers(engine);
  await api['connectors.create']({ name: 'Shop', url: sandbox.url });
  const file = join(folder.dir, 'welcome.csv');
  writeFileSync(file, 'customerId,firstName\n1,An\n2,Bo\n3,Cy\n');
  await api['imports.run']({ file, connector: 'Shop', segment: 'Welcome' });
  await api['queue.flush']({});
});

afterEach(async () => {
  await engine.shutdown(0);
  await sandbox.close();
  folder.cleanup();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('it was not refused'), (error: ApiErrorShape) => error);

describe('retention from the screens', () => {
  it('shows the defaults, and what the next prune would remove as the delivered batch ages', async () => {
    expect(await api['retention.get']({})).toEqual({ bodyDays: 14, eventDays: 180, wouldRemove: { bodies: 0, batches: 0, logEntries: 0, imports: 0 } });
    clock += 15 * DAY;
    expect((await api['retention.get']({})).wouldRemove).toEqual({ bodies: 1, batches: 0, logEntries: 0, imports: 0 });
  });

  it('a change is kept, and what would be removed follows it at once', async () => {
    clock += 15 * DAY;
    const changed = await api['retention.set']({ bodyDays: 7, eventDays: 10 });
    expect(changed).toMatchObject({ bodyDays: 7, eventDays: 10 });
    expect(changed.wouldRemove.bodies).toBe(1);
    expect(changed.wouldRemove.batches).toBe(1);
    expect(changed.wouldRemove.imports).toBe(1);
    expect(changed.wouldRemove.logEntries).toBeGreaterThanOrEqual(1); // the attempt, and whatever else the log said then
    expect(await api['retention.get']({})).toEqual(changed);
  });

  it('refuses days out of bounds, or bodies kept longer than their log, with a sentence, and keeps what was set', async () => {
    await api['retention.set']({ bodyDays: 10, eventDays: 90 });
    const cases: Array<[unknown, string]> = [
      [{ bodyDays: 0, eventDays: 90 }, 'Bodies of delivered batches must be at least 1 day'],
      [{ bodyDays: 10, eventDays: 3651 }, 'The attempt log and imports must be at most 3650 days (ten years)'],
      [{ bodyDays: 1.5, eventDays: 90 }, 'Bodies of delivered batches must be a whole number of days'],
      [{ bodyDays: '14', eventDays: 90 }, 'Bodies of delivered batches must be a whole number of days'],
      [{ bodyDays: 100, eventDays: 90 }, 'Bodies of delivered batches cannot be kept longer than the attempt log they belong to'],
    ];
    for (const [input, message] of cases) {
      const error = await refusal(api['retention.set'](input as never));
      expect(error).toMatchObject({ code: 'invalid-input', message });
    }
    expect(await api['retention.get']({})).toMatchObject({ bodyDays: 10, eventDays: 90 });
  });
});
