import { expect, type Locator, type Page } from '@playwright/test';

export interface ConnectorFields {
  name: string;
  url: string;
  identifier?: 'Customer ID' | 'Hashed Email';
}

/** The Connectors screen and its New / Edit dialog. */
export class ConnectorsScreen {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  get endpoint() {
    return this.dialog.getByRole('textbox', { name: /^Endpoint/ });
  }

  get token() {
    return this.dialog.getByLabel(/^Token/);
  }

  get splitNotice() {
    return this.dialog.getByRole('status').filter({ hasText: 'Token field' });
  }

  card(name: string): Locator {
    return this.page.getByRole('article', { name: `Connector ${name}` });
  }

  async openNew(): Promise<void> {
    await this.page.getByRole('button', { name: 'New connector' }).click();
    await expect(this.dialog).toBeVisible();
  }

  /** Fills the URL as a paste does: the whole URL at once. */
  async pasteUrl(url: string): Promise<void> {
    await this.endpoint.click();
    await this.endpoint.fill(url);
  }

  async fill({ name, url, identifier }: ConnectorFields): Promise<void> {
    await this.dialog.getByRole('textbox', { name: /^Name/ }).fill(name);
    await this.pasteUrl(url);
    if (identifier) await this.chooseIdentifier(identifier);
  }

  /** Mantine's segmented control hides its radios behind their labels: click the label, check the radio. */
  async chooseIdentifier(identifier: 'Customer ID' | 'Hashed Email'): Promise<void> {
    await this.dialog.getByText(identifier, { exact: true }).click();
    await expect(this.dialog.getByRole('radio', { name: identifier })).toBeChecked();
  }

  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Create connector' }).click();
  }

  get tokenToggle(): Locator {
    return this.dialog.getByRole('button', { name: 'Show or hide the token' });
  }

  /** The note the screen shows after a save, with the engine's notices. */
  saved(name: string): Locator {
    return this.page.getByRole('status').filter({ hasText: `Saved ${name}` });
  }

  async openEdit(name: string): Promise<void> {
    await this.card(name).getByRole('button', { name: `Edit ${name}` }).click();
    await expect(this.dialog).toBeVisible();
  }

  async saveChanges(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async create(fields: ConnectorFields): Promise<void> {
    await this.openNew();
    await this.fill(fields);
    await expect(this.token).not.toHaveValue('');
    await this.save();
    await expect(this.dialog).toBeHidden();
    await expect(this.card(fields.name)).toBeVisible();
  }
}
