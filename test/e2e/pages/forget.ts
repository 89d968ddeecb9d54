import { expect, type Locator, type Page } from '@playwright/test';

/** "Forget this profile" on the Trace screen: the button, its confirmation naming the segments, the outcome. */
export class ForgetProfileDialog {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Forget this profile?' });
  }

  get segments(): Locator {
    return this.dialog.getByRole('list', { name: 'Segments to forget the profile in' }).getByRole('listitem');
  }

  get outcome(): Locator {
    return this.page.getByRole('status', { name: 'Erasure' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Forget this profile…' }).click();
    await expect(this.dialog).toBeVisible();
  }

  async confirm(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Forget', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }
}
