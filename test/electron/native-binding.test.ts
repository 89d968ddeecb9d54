/**
 * better-sqlite3 for Electron in a checkout: node_modules keeps the Node build (these tests load it), `npm start`'s
 * prestart (scripts/electron-native.mjs) builds an Electron copy into .electron-native/<version>/, and main hands
 * that file to the engine process. The script's decisions are pure (scripts/electron-native-lib.mjs); the one run
 * of the script itself is the machine without the Electron binary, which needs no network.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MISSING_ELECTRON_MESSAGE,
  electronNativeBinding,
  nodeGypArgs,
  nodeGypCandidates,
  planElectronNative,
  prebuildInstallArgs,
} from '../../scripts/electron-native-lib.mjs';
import { FileSecretStore } from '../../src/main/core/secrets/file-secret-store';
import { EngineClient } from '../../src/main/bridge/engine-client';
import { runEngineHost } from '../../src/main/bridge/engine-host';
import { parseMainToEngine } from '../../src/main/bridge/engine-protocol';
import { engineNativeBinding, electronNativeBindingPath } from '../../src/main/shell/native-binding';
import { tempDir } from '../support/temp-db';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/electron-native.mjs');
const VERSION = '38.8.6';
const ELECTRON = '/checkout/node_modules/electron/dist/electron';
const existing = (...paths: string[]) => (path: string) => paths.includes(path);

describe('where the Electron build of better-sqlite3 lives', () => {
  it('is .electron-native/<electron version>/better_sqlite3.node in the checkout, one folder per Electron version', () => {
    expect(electronNativeBinding('/checkout', VERSION)).toBe(join('/checkout', '.electron-native', VERSION, 'better_sqlite3.node'));
    expect(electronNativeBinding('/checkout', '39.0.0')).not.toBe(electronNativeBinding('/checkout', VERSION));
  });

  it('is the file the app looks for, so what prestart builds is what the engine loads', () => {
    expect(electronNativeBindingPath('/checkout', VERSION)).toBe(electronNativeBinding('/checkout', VERSION));
  });
});

describe('prestart (scripts/electron-native.mjs) deciding what to do', () => {
  it('does nothing when this Electron version already has its build', () => {
    const binding = electronNativeBinding('/checkout', VERSION);
    const plan = planElectronNative({ root: '/checkout', electronBinary: ELECTRON, electronVersion: VERSION, exists: existing(ELECTRON, binding) });
    expect(plan).toEqual({ action: 'ready', binding });
  });

  it('builds when there is none for this Electron version, as after an Electron upgrade', () => {
    const older = electronNativeBinding('/checkout', '37.2.0');
    const plan = planElectronNative({ root: '/checkout', electronBinary: ELECTRON, electronVersion: VERSION, exists: existing(ELECTRON, older) });
    expect(plan).toEqual({ action: 'build', binding: electronNativeBinding('/checkout', VERSION) });
  });

  it('stops with one sentence when the Electron binary was never downloaded', () => {
    const missing = { action: 'missing-electron', message: MISSING_ELECTRON_MESSAGE };
    // require('electron') throws without dist/, or names a file that is not there (ELECTRON_OVERRIDE_DIST_PATH).
    expect(planElectronNative({ root: '/checkout', electronBinary: null, electronVersion: VERSION, exists: existing() })).toEqual(missing);
    expect(planElectronNative({ root: '/checkout', electronBinary: ELECTRON, electronVersion: VERSION, exists: existing() })).toEqual(missing);
    expect(planElectronNative({ root: '/checkout', electronBinary: ELECTRON, electronVersion: null, exists: existing(ELECTRON) })).toEqual(missing);
  });

  it('asks prebuild-install for better-sqlite3\'s prebuilt binary for this Electron, platform and architecture', () => {
    expect(prebuildInstallArgs({ electronVersion: VERSION, arch: 'arm64', platform: 'darwin' })).toEqual([
      '--runtime', 'electron', '--target', VERSION, '--arch', 'arm64', '--platform', 'darwin',
    ]);
  });

  it('otherwise compiles a release build against Electron\'s headers with node-gyp', () => {
    expect(nodeGypArgs({ electronVersion: VERSION, arch: 'x64' })).toEqual([
      'rebuild', '--release', `--target=${VERSION}`, '--arch=x64', '--dist-url=https://electronjs.org/headers', '--runtime=electron',
    ]);
  });

  it('uses the node-gyp npm names first, then the project\'s own, then the one bundled with npm beside Node', () => {
    const candidates = nodeGypCandidates({
      env: { npm_config_node_gyp: '/npm/node-gyp.js' },
      execPath: '/opt/node/bin/node',
      localNodeGyp: '/checkout/node_modules/node-gyp/bin/node-gyp.js',
    });
    expect(candidates).toEqual([
      '/npm/node-gyp.js',
      '/checkout/node_modules/node-gyp/bin/node-gyp.js',
      join('/opt/node/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
      join('/opt/node/bin/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    ]);
    expect(nodeGypCandidates({ env: {}, execPath: '/opt/node/bin/node', localNodeGyp: null })).toHaveLength(2);
  });
});

describe('prestart on a machine without the Electron binary', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => (dir = tempDir('canopy-electron-native-')));
  afterEach(() => dir.cleanup());

  it('exits 1 with the sentence that says how to get Electron or use the browser instead', () => {
    // node_modules/electron/index.js names <ELECTRON_OVERRIDE_DIST_PATH>/electron: here a file that does not exist.
    const result = spawnSync(process.execPath, [script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir.dir, 'no-electron-here') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(MISSING_ELECTRON_MESSAGE);
    expect(result.stdout).toBe('');
  });
});

describe('the native binding main hands to the engine', () => {
  const context = { appPath: '/checkout', electronVersion: VERSION };

  it('is the .electron-native build in a checkout that has one', () => {
    const binding = electronNativeBindingPath('/checkout', VERSION);
    expect(engineNativeBinding({ ...context, isPackaged: false, exists: existing(binding) })).toBe(binding);
  });

  it('is none in a checkout without it: the engine then fails with NODE_MODULE_VERSION and the dialog names the fix', () => {
    expect(engineNativeBinding({ ...context, isPackaged: false, exists: existing() })).toBeUndefined();
  });

  it('is none in a packaged app, whose node_modules electron-builder rebuilt for Electron', () => {
    expect(engineNativeBinding({ ...context, isPackaged: true, exists: () => true })).toBeUndefined();
  });

  it('travels in init, where it must be a non-empty path when present', () => {
    const init = { kind: 'init', dataDir: '/data', protectionWarning: null };
    expect(parseMainToEngine({ ...init, nativeBinding: '/checkout/.electron-native/38.8.6/better_sqlite3.node' })).not.toBeNull();
    expect(parseMainToEngine(init)).not.toBeNull();
    expect(parseMainToEngine({ ...init, nativeBinding: '' })).toBeNull();
    expect(parseMainToEngine({ ...init, nativeBinding: 42 })).toBeNull();
  });
});

describe('the engine process loading the binding from init', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => (dir = tempDir('canopy-native-binding-')));
  afterEach(() => dir.cleanup());

  /** Main's client and the engine host on one in-memory channel that structured-clones like the utility process. */
  function startEngine(nativeBinding: string) {
    const toEngine: Array<(message: unknown) => void> = [];
    const toMain: Array<(message: unknown) => void> = [];
    const exitListeners: Array<(code: number) => void> = [];
    const fatal: string[] = [];
    const send = (listeners: Array<(message: unknown) => void>, message: unknown) => {
      const copy = structuredClone(message);
      setImmediate(() => listeners.forEach((listener) => listener(copy)));
    };
    runEngineHost(
      { postMessage: (message) => send(toMain, message), onMessage: (listener) => toEngine.push(listener) },
      { exit: () => setImmediate(() => exitListeners.forEach((listener) => listener(0))), startScheduler: false, log: () => undefined },
    );
    const client = new EngineClient(
      { postMessage: (message) => send(toEngine, message), onMessage: (listener) => toMain.push(listener), onExit: (listener) => exitListeners.push(listener) },
      {
        dataDir: dir.dir,
        secrets: new FileSecretStore(join(dir.dir, 'secrets.json')),
        nativeBinding,
        onEvent: () => undefined,
        onFatal: (message) => fatal.push(message),
        log: () => undefined,
      },
    );
    return { client, fatal };
  }

  it('opens the database with the module main named', async () => {
    // The Node build stands in for the Electron one: these tests run in Node.
    const nodeBuild = createRequire(join(root, 'package.json')).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const { client, fatal } = startEngine(nodeBuild);
    expect(await client.started).toBe(true);
    expect(await client.call('connectors.list', {})).toEqual([]);
    expect(fatal).toEqual([]);
    expect(await client.shutdown(5_000)).toBe(true);
  });

  it('reports a fatal start naming the module when that file cannot be loaded', async () => {
    const missing = join(dir.dir, '.electron-native', VERSION, 'better_sqlite3.node');
    const { client, fatal } = startEngine(missing);
    expect(await client.started).toBe(false);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(missing);
    await client.shutdown(5_000);
  });
});
