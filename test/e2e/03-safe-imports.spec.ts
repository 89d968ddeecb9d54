import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { SafetyScreens } from './pages/safety';
import { FIXTURES, sandboxUrl } from './support';

test('a file that mixes two encodings is refused, naming the file and line, until the operator chooses one', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await new ConnectorsScreen(page).create({ name: 'Encodings', url: sandboxUrl(), identifier: 'Hashed Email' });
  await app.go('Import');
  const safety = new SafetyScreens(page);
  await safety.chooseFileExpectingRefusal(`${FIXTURES}/bad/mixed-encodings.csv`);
  // The sentence names the file the operator chose, never the console's upload name.
  await expect(safety.fileError).toContainText('"mixed-encodings.csv" line 3 has bytes that are not valid UTF-8, while line 2 is UTF-8');
  await expect(safety.fileError).not.toContainText('uploads');

  await safety.chooseEncoding('Windows-1252');
  await expect(page.getByRole('region', { name: '1. The file as read' })).toBeVisible();
  const imports = new ImportScreen(page);
  await imports.target('Encodings', 'Mixed');
  await imports.run();
  await expect(imports.count('New', 3)).toBeVisible();
});

test('rejected rows are shown in the result with line, reason and the row, and download as CSV', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await new ConnectorsScreen(page).create({ name: 'Rejects', url: sandboxUrl(), identifier: 'Hashed Email' });
  await app.go('Import');
  const imports = new ImportScreen(page);
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Rejects', 'Dutch');
  await imports.run();
  const safety = new SafetyScreens(page);
  await expect(safety.rejects.getByRole('row')).toHaveCount(3);
  await expect(safety.rejects.getByRole('row').nth(1)).toContainText('8');
  await expect(safety.rejects.getByRole('row').nth(1)).toContainText('empty email');
  await expect(safety.rejects.getByRole('row').nth(2)).toContainText('not-an-email;Fout;Adres;M;ja;01-01-2020;1');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('Dutch-rejected-rows.csv');
  const text = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toContain('9;"not an email address: ""not-an-email""";not-an-email');
});

test('the Backups screen makes a backup now and lists it', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.go('Backups');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status')).toContainText('Backed up to');
  const safety = new SafetyScreens(page);
  await expect(safety.backups.getByRole('row').filter({ hasText: 'canopy-batch-manual-' }).first()).toBeVisible();
});
