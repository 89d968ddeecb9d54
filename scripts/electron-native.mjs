#!/usr/bin/env node
/**
 * `npm start`'s prestart: builds better-sqlite3 for the installed Electron into .electron-native/<version>/,
 * once per Electron version. node_modules/better-sqlite3 stays built for Node (the tests load it), so the build
 * happens in a temporary copy: first better-sqlite3's prebuilt binary for Electron (prebuild-install, a download),
 * else a node-gyp compile against Electron's headers. Main passes the result to the engine process
 * (src/main/shell/native-binding.ts). Packaged apps do not need it: electron-builder rebuilds node_modules itself.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypArgs, nodeGypCandidates, planElectronNative, prebuildInstallArgs } from './electron-native-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));

/** The executable path `require('electron')` names; it throws when the binary download was skipped. */
function electronBinary() {
  try {
    const path = requireFromRoot('electron');
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(requireFromRoot.resolve('electron/package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

function resolveOrNull(request, from = requireFromRoot) {
  try {
    return from.resolve(request);
  } catch {
    return null;
  }
}

/** Runs a Node script quietly; its output is kept to explain a failure. */
function runNode(script, args, cwd) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

function tryPrebuilt(source, packageDir, version) {
  // Resolved from the installed package: the temporary copy has no node_modules around it.
  const prebuildInstall = resolveOrNull('prebuild-install/bin.js', createRequire(join(source, 'package.json')));
  if (!prebuildInstall) return { ok: false, output: 'prebuild-install is not installed.' };
  return runNode(prebuildInstall, prebuildInstallArgs({ electronVersion: version, arch: process.arch, platform: process.platform }), packageDir);
}

function tryCompile(packageDir, version) {
  const candidates = nodeGypCandidates({ env: process.env, execPath: process.execPath, localNodeGyp: resolveOrNull('node-gyp/bin/node-gyp.js') });
  const nodeGyp = candidates.find((candidate) => existsSync(candidate));
  if (!nodeGyp) return { ok: false, output: `node-gyp was not found (looked at ${candidates.join(', ')}).` };
  return runNode(nodeGyp, nodeGypArgs({ electronVersion: version, arch: process.arch }), packageDir);
}

/** The lines of a tool's output that say what went wrong (not node-gyp's stack trace and environment dump). */
function reasons(text, count) {
  const noise = /^gyp ERR! (stack\s+at|System|command|cwd|node -v|node-gyp -v|not ok)/;
  const lines = text.split('\n').filter((line) => /error|warn|ERR!/i.test(line) && !noise.test(line));
  return lines.slice(-count).map((line) => `  ${line.trim()}`).join('\n');
}

function build(version, binding) {
  const source = dirname(requireFromRoot.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'canopy-electron-native-'));
  try {
    const copy = join(work, 'better-sqlite3');
    // Without its build folder: what ends up in build/Release can only be the Electron build.
    cpSync(source, copy, { recursive: true, filter: (path) => relative(source, path) !== 'build' });
    let how = 'downloaded the prebuilt binary';
    const prebuilt = tryPrebuilt(source, copy, version);
    if (!prebuilt.ok) {
      how = 'no prebuilt binary, compiled it with node-gyp';
      const compiled = tryCompile(copy, version);
      if (!compiled.ok) {
        console.error(
          `Could not build better-sqlite3 for Electron ${version}: no prebuilt binary could be downloaded and compiling it failed ` +
            `(both need internet access; compiling also needs Python 3 and a C++ compiler):\n` +
            `${reasons(prebuilt.output, 3)}\n${reasons(compiled.output, 8)}`,
        );
        return false;
      }
    }
    // Copy then rename, so an interrupted copy never passes for a finished build on the next start.
    mkdirSync(dirname(binding), { recursive: true });
    const partial = `${binding}.partial`;
    copyFileSync(join(copy, 'build', 'Release', 'better_sqlite3.node'), partial);
    renameSync(partial, binding);
    console.log(`Done (${how}).`);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const version = electronVersion();
const plan = planElectronNative({ root, electronBinary: electronBinary(), electronVersion: version, exists: existsSync });
if (plan.action === 'missing-electron') {
  console.error(plan.message);
  process.exit(1);
}
if (plan.action === 'build') {
  console.log(`Building better-sqlite3 for Electron ${version} into ${relative(root, dirname(plan.binding))}/ (once per Electron version; node_modules keeps the Node build for the tests)…`);
  if (!build(version, plan.binding)) process.exit(1);
}
