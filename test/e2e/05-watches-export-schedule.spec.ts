import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { QueueScreen } from './pages/screens';
import { WatchesScreen } from './pages/watches';
import { FIXTURES, sandboxState, sandboxUrl } from './support';

/** Operator power: fixed send times read back in words, a watched folder, and what Deployteq holds as CSV. */
test.describe.configure({ mode: 'serial' });

const CONNECTOR = 'Mornings NL';
const SEGMENT = 'Ochtendmail';
let page: Page;
let app: App;
let folder: string;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = new App(page);
  await app.open();
  folder = mkdtempSync(join(tmpdir(), 'canopy-e2e-watch-'));
});

test.afterAll(async () => {
  await page.close();
  rmSync(folder, { recursive: true, force: true });
});

test('the connector form reads a cron expression back in words with the next five send times, and saves it', async () => {
  const connectors = new ConnectorsScreen(page);
  await app.go('Connectors');
  await connectors.openNew();
  await connectors.fill({ name: CONNECTOR, url: sandboxUrl(), identifier: 'Hashed Email' });
  await connectors.dialog.getByRole('button', { name: /Advanced settings/ }).click();
  await connectors.dialog.getByRole('textbox', { name: /^Send times \(cron\)/ }).fill('0 8 * * 1-5');
  const schedule = connectors.dialog.getByRole('group', { name: 'Schedule' });
  await expect(schedule).toContainText('At 08:00, Monday through Friday, Europe/Amsterdam time');
  await expect(schedule.getByRole('listitem')).toHaveCount(5);
  await expect(schedule.getByRole('listitem').first()).toHaveText(/^(Mon|Tue|Wed|Thu|Fri) \d{4}-\d\d-\d\d 08:00$/);
  await schedule.scrollIntoViewIfNeeded();
  await app.screenshot('connector-schedule');
  await connectors.save();
  await expect(connectors.dialog).toBeHidden();
  await expect(connectors.card(CONNECTOR)).toBeVisible();
});

test('adds a watched folder for a segment, shows it waiting for its first file, and removes it after asking', async () => {
  const watches = new WatchesScreen(page);
  await app.go('Watches');
  await watches.add({ connector: CONNECTOR, segment: SEGMENT, path: folder, pattern: 'leden-*.csv' });
  const row = watches.row(CONNECTOR, SEGMENT);
  await expect(row).toContainText(`${folder} (leden-*.csv)`);
  await expect(row).toContainText('No file yet');
  await app.screenshot('watches');
  await watches.remove(SEGMENT);
  await expect(row).toBeHidden();
  await expect(page.getByText('No watched folders yet')).toBeVisible();
});

test('exports what Deployteq holds for a segment from the Queue, equal to what the receiver holds', async () => {
  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target(CONNECTOR, SEGMENT);
  await imports.run();
  await expect(imports.count('New', 7)).toBeVisible();

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await queue.flush(CONNECTOR);
  await page.getByRole('button', { name: `Export delivered: what Deployteq holds for ${CONNECTOR}` }).click();
  await page.getByRole('menuitem', { name: SEGMENT }).click();
  const done = page.getByRole('status').filter({ hasText: /^Exported 7 profiles of Ochtendmail to / });
  await expect(done).toBeVisible();

  const file = (await done.locator('code').textContent())!;
  const exported = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort();
  const held = Object.keys((await sandboxState()).segments[SEGMENT]).sort();
  expect(exported).toEqual(held);
  expect(held).toHaveLength(7);
});
