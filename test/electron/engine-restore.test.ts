/**
 * The desktop app restores a backup in its engine process, where the scheduler runs: main's EngineClient and
 * the engine host on an in-memory port (as in engine-watches.test.ts), a real engine, a real data folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

const ctx = tempDir('canopy-desktop-restore-');
let client: EngineClient | null = null;
afterEach(async () => {
  await client?.shutdown(5_000);
  ctx.cleanup();
});

function startDesktopEngine(): EngineClient {
  const toEngine: Array<(m: unknown) => void> = [];
  const toMain: Array<(m: unknown) => void> = [];
  const send = (listeners: Array<(m: unknown) => void>, message: unknown) => {
    const copy = structuredClone(message);
    setImmediate(() => listeners.forEach((listener) => listener(copy)));
  };
  runEngineHost({ postMessage: (m) => send(toMain, m), onMessage: (l) => toEngine.push(l) }, { exit: () => undefined, log: () => undefined });
  return new EngineClient(
    { postMessage: (m) => send(toEngine, m), onMessage: (l) => toMain.push(l), onExit: () => undefined },
    { dataDir: join(ctx.dir, 'data'), secrets: createDesktopSecretStore(ctx.dir, safeStorage, 'linux'), onEvent: () => undefined, onFatal: () => undefined, log: () => undefined },
  );
}

describe('restore in the desktop app', () => {
  it('puts a backup in place in the engine process, whose scheduler runs on after it', async () => {
    client = startDesktopEngine();
    expect(await client.started).toBe(true);
    const file = join(ctx.dir, 'members.csv');
    writeFileSync(file, 'customerId,firstName\nc1,Ann\nc2,Bo\n');
    await client.call('connectors.create', { name: 'Shop', url: 'http://127.0.0.1:9/hook', token: 'tok-1234567890' });
    await client.call('imports.run', { file, connector: 'Shop', segment: 'Kept' });
    const backup = await client.call('backups.create');
    await client.call('imports.run', { file, connector: 'Shop', segment: 'Lost' });

    const restored = await client.call('backups.restore', { name: backup.name });

    expect(restored.restored.name).toBe(backup.name);
    const [shop] = await client.call('connectors.list');
    expect(shop.segments.map((s) => s.name)).toEqual(['Kept']);
    expect((await client.call('app.info')).schedulerRunning).toBe(true);
  }, 30_000);
});
