import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, QueueScreen } from './pages/screens';
import { FIXTURES, sandboxState, sandboxUrl } from './support';

test('a connector halted by a wrong token takes the right one in the edit form, and the next flush is answered 200', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  const wrong = new URL(sandboxUrl());
  const rightToken = wrong.searchParams.get('token')!;
  wrong.searchParams.set('token', 'a-wrong-token-for-mending-0000');
  // Hashed Email: an edit that resent the identifier type's default (Customer ID) would be refused, its segment holding profiles.
  await connectors.create({ name: 'Mended', url: wrong.toString(), identifier: 'Hashed Email' });

  const imports = new ImportScreen(page);
  await app.go('Import');
  // The console under test runs without its scheduler (global-setup): the page and the result say so.
  await expect(page.getByText(/No scheduler is running: the import only queues its changes/)).toBeVisible();
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await imports.target('Mended', 'MendedSegment');
  await imports.run();
  await expect(imports.count('New', 7)).toBeVisible();
  await expect(imports.result.getByRole('status')).toContainText('No scheduler is running here: the 7 changes for Mended wait until a flush');

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await queue.flush('Mended');
  await expect(queue.card('Mended').getByLabel('State: halted')).toBeVisible();

  await app.go('Connectors');
  await connectors.openEdit('Mended');
  await connectors.token.fill(rightToken);
  await connectors.saveChanges();
  await expect(connectors.saved('Mended')).toContainText(/The token changed: "Mended" was halted after 40[13] .* and sends again\./);
  await expect(connectors.card('Mended').getByLabel('State: active')).toBeVisible();
  await expect(connectors.card('Mended')).toContainText('HASHED_EMAIL');

  await app.go('Queue');
  await queue.flush('Mended');
  await expect(queue.card('Mended').getByLabel('State: active')).toBeVisible();

  const log = new LogScreen(page);
  await app.go('Log');
  await log.filterConnector('Mended');
  await expect(log.row(/Mended HTTP 200/)).toHaveCount(1);
  expect(Object.keys((await sandboxState()).segments.MendedSegment ?? {})).toHaveLength(7);
});

test('the connector form: every missing field at once, a refused URL keeps its token out of sight, the show/hide button by keyboard', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  await connectors.openNew();
  await connectors.save();
  await expect(connectors.dialog).toContainText('Name is required');
  await expect(connectors.dialog).toContainText('Endpoint URL is required');
  await expect(connectors.dialog).toContainText('A token is required');

  await connectors.pasteUrl('http://deployteq.example.com/data-receiver/1?token=do-not-show-me-4321');
  await expect(connectors.dialog).toContainText('plain http is only accepted for 127.0.0.1 or localhost');
  await expect(connectors.endpoint).toHaveValue('http://deployteq.example.com/data-receiver/1');
  await expect(connectors.token).toHaveAttribute('type', 'password');
  await expect(connectors.token).toHaveValue('do-not-show-me-4321');
  await expect(connectors.dialog).not.toContainText('do-not-show-me-4321');

  await connectors.token.focus();
  await page.keyboard.press('Tab');
  await expect(connectors.tokenToggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(connectors.token).toHaveAttribute('type', 'text');
  await page.keyboard.press('Space');
  await expect(connectors.token).toHaveAttribute('type', 'password');
  await connectors.dialog.getByRole('button', { name: 'Cancel' }).click();
});
