import { expect, type Locator, type Page } from '@playwright/test';

/** The parts of the screens that keep bad files out and the data folder sound: encoding, rejects, backups. */
export class SafetyScreens {
  constructor(readonly page: Page) {}

  get fileError(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'This file cannot be imported' });
  }

  async chooseFileExpectingRefusal(path: string): Promise<void> {
    await this.page.getByLabel('Choose a file', { exact: true }).setInputFiles(path);
    await expect(this.fileError).toBeVisible();
  }

  async chooseEncoding(name: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Encoding' }).click();
    await this.page.getByRole('option', { name, exact: true }).click();
  }

  get rejects(): Locator {
    return this.page.getByRole('table', { name: 'Rejected rows table' });
  }

  get backups(): Locator {
    return this.page.getByRole('table', { name: 'Backups table' });
  }
}
