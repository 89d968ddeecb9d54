import { expect, type Locator, type Page } from '@playwright/test';

/** The Payload preview screen. */
export class PreviewScreen {
  constructor(readonly page: Page) {}

  get body(): Locator {
    return this.page.getByLabel('Request body');
  }

  get url(): Locator {
    return this.page.getByLabel('Request URL');
  }

  async show(connector: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Connector' }).selectOption(connector);
    await expect(this.body).toBeVisible();
  }

  async json(): Promise<unknown> {
    return JSON.parse((await this.body.textContent()) ?? 'null');
  }
}

/** The Queue screen. */
export class QueueScreen {
  constructor(readonly page: Page) {}

  card(connector: string): Locator {
    return this.page.getByRole('article', { name: `Queue of ${connector}` });
  }

  /** Its name starts with its visible text, "Flush now" (axe: label-content-name-mismatch). */
  flushButton(connector: string): Locator {
    return this.page.getByRole('button', { name: `Flush now: ${connector}` });
  }

  async flush(connector: string): Promise<void> {
    await this.flushButton(connector).click();
    await expect(this.card(connector).getByRole('status').filter({ hasText: /Flush/ })).toBeVisible();
  }
}

/** The Live log screen. */
export class LogScreen {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Batch attempts' });
  }

  row(name: RegExp): Locator {
    return this.table.getByRole('row', { name });
  }

  /** Types into the search box; the engine answers once typing pauses. */
  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  async filterConnector(connector: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Connector' }).selectOption(connector);
  }

  /** The Mantine colour of a row's status badge ("red", "orange"…): the engine's severity as the operator sees it. */
  async statusColour(name: RegExp): Promise<string | undefined> {
    const style = await this.row(name).locator('.mantine-Badge-root').first().getAttribute('style');
    return /--badge-bg: var\(--mantine-color-(\w+)-/.exec(style ?? '')?.[1];
  }
}

/** The Profile trace screen. */
export class TraceScreen {
  constructor(readonly page: Page) {}

  async find(query: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Email or customer id' }).fill(query);
    await this.page.getByRole('button', { name: 'Find' }).click();
  }

  get memberships(): Locator {
    return this.page.getByRole('table', { name: 'Segment memberships' });
  }

  get batches(): Locator {
    return this.page.getByRole('table', { name: 'Batches that carried this profile' });
  }
}
