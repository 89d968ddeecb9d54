import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './test/support/chromium';

/**
 * End-to-end tests of the screens in Chromium, against the real `canopy-batch serve` console and the sandbox
 * receiver (both started by test/e2e/global-setup.ts). Which Chromium: see test/support/chromium.ts
 * (CHROMIUM_PATH, Playwright's own, a system Chrome/Chromium/Edge, else @sparticuz/chromium on Linux x64).
 */
const chromium = await resolveChromium();
if (!process.env.CANOPY_CHROMIUM_ANNOUNCED) {
  console.log(`Chromium for the e2e tests (${chromium.source}): ${chromium.executablePath}`);
  process.env.CANOPY_CHROMIUM_ANNOUNCED = '1'; // the workers load this file again: say it once
}

export default defineConfig({
  testMatch: '**/*.spec.ts',
  projects: [
    { name: 'console', testDir: 'test/e2e' },
    // The desktop smoke test skips itself, saying so, where the Electron binary is not installed.
    { name: 'electron', testDir: 'test/electron', timeout: 180_000 },
  ],
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    channel: undefined,
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/Amsterdam',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium.executablePath,
      args: CHROMIUM_ARGS,
    },
  },
});
