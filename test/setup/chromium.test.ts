import { describe, expect, it } from 'vitest';
import { chromiumCandidates, type MachineFacts } from '../support/chromium';

const linux = (env: Record<string, string> = {}, playwrightPath: string | null = '/root/.cache/ms-playwright/chromium/chrome'): MachineFacts => ({
  env,
  platform: 'linux',
  arch: 'x64',
  playwrightPath,
});
const installed = (...paths: string[]) => (path: string) => paths.includes(path);

describe('the Chromium the e2e tests drive', () => {
  it('is CHROMIUM_PATH when set, whatever else is installed', () => {
    const found = chromiumCandidates(linux({ CHROMIUM_PATH: '/opt/my-chrome' }), installed('/usr/bin/chromium'));
    expect(found).toEqual([{ source: 'CHROMIUM_PATH', executablePath: '/opt/my-chrome' }]);
  });

  it("prefers Playwright's own browser, then a system one, then @sparticuz/chromium", () => {
    const found = chromiumCandidates(linux(), installed('/root/.cache/ms-playwright/chromium/chrome', '/usr/bin/google-chrome'));
    expect(found.map((candidate) => candidate.source)).toEqual(['playwright', 'system', '@sparticuz/chromium']);
    expect(found[1].executablePath).toBe('/usr/bin/google-chrome');
  });

  it('falls back to @sparticuz/chromium on a Linux x64 machine with no browser at all', () => {
    expect(chromiumCandidates(linux({}, null), installed())).toEqual([{ source: '@sparticuz/chromium', executablePath: null }]);
  });

  it('finds nothing on a Mac or Linux arm64 machine with no browser (the package is Linux x64 only)', () => {
    expect(chromiumCandidates({ ...linux(), platform: 'darwin' }, installed())).toEqual([]);
    expect(chromiumCandidates({ ...linux(), arch: 'arm64' }, installed())).toEqual([]);
  });

  it('looks for Chrome and Edge where Windows installs them', () => {
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const facts: MachineFacts = { env: { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, platform: 'win32', arch: 'x64', playwrightPath: null };
    const found = chromiumCandidates(facts, (path) => path.replaceAll('/', '\\') === edge);
    expect(found.map((candidate) => candidate.source)).toEqual(['system']);
  });
});
