import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { BackupsScreen } from './pages/backups';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { QueueScreen } from './pages/screens';
import { FIXTURES, sandboxUrl } from './support';

test('restore from the Backups screen: the import made after the backup is gone and the Queue is as it was', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await new ConnectorsScreen(page).create({ name: 'Restorable', url: sandboxUrl(), identifier: 'Hashed Email' });
  await app.go('Import');
  const imports = new ImportScreen(page);
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Restorable', 'Kept');
  await imports.run();
  // The history beside the result names the file the operator chose, not the console's upload of it.
  await expect(imports.result.getByRole('cell', { name: 'nl-excel-export.csv', exact: true })).toBeVisible();

  await app.go('Backups');
  const backups = new BackupsScreen(page);
  const backup = await backups.backUpNow();

  await app.go('Import');
  await page.getByRole('button', { name: 'Import another file' }).click();
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Restorable', 'Lost');
  await imports.run();
  await app.go('Queue');
  const queue = new QueueScreen(page);
  await expect(queue.card('Restorable').getByRole('row').filter({ hasText: 'Lost' })).toBeVisible();

  await app.go('Backups');
  await backups.askToRestore(backup);
  // The confirmation says what happens: which backup (its date), what is lost, and what is kept.
  await expect(backups.confirmation).toContainText('Everything since then is lost: imports, deliveries');
  await expect(backups.confirmation).toContainText('The queue is as it was then');
  await expect(backups.confirmation).toContainText('canopy-batch.db.before-restore-');
  await backups.confirmRestore();
  await expect(page.getByRole('status').filter({ hasText: 'The database it replaced is kept as' })).toContainText('canopy-batch.db.before-restore-');
  await app.screenshot('backups-restored');

  await app.go('Queue');
  const card = queue.card('Restorable');
  await expect(card.getByRole('row').filter({ hasText: 'Kept' })).toBeVisible();
  await expect(card.getByRole('row').filter({ hasText: 'Lost' })).toHaveCount(0);
});

test('retention is changed on the Backups screen, refused out of bounds, and kept', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.go('Backups');
  const backups = new BackupsScreen(page);
  await expect(backups.bodyDays).toHaveValue('14');
  await expect(backups.eventDays).toHaveValue('180');
  await expect(backups.nextPrune).toBeVisible();

  await backups.bodyDays.fill('200');
  await expect(backups.retention).toContainText('Bodies cannot be kept longer than the attempt log they belong to');
  await expect(backups.saveRetention).toBeDisabled();
  await backups.eventDays.fill('0');
  await expect(backups.retention).toContainText('A whole number of days from 1 to 3650');

  await backups.bodyDays.fill('7');
  await backups.eventDays.fill('90');
  await backups.saveRetention.click();
  await expect(backups.retention.getByRole('status')).toHaveText('Saved: bodies 7 days, the attempt log and imports 90 days.');

  await page.reload();
  await app.go('Backups');
  await expect(backups.bodyDays).toHaveValue('7');
  await expect(backups.eventDays).toHaveValue('90');

  // Back to the defaults, for the other tests on this data folder.
  await backups.bodyDays.fill('14');
  await backups.eventDays.fill('180');
  await backups.saveRetention.click();
  await expect(backups.retention.getByRole('status')).toContainText('Saved: bodies 14 days');
});
