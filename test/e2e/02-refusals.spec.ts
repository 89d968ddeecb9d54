import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, QueueScreen } from './pages/screens';
import { FIXTURES, sandboxUrl } from './support';

test('a bad URL shows what is wrong with it, under the Endpoint field, and nothing is saved', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  await connectors.openNew();
  await connectors.dialog.getByRole('textbox', { name: /^Name/ }).fill('Typo');

  await connectors.endpoint.fill('deployteq webhook');
  await connectors.token.click();
  await expect(connectors.dialog).toContainText('is not a URL: paste the webhook URL Deployteq shows');

  await connectors.endpoint.fill('http://deployteq.example.com/data-receiver/1');
  await connectors.token.fill('some-token-1234567');
  await expect(connectors.dialog).toContainText('plain http is only accepted for 127.0.0.1 or localhost');
  await connectors.save();
  await expect(connectors.dialog).toBeVisible();
  await expect(connectors.endpoint).toHaveAttribute('aria-invalid', 'true');
  await app.screenshot('connector-bad-url');
  await connectors.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(connectors.card('Typo')).toHaveCount(0);
});

test('a 401 (wrong token) halts the connector, and every screen says so', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  const wrong = new URL(sandboxUrl());
  wrong.searchParams.set('token', 'not-the-right-token-0000');
  await connectors.create({ name: 'Wrong token', url: wrong.toString(), identifier: 'Customer ID' });

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/customer-ids.csv`);
  await imports.target('Wrong token', 'VIP');
  await expect(page.getByRole('combobox', { name: /Identifier column/ })).toHaveValue('customer_id');
  await imports.run();
  await expect(imports.count('New', 5)).toBeVisible();

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await page.getByRole('button', { name: 'Flush Wrong token now' }).click();
  const card = queue.card('Wrong token');
  await expect(card.getByRole('status').filter({ hasText: 'Flush finished with problems' })).toBeVisible();
  await expect(card.getByLabel('State: halted')).toBeVisible();
  await expect(card.getByRole('status').filter({ hasText: 'Wrong token is halted: nothing is sent' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Flush Wrong token now' })).toBeDisabled();
  await app.screenshot('queue-halted');

  await app.go('Connectors');
  await expect(connectors.card('Wrong token').getByLabel('State: halted')).toBeVisible();
  await expect(connectors.card('Wrong token').getByRole('status')).toContainText('is halted');
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByLabel('1 halted')).toBeVisible();
  await app.screenshot('connectors-halted');

  const log = new LogScreen(page);
  await app.go('Log');
  await log.filterConnector('Wrong token');
  await expect(log.row(/Wrong token HTTP 401/)).toBeVisible();
});
