import { expect, type Locator, type Page } from '@playwright/test';

/** Words of the engine's English sentences: none may show on a Dutch screen that words the engine's messages. */
export const ENGLISH_MARKERS = /\b(has bytes|while line|Save it again|Authentication failed|halted until|Nothing is sent|Give it a new token|is halted|changes for)\b/;

/** The Import and Queue screens as a Dutch operator sees them (the browser's locale nl-NL). */
export class DutchScreens {
  constructor(readonly page: Page) {}

  async go(screen: 'Importeren' | 'Wachtrij' | 'Connectoren'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Schermen' }).getByRole('link', { name: new RegExp(`^${screen}`) }).click();
    await expect(this.page.getByRole('main').getByRole('heading', { level: 2, name: screen })).toBeVisible();
  }

  /** The alert that says why a file cannot be imported. */
  get fileError(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Dit bestand kan niet worden geïmporteerd' });
  }

  async pickFile(path: string): Promise<void> {
    await this.page.getByLabel('Kies een bestand', { exact: true }).setInputFiles(path);
  }

  async importInto(path: string, connector: string, segment: string): Promise<void> {
    await this.pickFile(path);
    await expect(this.page.getByRole('region', { name: '1. Het bestand zoals gelezen' })).toBeVisible();
    await this.page.getByRole('combobox', { name: 'Connector' }).selectOption(connector);
    await this.page.getByRole('textbox', { name: /Segment Name/ }).fill(segment);
    await this.page.keyboard.press('Escape');
    await this.page.getByRole('button', { name: /^Importeren in “/ }).click();
    await expect(this.result).toBeVisible();
  }

  get result(): Locator {
    return this.page.getByRole('region', { name: 'Importresultaat' });
  }

  /** What the result says happens next to the pending changes (the outlook). */
  get outlook(): Locator {
    return this.result.getByRole('status').filter({ hasText: 'Wat er nu gebeurt' });
  }

  queueCard(connector: string): Locator {
    return this.page.getByRole('article', { name: `Wachtrij van ${connector}` });
  }
}
