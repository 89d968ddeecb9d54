/**
 * Which Chromium the Playwright tests drive, so `npm test` passes on a machine with no system browser.
 * The order, first found wins:
 *   1. CHROMIUM_PATH, when set (it must exist: a wrong path is a mistake to report, not to skip);
 *   2. Playwright's own installed browser (`npx playwright install chromium`);
 *   3. a system Chrome, Chromium or Edge at its usual place for this OS;
 *   4. on Linux x64, @sparticuz/chromium: a headless Chromium inside the npm package, unpacked to /tmp once.
 * The decision is a pure function (chromiumCandidates) so it is tested without any of these installed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ChromiumSource = 'CHROMIUM_PATH' | 'playwright' | 'system' | '@sparticuz/chromium';

export interface ChromiumChoice {
  source: ChromiumSource;
  executablePath: string;
}

export interface MachineFacts {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  /** Where Playwright's own Chromium would be (chromium.executablePath()), installed or not. */
  playwrightPath: string | null;
}

/** Flags both kinds accept: no OS sandbox (CI containers run as root), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The usual install places of Chrome, Chromium and Edge, best first. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'].map(
      (app) => `/Applications/${app}`,
    );
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root));
    const apps = [join('Google', 'Chrome', 'Application', 'chrome.exe'), join('Chromium', 'Application', 'chrome.exe'), join('Microsoft', 'Edge', 'Application', 'msedge.exe')];
    return apps.flatMap((app) => roots.map((root) => join(root, app)));
  }
  return ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'].map((name) => `/usr/bin/${name}`).concat('/snap/bin/chromium');
}

/** The installed candidates in order; '@sparticuz/chromium' last, as a marker (its path exists only once unpacked). */
export function chromiumCandidates(facts: MachineFacts, exists: (path: string) => boolean): Array<{ source: ChromiumSource; executablePath: string | null }> {
  const explicit = facts.env.CHROMIUM_PATH;
  if (explicit) return [{ source: 'CHROMIUM_PATH', executablePath: explicit }];
  const found: Array<{ source: ChromiumSource; executablePath: string | null }> = [];
  if (facts.playwrightPath && exists(facts.playwrightPath)) found.push({ source: 'playwright', executablePath: facts.playwrightPath });
  for (const path of systemBrowserPaths(facts.platform, facts.env)) if (exists(path)) found.push({ source: 'system', executablePath: path });
  if (facts.platform === 'linux' && facts.arch === 'x64') found.push({ source: '@sparticuz/chromium', executablePath: null });
  return found;
}

async function playwrightChromiumPath(): Promise<string | null> {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/** Resolves the Chromium to launch, or throws one sentence saying what to install. */
export async function resolveChromium(env: Record<string, string | undefined> = process.env): Promise<ChromiumChoice> {
  const facts: MachineFacts = { env, platform: process.platform, arch: process.arch, playwrightPath: await playwrightChromiumPath() };
  const [first] = chromiumCandidates(facts, existsSync);
  if (first?.source === 'CHROMIUM_PATH' && !existsSync(first.executablePath!)) {
    throw new Error(`CHROMIUM_PATH names ${first.executablePath}, which does not exist.`);
  }
  if (first?.executablePath) return { source: first.source, executablePath: first.executablePath };
  if (first?.source === '@sparticuz/chromium') {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    return { source: first.source, executablePath: await sparticuz.executablePath() };
  }
  throw new Error(
    'No Chromium found for the Playwright tests: set CHROMIUM_PATH, run `npx playwright install chromium`, or install Chrome, Chromium or Edge.',
  );
}
