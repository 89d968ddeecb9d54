#!/usr/bin/env node
/**
 * `npm start`: the desktop app, else the same screens in the browser. Where the Electron binary is missing
 * (npm never runs its install script: allowScripts has `electron: false`), Electron's own installer runs once;
 * then better-sqlite3 is built for Electron (scripts/electron-native.mjs) and electron-vite starts the app.
 * Where Electron cannot be had (offline, a server), one line says so and `canopy-batch serve` serves the screens
 * on loopback (it builds them when missing); the browser opens where there is a desktop.
 * `npm start -- --browser` asks for the browser directly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserFallbackLine, browserOpener, consoleUrl, planStart } from './start-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));
const argv = process.argv.slice(2);

/** `require('electron')` names the binary, and throws when it was never downloaded (a throw is not cached). */
function hasElectron() {
  try {
    const path = requireFromRoot('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

function runElectronInstaller() {
  const installer = join(dirname(requireFromRoot.resolve('electron/package.json')), 'install.js');
  console.log('Downloading the Electron binary (once)…');
  const result = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
}

/** Runs a child with this terminal, passing Ctrl+C / SIGTERM on, and exits with its status. */
function handOver(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

function startDesktop() {
  const native = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  if (native.status !== 0) process.exit(native.status ?? 1);
  handOver(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev']);
}

function openBrowser(url) {
  const opener = browserOpener({ platform: process.platform, env: process.env, url });
  if (!opener) return;
  const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no xdg-open: the address is printed above
  child.unref();
}

function startBrowser(installOutput) {
  console.log(browserFallbackLine({ argv, env: process.env, installOutput }));
  const serve = handOver(process.execPath, [join(root, 'bin', 'canopy-batch.mjs'), 'serve'], { stdio: ['inherit', 'pipe', 'inherit'] });
  let seen = '';
  serve.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (seen === null) return;
    seen += chunk.toString();
    const url = consoleUrl(seen);
    if (url) {
      seen = null;
      openBrowser(url);
    }
  });
}

let plan = planStart({ hasElectron: hasElectron(), triedInstall: false, argv, env: process.env });
let installOutput;
if (plan === 'install') {
  installOutput = runElectronInstaller();
  plan = planStart({ hasElectron: hasElectron(), triedInstall: true, argv, env: process.env });
}
if (plan === 'electron') startDesktop();
else startBrowser(installOutput);
