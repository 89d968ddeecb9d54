/**
 * Main's EngineClient and the engine process's host, joined by an in-memory port that structured-clones
 * every message as Electron's utility-process port does. The engine, its SQLite file and the secret store
 * are real; only Electron's safeStorage is stood in for (it exists only inside Electron).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/shared/api';
import { EngineClient, ENGINE_STOPPED } from '../../src/main/bridge/engine-client';
import { runEngineHost } from '../../src/main/bridge/engine-host';
import { SAFE_SECRETS_FILE, createDesktopSecretStore, type StringEncryptor } from '../../src/main/shell/secrets-safe-storage';
import { tempDir } from '../support/temp-db';

const TOKEN = 'tok-0123456789abcdefXYZ';
const WEBHOOK = `https://example.invalid/webhook/abc?token=${TOKEN}`;

function fakeSafeStorage(backend: string): StringEncryptor {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (blob) => Buffer.from(blob.map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

/** Starts a host and a client on one in-memory channel; `crash()` ends the "process" without a shutdown. */
function startBridge(dataDir: string, backend = 'gnome_libsecret') {
  const toEngine: Array<(message: unknown) => void> = [];
  const toMain: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(code: number) => void> = [];
  const events: EngineEvent[] = [];
  const fatal: string[] = [];
  let exited = false;
  const send = (listeners: Array<(message: unknown) => void>, message: unknown) => {
    const copy = structuredClone(message);
    setImmediate(() => !exited && listeners.forEach((listener) => listener(copy)));
  };
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    setImmediate(() => exitListeners.forEach((listener) => listener(code)));
  };

  runEngineHost(
    { postMessage: (message) => send(toMain, message), onMessage: (listener) => toEngine.push(listener) },
    { exit: () => exit(0), startScheduler: false, log: () => undefined },
  );
  const client = new EngineClient(
    { postMessage: (message) => send(toEngine, message), onMessage: (listener) => toMain.push(listener), onExit: (listener) => exitListeners.push(listener) },
    {
      dataDir,
      secrets: createDesktopSecretStore(dataDir, fakeSafeStorage(backend), 'linux'),
      onEvent: (event) => events.push(event),
      onFatal: (message) => fatal.push(message),
      log: () => undefined,
    },
  );
  return { client, events, fatal, crash: () => exit(1) };
}

let ctx: ReturnType<typeof tempDir>;
let bridge: ReturnType<typeof startBridge> | null;
beforeEach(() => {
  ctx = tempDir('canopy-bridge-');
  bridge = null;
});
afterEach(async () => {
  await bridge?.client.shutdown(5_000);
  ctx.cleanup();
});

describe('the engine process, reached from main', () => {
  it('starts the engine on the data folder and answers API calls', async () => {
    bridge = startBridge(ctx.dir);
    expect(await bridge.client.started).toBe(true);
    expect(await bridge.client.request('connectors.list', {})).toEqual({ ok: true, value: [] });
  });

  it('keeps the token of a pasted webhook URL only in the safeStorage file, encrypted', async () => {
    bridge = startBridge(ctx.dir);
    const saved = await bridge.client.call('connectors.create', { name: 'Newsletter', url: WEBHOOK });

    expect(saved.connector.endpoint).toBe('https://example.invalid/webhook/abc');
    expect(saved.connector.tokenMasked).not.toContain(TOKEN);
    const [listed] = await bridge.client.call('connectors.list', {});
    expect(listed.name).toBe('Newsletter');
    expect(readFileSync(join(ctx.dir, SAFE_SECRETS_FILE), 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(join(ctx.dir, 'canopy-batch.db')).includes(TOKEN)).toBe(false);
  });

  it('tells the operator, with the saved connector, that Linux basic_text does not protect the token', async () => {
    bridge = startBridge(ctx.dir, 'basic_text');
    const saved = await bridge.client.call('connectors.create', { name: 'Newsletter', url: WEBHOOK });
    expect(saved.notices.join(' ')).toMatch(/not protected by the operating system/);
  });

  it('returns invalid input as an invalid-input error naming the field', async () => {
    bridge = startBridge(ctx.dir);
    const reply = await bridge.client.request('connectors.create', { name: 'Big', url: WEBHOOK, batchSize: 601 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid-input');
      expect(reply.error.issues?.map((i) => i.path)).toContain('batchSize');
    }
  });

  it('answers an unknown method with an error instead of running anything', async () => {
    bridge = startBridge(ctx.dir);
    const reply = await bridge.client.request('constructor' as never, {});
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no API method named constructor/) } });
  });

  it('forwards engine events to main while an import runs', async () => {
    bridge = startBridge(ctx.dir);
    await bridge.client.call('connectors.create', { name: 'Shop', url: WEBHOOK });
    const fixture = resolve('test/fixtures/customer-ids.csv');
    const result = await bridge.client.call('imports.run', { file: fixture, connector: 'Shop', segment: 'Welcome', jobId: 'job-1' });

    expect(result.rowsRead).toBeGreaterThan(0);
    expect(bridge.events.some((e) => e.type === 'import-progress' && e.jobId === 'job-1')).toBe(true);
  });

  it('reports a data folder it cannot open as fatal, and answers requests with that sentence', async () => {
    const notADir = join(ctx.dir, 'file');
    await import('node:fs').then((fs) => fs.writeFileSync(notADir, 'x'));
    bridge = startBridge(notADir);
    expect(await bridge.client.started).toBe(false);
    expect(bridge.fatal).toHaveLength(1);
    const reply = await bridge.client.request('connectors.list', {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toBe(bridge.fatal[0]);
  });

  it('fails waiting requests with a sentence when the engine process stops, and every later one at once', async () => {
    bridge = startBridge(ctx.dir);
    await bridge.client.started;
    const waiting = bridge.client.request('connectors.list', {});
    bridge.crash();
    expect(await waiting).toEqual({ ok: false, error: ENGINE_STOPPED });
    expect(await bridge.client.request('queue.status', {})).toEqual({ ok: false, error: ENGINE_STOPPED });
    expect(bridge.client.running).toBe(false);
  });

  it('closes the engine on shutdown and reports that the process exited', async () => {
    bridge = startBridge(ctx.dir);
    await bridge.client.started;
    expect(await bridge.client.shutdown(5_000)).toBe(true);
    expect(bridge.client.running).toBe(false);
  });
});
