import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserFallbackLine, browserOpener, consoleUrl, installReason, planStart } from '../../scripts/start-lib.mjs';

const ROOT = resolve(__dirname, '../..');

describe('what `npm start` does', () => {
  const env = {};
  it('starts the desktop app when the Electron binary is there', () => {
    expect(planStart({ hasElectron: true, triedInstall: false, argv: [], env })).toBe('electron');
  });

  it("runs Electron's installer once when the binary is missing, then falls back to the browser", () => {
    expect(planStart({ hasElectron: false, triedInstall: false, argv: [], env })).toBe('install');
    expect(planStart({ hasElectron: false, triedInstall: true, argv: [], env })).toBe('browser');
    expect(planStart({ hasElectron: true, triedInstall: true, argv: [], env })).toBe('electron');
  });

  it('does not try to download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and serves the browser on --browser', () => {
    expect(planStart({ hasElectron: false, triedInstall: false, argv: [], env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toBe('browser');
    expect(planStart({ hasElectron: true, triedInstall: false, argv: ['--browser'], env })).toBe('browser');
  });

  it("says in one line why, naming the installer's error without its stack trace", () => {
    const output = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (got/index.js:970:111)\n';
    expect(installReason(output)).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
    const line = browserFallbackLine({ argv: [], env, installOutput: output });
    expect(line).toBe('The Electron binary could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com): serving the same screens in your browser instead.');
    expect(line).not.toContain('\n');
  });

  it('opens the browser only where there is a desktop', () => {
    const url = 'http://127.0.0.1:5000/#secret=abc';
    expect(browserOpener({ platform: 'linux', env: {}, url })).toBeNull();
    expect(browserOpener({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, url })).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserOpener({ platform: 'darwin', env: {}, url })?.command).toBe('open');
    expect(browserOpener({ platform: 'win32', env: {}, url })?.args).toContain(url);
  });
});

/** Waits until the child's output holds the console URL; fails with everything it printed otherwise. */
function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<{ url: string; output: string }> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no console URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      const url = consoleUrl(output);
      if (url) {
        clearTimeout(timer);
        resolveUrl({ url, output });
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing the console URL:\n${output}`)));
  });
}

/** Stops the child and everything it started (npm → sh → node → node): it runs in its own process group. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
}

function electronInstalled(): boolean {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

describe('the screens in the browser, where there is no Electron', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  const start = (command: string, args: string[], env: Record<string, string>) => {
    const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env } });
    cleanup.push(() => stopGroup(child));
    return child;
  };

  it.skipIf(electronInstalled())('`npm start` says in one line that Electron cannot be had and prints the loopback URL with its secret', async () => {
    const child = start('npm', ['start', '--silent'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CANOPY_BATCH_DATA_DIR: temp('canopy-start-') });
    const { url, output } = await waitForUrl(child, 150_000);
    expect(output).toContain('The Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: serving the same screens in your browser instead.');
    const page = await fetch(new URL('/', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  }, 180_000);

  it('`serve` builds the screens when they are missing, then serves them', async () => {
    const staticDir = join(temp('canopy-screens-'), 'renderer');
    const child = start(process.execPath, ['bin/canopy-batch.mjs', '--data-dir', temp('canopy-serve-'), 'serve', '--no-scheduler', '--static-dir', staticDir], {});
    const { url, output } = await waitForUrl(child, 150_000);
    expect(output).toContain(`Building the screens into ${staticDir} (once)`);
    expect(existsSync(join(staticDir, 'index.html'))).toBe(true);
    expect((await fetch(new URL('/', url))).status).toBe(200);
  }, 180_000);
});
