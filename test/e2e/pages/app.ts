import { expect, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCREENSHOTS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../docs/screenshots');

export type Screen = 'Connectors' | 'Import' | 'Preview' | 'Queue' | 'Log' | 'Trace' | 'Watches' | 'Backups';

/** The shell: open the console with its secret, move between screens, save a screenshot of one. */
export class App {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    const url = process.env.CANOPY_CONSOLE_URL;
    if (!url) throw new Error('CANOPY_CONSOLE_URL is not set: run the tests through playwright.config.ts (global setup).');
    await this.page.goto(url);
    await expect(this.page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  }

  async go(screen: Screen): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: new RegExp(`^${screen}`) }).click();
    // The screen's own heading, in <main>: a drawer closing over it has an h2 of its own.
    await expect(this.page.getByRole('main').getByRole('heading', { level: 2 })).toBeVisible();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.mouse.move(0, 0);
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true, animations: 'disabled' });
  }
}
