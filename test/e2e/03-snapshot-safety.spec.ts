import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { sandboxUrl } from './support';

/** A customer-id export of `count` members, as a file the operator picks. */
function exportOf(dir: string, name: string, count: number): string {
  const lines = ['customer_id,name,tier', ...Array.from({ length: count }, (_, i) => `K-${i},Name ${i},gold`)];
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('a snapshot that would remove many members asks first, showing the numbers, and removes them only when confirmed', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-e2e-guard-'));
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  const imports = new ImportScreen(page);
  await app.open();
  await connectors.create({ name: 'Guarded', url: sandboxUrl(), identifier: 'Customer ID' });

  await app.go('Import');
  await imports.chooseFile(exportOf(dir, 'all.csv', 100));
  await imports.target('Guarded', 'Loyal');
  await imports.run();
  await expect(imports.count('New', 100)).toBeVisible();

  await page.getByRole('button', { name: 'Import another file' }).click();
  await imports.chooseFile(exportOf(dir, 'truncated.csv', 40));
  await imports.target('Guarded', 'Loyal');
  await page.getByRole('button', { name: /^Import into/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 60 of 100 members?' });
  await expect(dialog).toContainText('This snapshot would remove 60 of the 100 members of Loyal');
  await expect(dialog).toContainText('nothing was changed');
  await dialog.getByRole('button', { name: 'Remove 60 of 100' }).click();
  await expect(imports.result).toBeVisible();
  // Never delivered, so leaving only cancels their NEW: 40 remain to send.
  await expect(imports.count('New', 40)).toBeVisible();
});
