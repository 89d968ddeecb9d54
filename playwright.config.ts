import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the screens in Debian's Chromium, against the real `canopy-batch serve` console and
 * the sandbox receiver (both started by test/e2e/global-setup.ts). Never `npx playwright install`.
 */
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
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
