import { expect, type Locator, type Page } from '@playwright/test';

/** The Watches screen: watched folders with their last file, and the form that adds one. */
export class WatchesScreen {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Add a watch' });
  }

  row(connector: string, segment: string): Locator {
    return this.page.getByRole('row', { name: `Watch of ${connector} / ${segment}` });
  }

  async add(fields: { connector: string; segment: string; path: string; pattern?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add a watch' }).first().click();
    await this.form.getByRole('textbox', { name: 'Connector' }).click();
    await this.page.getByRole('option', { name: fields.connector }).click();
    await this.form.getByRole('textbox', { name: /^Segment/ }).fill(fields.segment);
    await this.form.getByRole('textbox', { name: /^Folder or file/ }).fill(fields.path);
    if (fields.pattern) await this.form.getByRole('textbox', { name: /^File-name pattern/ }).fill(fields.pattern);
    await this.form.getByRole('button', { name: 'Add watch' }).click();
    await expect(this.form).toBeHidden();
  }

  async remove(segment: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove the watch of ${segment}` }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Remove watch' }).click();
  }
}
