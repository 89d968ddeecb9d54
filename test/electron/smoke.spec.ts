/**
 * Desktop smoke test (Playwright's `_electron`): the built app starts, its window shows the Connectors screen,
 * and the page sees `window.api` with exactly the shared API and no Node.js. It needs the Electron binary, which
 * build machines cannot download (ELECTRON_SKIP_BINARY_DOWNLOAD); there it is skipped and says so.
 * Run: npx playwright test --project electron   (it builds the app first: electron-vite build)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { API_METHODS } from '../../src/shared/api';

const SKIP_MESSAGE = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): skipping the desktop smoke test';

const root = resolve(import.meta.dirname, '../..');

/** The Electron executable `require('electron')` names, or null when the binary was never downloaded. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // node_modules/electron throws when its download was skipped
  }
}

const binary = electronBinary();
if (!binary) console.warn(SKIP_MESSAGE); // the list reporter does not print skip reasons
test.skip(!binary, SKIP_MESSAGE);

test.describe('the desktop app', () => {
  let dataDir: string;

  test.beforeAll(() => {
    test.setTimeout(180_000);
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    // As `npm start` does: better-sqlite3 for Electron into .electron-native/ (node_modules keeps the Node build).
    execFileSync(process.execPath, [join(root, 'scripts/electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  });

  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'canopy-electron-smoke-'));
  });

  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('opens its window on the Connectors screen, with only the typed API in the page', async () => {
    const env = { ...process.env, CANOPY_BATCH_DATA_DIR: dataDir } as Record<string, string>;
    delete env.ELECTRON_RENDERER_URL; // the built screens, not a dev server
    const runsAsRoot = process.getuid?.() === 0; // Chromium refuses its OS sandbox as root (CI containers)
    const app = await electron.launch({
      executablePath: binary!,
      args: [...(runsAsRoot ? ['--no-sandbox'] : []), root],
      cwd: root,
      env,
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle(/Canopy Batch/);
      await expect(window.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible({ timeout: 15_000 });

      const exposed = await window.evaluate(() => {
        const page = globalThis as unknown as { api?: Record<string, unknown>; require?: unknown; process?: unknown };
        return { api: Object.keys(page.api ?? {}).sort(), require: typeof page.require, process: typeof page.process };
      });
      expect(exposed.api).toEqual([...API_METHODS, 'onEvent', 'resolveFile'].sort());
      expect(exposed.require).toBe('undefined');
      expect(exposed.process).toBe('undefined');

      expect(await window.evaluate(() => (globalThis as unknown as { location: { protocol: string } }).location.protocol)).toBe('app:');
      // The preload answers with the envelope, never a thrown Error: the renderer's api client unwraps it.
      expect(await window.evaluate(async () => (globalThis as unknown as { api: { 'connectors.list'(i: object): Promise<unknown> } }).api['connectors.list']({}))).toEqual({ ok: true, value: [] });
      expect(await window.evaluate(async () => (globalThis as unknown as { api: { 'connectors.remove'(i: object): Promise<unknown> } }).api['connectors.remove']({ connector: 'Nope' }))).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
    } finally {
      await app.close();
    }
  });
});
