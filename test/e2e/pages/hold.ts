import { expect, type Locator, type Page } from '@playwright/test';

/** "Hold new changes for review": the checkbox in the connector form, and the held note with its Release button. */
export class HoldForReview {
  constructor(readonly page: Page) {}

  /** In the open connector dialog: opens Advanced settings and sets the checkbox. */
  async set(on: boolean): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    const box = dialog.getByRole('checkbox', { name: 'Hold new changes for review' });
    if (!(await box.isVisible())) await dialog.getByRole('button', { name: /Advanced settings/ }).click();
    // Advanced settings open with an animation: a click while they move can miss, so try again until it holds.
    await expect(async () => {
      await box.setChecked(on, { timeout: 2_000 });
      await expect(box).toBeChecked({ checked: on, timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }

  /** The note a Queue card or the Preview shows while changes wait for a release. */
  note(connector: string): Locator {
    return this.page.getByRole('status', { name: `${connector}: held for review, nothing of this is sent until you release it` });
  }

  async release(connector: string): Promise<void> {
    await this.page.getByRole('button', { name: `Release the held changes of ${connector}` }).click();
    await expect(this.note(connector)).toBeHidden();
  }
}
