/**
 * The desktop app runs watches in its engine process, where the scheduler runs: main's EngineClient and the
 * engine host on an in-memory port (as in engine-bridge.test.ts), a real engine, a real folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/shared/api';
import { EngineClient } from '../../src/main/bridge/engine-client';
import { runEngineHost } from '../../src/main/bridge/engine-host';
import { createDesktopSecretStore, type StringEncryptor } from '../../src/main/shell/secrets-safe-storage';
import { tempDir } from '../support/temp-db';

const safeStorage: StringEncryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(text, 'utf8'),
  decryptString: (blob) => blob.toString('utf8'),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

const ctx = tempDir('canopy-desktop-watch-');
let client: EngineClient | null = null;
afterEach(async () => {
  await client?.shutdown(5_000);
  ctx.cleanup();
});

describe('watches in the desktop app', () => {
  it('run in the engine process once it starts, and their events reach main', async () => {
    const toEngine: Array<(m: unknown) => void> = [];
    const toMain: Array<(m: unknown) => void> = [];
    const events: EngineEvent[] = [];
    const send = (listeners: Array<(m: unknown) => void>, message: unknown) => {
      const copy = structuredClone(message);
      setImmediate(() => listeners.forEach((listener) => listener(copy)));
    };
    runEngineHost({ postMessage: (m) => send(toMain, m), onMessage: (l) => toEngine.push(l) }, { exit: () => undefined, log: () => undefined });
    client = new EngineClient(
      { postMessage: (m) => send(toEngine, m), onMessage: (l) => toMain.push(l), onExit: () => undefined },
      { dataDir: ctx.dir, secrets: createDesktopSecretStore(ctx.dir, safeStorage, 'linux'), onEvent: (e) => events.push(e), onFatal: () => undefined, log: () => undefined },
    );
    expect(await client.started).toBe(true);
    const folder = join(ctx.dir, 'exports');
    mkdirSync(folder);
    expect(await client.request('connectors.create', { name: 'Shop', url: 'http://127.0.0.1:9/hook', token: 'tok-1234567890' })).toMatchObject({ ok: true });
    expect(await client.request('watches.add', { connector: 'Shop', segment: 'Nightly', path: folder, pattern: '*.csv' })).toMatchObject({ ok: true });

    writeFileSync(join(folder, 'members.csv'), 'customerid,firstName\nc1,Ann\n');
    const deadline = Date.now() + 20_000;
    const imported = () => events.find((e) => e.type === 'watch' && e.watch.last?.result === 'imported');
    while (!imported() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(imported()).toMatchObject({ watch: { connector: 'Shop', segment: 'Nightly', last: { path: join(folder, 'members.csv'), message: '1 rows read, 0 rejected; pending NEW 1, MODIFIED 0, REMOVED 0' } } });
  }, 30_000);
});
