/**
 * The decisions of scripts/electron-native.mjs as pure functions (tested in test/electron/native-binding.test.ts):
 * where the Electron build of better-sqlite3 lives, whether to build it, and the commands that build it.
 * Plain Node ESM without dependencies: it runs before anything is compiled.
 */
import { dirname, join } from 'node:path';

/** Beside node_modules, one folder per Electron version, so an Electron upgrade builds again and never mixes ABIs. */
export const ELECTRON_NATIVE_DIR = '.electron-native';
export const BINDING_FILE = 'better_sqlite3.node';

export const MISSING_ELECTRON_MESSAGE =
  'The Electron binary is not installed: run `node node_modules/electron/install.js` on a machine with internet access, ' +
  'or use `npm run --silent cli -- serve` to use the screens in a browser.';

/** Where the better-sqlite3 build for `electronVersion` goes (and where the app looks for it in a checkout). */
export function electronNativeBinding(root, electronVersion) {
  return join(root, ELECTRON_NATIVE_DIR, electronVersion, BINDING_FILE);
}

/**
 * What to do: stop when there is no Electron to build for, nothing when this version's build exists, else build.
 * `electronBinary` is what `require('electron')` returned (null when it threw); `exists` is fs.existsSync.
 */
export function planElectronNative({ root, electronBinary, electronVersion, exists }) {
  if (!electronBinary || !electronVersion || !exists(electronBinary)) {
    return { action: 'missing-electron', message: MISSING_ELECTRON_MESSAGE };
  }
  const binding = electronNativeBinding(root, electronVersion);
  return exists(binding) ? { action: 'ready', binding } : { action: 'build', binding };
}

/** Downloads better-sqlite3's own prebuilt binary for this Electron (run inside a copy of the package). */
export function prebuildInstallArgs({ electronVersion, arch, platform }) {
  return ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform];
}

/** Compiles against Electron's headers when there is no prebuilt binary (needs Python 3 and a C++ compiler). */
export function nodeGypArgs({ electronVersion, arch }) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ];
}

/**
 * node-gyp's entry files to try, best first: the one npm names for its scripts, the project's own copy, then the
 * one bundled with the npm that ships beside this Node (lib/node_modules on Unix, node_modules on Windows).
 */
export function nodeGypCandidates({ env, execPath, localNodeGyp }) {
  const nodeDir = dirname(execPath);
  const bundled = ['node-gyp', 'bin', 'node-gyp.js'];
  return [
    env.npm_config_node_gyp,
    localNodeGyp,
    join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', ...bundled),
    join(nodeDir, 'node_modules', 'npm', 'node_modules', ...bundled),
  ].filter((candidate) => typeof candidate === 'string' && candidate.length > 0);
}
