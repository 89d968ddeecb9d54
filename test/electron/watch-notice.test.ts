import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/main/core/engine';
import type { EngineEvent } from '../../src/shared/api';
import { notificationFor } from '../../src/main/shell/desktop-messages';
import { tempDir } from '../support/temp-db';

const { dir, cleanup } = tempDir('canopy-watch-notice-');
afterEach(() => cleanup());

describe('the desktop notification for a watched file', () => {
  it('tells the operator a refused file was not imported and that nothing was sent; an imported one needs no notification', async () => {
    const engine = createEngine({ dataDir: join(dir, 'data'), watchSettleMs: 150 });
    try {
      await engine.connectors.create({ name: 'Shop', url: 'http://127.0.0.1:9/hook', token: 'tok-1234567890' });
      mkdirSync(join(dir, 'in'));
      engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: join(dir, 'in', 'nightly.csv') });
      engine.watches.start();
      const events: Array<Extract<EngineEvent, { type: 'watch' }>> = [];
      engine.onEvent((e) => e.type === 'watch' && events.push(e));

      writeFileSync(join(dir, 'in', 'nightly.csv'), 'customerid,firstName\nc1,Ann\n');
      await until(() => events.length === 1);
      expect(notificationFor(events[0])).toBeNull();

      writeFileSync(join(dir, 'in', 'nightly.csv'), 'customerid,firstName\n');
      await until(() => events.length === 2);
      expect(notificationFor(events[1])).toEqual({
        title: 'nightly.csv was not imported into Shop / Nightly',
        body: expect.stringMatching(/has a header but no data rows; nothing was imported\. Nothing was sent\.$/),
      });
    } finally {
      await engine.shutdown(0);
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for the watch event');
    await new Promise((r) => setTimeout(r, 20));
  }
}
