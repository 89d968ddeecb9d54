import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, QueueScreen } from './pages/screens';
import { FIXTURES, sandboxUrl } from './support';

test('the console takes its secret out of the address bar, and refuses a page opened without it', async ({ page, browser }) => {
  await new App(page).open();
  expect(page.url()).not.toContain('secret');
  const base = process.env.CANOPY_CONSOLE_URL!.replace(/#.*$/, '');
  const stranger = await browser.newPage();
  await stranger.goto(base);
  await expect(stranger.getByRole('alert')).toContainText('No console secret');
  const answer = await stranger.request.post(`${base}api/connectors.list`, { data: {} });
  expect(answer.status()).toBe(401);
  await stranger.close();
});

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
  await queue.flushButton('Wrong token').click();
  const card = queue.card('Wrong token');
  await expect(card.getByRole('status').filter({ hasText: 'Flush finished with problems' })).toBeVisible();
  await expect(card.getByLabel('State: halted')).toBeVisible();
  await expect(card.getByRole('status').filter({ hasText: 'Wrong token is halted: nothing is sent' })).toBeVisible();
  await expect(queue.flushButton('Wrong token')).toBeDisabled();
  await app.screenshot('queue-halted');

  await app.go('Connectors');
  await expect(connectors.card('Wrong token').getByLabel('State: halted')).toBeVisible();
  await expect(connectors.card('Wrong token').getByRole('status')).toContainText('is halted');
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByLabel('1 halted')).toBeVisible();
  await app.screenshot('connectors-halted');

  const log = new LogScreen(page);
  await app.go('Log');
  await log.filterConnector('Wrong token');
  await expect(log.row(/Wrong token HTTP 401/)).toHaveCount(1);

  // Live: the operator resumes and flushes from elsewhere (here: the API); the open log shows the new attempt.
  const console = new URL(process.env.CANOPY_CONSOLE_URL!);
  const secret = new URLSearchParams(console.hash.slice(1)).get('secret')!;
  const call = (method: string, data: unknown) => page.request.post(`${console.origin}/api/${method}`, { data, headers: { 'x-canopy-secret': secret } });
  expect((await call('connectors.resume', { connector: 'Wrong token' })).ok()).toBe(true);
  expect((await call('queue.flush', { connector: 'Wrong token' })).ok()).toBe(true);
  await expect(log.row(/Wrong token HTTP 401/)).toHaveCount(2);
  await log.filterConnector('All connectors');
  await app.screenshot('log-with-401');
});
