import { expect, type Locator, type Page } from '@playwright/test';

/** "Hold new changes for review": the checkbox in the connector form, and the held note with its Release button. */
export class HoldForReview {
  constructor(readonly page: Page) {}

  /** In the open connector dialog: opens Advanced settings and sets the checkbox. */
  async set(on: boolean): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    const box = dialog.getByRole('checkbox', { name: 'Hold new changes for review' });
    if (!(await box.isVisible())) await dialog.getByRole('button', { name: /Advanced settings/ }).click();
    await box.setChecked(on);
    await expect(box).toBeChecked({ checked: on });
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
