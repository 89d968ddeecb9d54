import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { HoldForReview } from './pages/hold';
import { ImportScreen } from './pages/import';
import { LogScreen, QueueScreen } from './pages/screens';
import { FIXTURES, sandboxState, sandboxUrl } from './support';

test('with "Hold new changes for review" on, an import waits in the Queue as held; a flush sends none of it; Release, flush, and the log shows 200', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  const hold = new HoldForReview(page);
  await app.open();
  await connectors.create({ name: 'Reviewed', url: sandboxUrl(), identifier: 'Hashed Email' });
  await connectors.openEdit('Reviewed');
  await hold.set(true);
  await connectors.saveChanges();

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Reviewed', 'ReviewedSegment');
  await imports.run();
  await expect(imports.count('New', 7)).toBeVisible();
  await expect(imports.result.getByRole('status').filter({ hasText: 'held for review' })).toContainText(
    '7 changes for Reviewed are held for review: nothing of them is sent until you release them',
  );

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await expect(hold.note('Reviewed')).toContainText('7 changes held in segment ReviewedSegment.');
  await queue.flush('Reviewed');
  await expect(queue.card('Reviewed').getByRole('status').filter({ hasText: /Flush/ })).toContainText(
    '7 changes in segment ReviewedSegment are held for review: release them first',
  );
  expect((await sandboxState()).segments.ReviewedSegment).toBeUndefined();

  await hold.release('Reviewed');
  await expect(queue.card('Reviewed').getByRole('status').filter({ hasText: 'Released 7 changes of Reviewed' })).toBeVisible();
  await queue.flush('Reviewed');

  const log = new LogScreen(page);
  await app.go('Log');
  await log.filterConnector('Reviewed');
  await expect(log.row(/Reviewed HTTP 200/)).toHaveCount(1);
  expect(Object.keys((await sandboxState()).segments.ReviewedSegment ?? {})).toHaveLength(7);
});

test('the Preview shows what is held and releases it too', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  const hold = new HoldForReview(page);
  await app.open();
  await connectors.openNew();
  await connectors.fill({ name: 'Previewed', url: sandboxUrl(), identifier: 'Hashed Email' });
  await hold.set(true);
  await connectors.save();
  await expect(connectors.dialog).toBeHidden();

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Previewed', 'PreviewedSegment');
  await imports.run();
  await expect(imports.count('New', 7)).toBeVisible();

  await app.go('Preview');
  await page.getByRole('combobox', { name: 'Connector' }).selectOption('Previewed');
  await expect(hold.note('Previewed')).toContainText('7 changes in segment PreviewedSegment are held for review');
  await expect(page.getByLabel('Request body')).toBeHidden();
  await hold.release('Previewed');
  await expect(page.getByRole('status').filter({ hasText: 'Released 7 changes of Previewed' })).toBeVisible();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByLabel('Request body')).toContainText('PreviewedSegment');
});
