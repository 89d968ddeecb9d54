import { expect, type Locator, type Page } from '@playwright/test';

/** The Import screen: a file in, the pending changes out. */
export class ImportScreen {
  constructor(readonly page: Page) {}

  hint(column: string): Locator {
    return this.page.getByRole('region', { name: `Mapping hint for ${column}` });
  }

  get result(): Locator {
    return this.page.getByRole('region', { name: 'Import result' });
  }

  async chooseFile(path: string): Promise<void> {
    await this.page.getByLabel('Choose a file', { exact: true }).setInputFiles(path);
    await expect(this.page.getByRole('region', { name: '1. The file as read' })).toBeVisible();
  }

  async target(connector: string, segment: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Connector' }).selectOption(connector);
    await this.page.getByRole('textbox', { name: /Segment Name/ }).fill(segment);
    await this.page.keyboard.press('Escape');
  }

  async applyMapping(kind: string, column: string): Promise<void> {
    const toggle = this.page.getByRole('switch', { name: `Apply ${kind} mapping to ${column}` });
    await toggle.check();
  }

  async run(): Promise<void> {
    await this.page.getByRole('button', { name: /^Import into/ }).click();
    await expect(this.result).toBeVisible();
  }

  count(label: 'New' | 'Modified' | 'Removed' | 'Rejected rows', value: number): Locator {
    return this.result.getByLabel(`${label}: ${value}`);
  }
}

/** The choice for one value a mapping cannot map, in the hint card of its column. */
export function unmappedValueChoice(screen: ImportScreen, column: string, value: string): Locator {
  return screen.hint(column).getByRole('combobox', { name: `Send “${value}” in ${column} as` });
}
