import { expect, type Locator, type Page } from '@playwright/test';

/** The Backups screen: back up now, restore one (after its confirmation), and the Retention form. */
export class BackupsScreen {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Backups table' });
  }

  /** Makes a backup now; returns its file name as the screen shows it. */
  async backUpNow(): Promise<string> {
    await this.page.getByRole('button', { name: 'Back up now' }).click();
    const status = this.page.getByRole('status').filter({ hasText: 'Backed up to' });
    await expect(status).toBeVisible();
    const path = (await status.locator('code').textContent()) ?? '';
    return path.split(/[/\\]/).pop()!;
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  get confirmation(): Locator {
    return this.page.getByRole('dialog', { name: /^Restore the backup of / });
  }

  /** Clicks Restore on the backup's row; the confirmation opens (not yet confirmed). */
  async askToRestore(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: /^Restore/ }).click();
    await expect(this.confirmation).toBeVisible();
  }

  async confirmRestore(): Promise<void> {
    await this.confirmation.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(this.confirmation).toBeHidden();
    await expect(this.page.getByRole('status').filter({ hasText: 'Restored the backup of' })).toBeVisible();
  }

  get retention(): Locator {
    return this.page.getByRole('region', { name: 'Retention' });
  }

  get bodyDays(): Locator {
    return this.retention.getByRole('textbox', { name: /Bodies of delivered batches/ });
  }

  get eventDays(): Locator {
    return this.retention.getByRole('textbox', { name: /Attempt log, batches and imports/ });
  }

  get saveRetention(): Locator {
    return this.retention.getByRole('button', { name: 'Save retention' });
  }

  get nextPrune(): Locator {
    return this.retention.getByLabel('What the next prune removes');
  }
}
