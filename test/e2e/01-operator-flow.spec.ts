import { expect, test, type Page } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, PreviewScreen, QueueScreen, TraceScreen } from './pages/screens';
import { ALICE_HASH, FIXTURES, sandboxState, sandboxUrl } from './support';

/** One operator's day, in order: connector, import, preview, flush, log, trace. */
test.describe.configure({ mode: 'serial' });

const CONNECTOR = 'Brand NL';
const SEGMENT = 'Nieuwsbrief NL';
let page: Page;
let app: App;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = new App(page);
  await app.open();
});

test.afterAll(async () => {
  await page.close();
});

test('creates a connector by pasting the sandbox URL with its token, and sees it split', async () => {
  const connectors = new ConnectorsScreen(page);
  await app.go('Connectors');
  await connectors.openNew();
  await connectors.dialog.getByRole('textbox', { name: /^Name/ }).fill(CONNECTOR);
  await connectors.pasteUrl(sandboxUrl());

  const url = new URL(sandboxUrl());
  const token = url.searchParams.get('token')!;
  url.searchParams.delete('token');
  await expect(connectors.endpoint).toHaveValue(url.toString());
  await expect(connectors.token).toHaveValue(token);
  await expect(connectors.token).toHaveAttribute('type', 'password');
  await expect(connectors.splitNotice).toContainText('the token was moved to the Token field');

  await connectors.chooseIdentifier('Hashed Email');
  await expect(connectors.dialog.getByText('HASHED_EMAIL')).toBeVisible();
  await connectors.dialog.getByRole('button', { name: /Advanced settings/ }).click();
  await expect(connectors.dialog.getByRole('textbox', { name: /^Partner number/ })).toHaveValue('1022');
  await app.screenshot('connector-form');

  await connectors.save();
  await expect(connectors.dialog).toBeHidden();
  const card = connectors.card(CONNECTOR);
  await expect(card.getByLabel('State: active')).toBeVisible();
  await expect(card).toContainText(`••••${token.slice(-4)}`);
  await expect(card).not.toContainText(token);
  await expect(card).toContainText('HASHED_EMAIL · 1022');
  await app.screenshot('connectors');
});

test('imports the Dutch Excel export and shows the Deployteq mapping hints', async () => {
  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
  await expect(page.getByLabel('Encoding: Windows-1252')).toBeVisible();
  await expect(page.getByLabel('Delimiter: semicolon (;)')).toBeVisible();
  await expect(page.getByRole('table', { name: 'First rows' })).toContainText('Renée');

  await imports.target(CONNECTOR, SEGMENT);
  await expect(page.getByRole('combobox', { name: /Identifier column/ })).toHaveValue('E-mailadres');
  await expect(imports.hint('Geslacht').getByRole('table').getByRole('row', { name: 'Vrouw WOMAN' })).toBeVisible();
  await expect(imports.hint('Nieuwsbrief')).toContainText('1 empty value is left out: Deployteq keeps what it has for that customer (never sent as Y)');
  await imports.applyMapping('gender', 'Geslacht');
  await imports.applyMapping('opt-in', 'Nieuwsbrief');
  await app.screenshot('import');

  await imports.run();
  await expect(imports.count('New', 7)).toBeVisible();
  await expect(imports.count('Rejected rows', 2)).toBeVisible();
  await expect(imports.result.getByLabel('Rejects file')).toContainText('.csv');
  await app.screenshot('import-result');
});

test('previews the exact next request, token redacted, valid against the schema', async () => {
  const preview = new PreviewScreen(page);
  await page.getByRole('button', { name: 'Preview the payload' }).click();
  await expect(preview.body).toBeVisible();
  await expect(preview.url).toContainText('token=***');
  await expect(preview.url).not.toContainText(new URL(sandboxUrl()).searchParams.get('token')!);
  await expect(page.getByRole('status').filter({ hasText: 'Valid against the Deployteq payload schema' })).toBeVisible();

  const body = (await preview.json()) as { campaigns: Array<{ segmentName: string; customers: Array<{ customerId: string; r42Status: string; params: Array<{ name: string; value: string }> }> }> };
  expect(body.campaigns).toHaveLength(1);
  expect(body.campaigns[0].segmentName).toBe(SEGMENT);
  expect(body.campaigns[0].customers).toHaveLength(7);
  const alice = body.campaigns[0].customers.find((c) => c.customerId === ALICE_HASH)!;
  expect(alice.r42Status).toBe('NEW');
  expect(alice.params).toContainEqual(expect.objectContaining({ name: 'Geslacht', value: 'WOMAN' }));
  await app.screenshot('preview');
});

test('flushes from the queue, and the sandbox holds the profiles', async () => {
  const queue = new QueueScreen(page);
  await app.go('Queue');
  await expect(queue.card(CONNECTOR).getByLabel(`Pending for ${CONNECTOR}`)).toContainText('Pending: 7');
  await expect(queue.card(CONNECTOR)).toContainText('Requests today');
  await app.screenshot('queue');

  await queue.flush(CONNECTOR);
  await expect(queue.card(CONNECTOR).getByRole('status').filter({ hasText: 'Flushed' })).toContainText('7 profiles delivered');
  await expect(queue.card(CONNECTOR).getByLabel(`Pending for ${CONNECTOR}`)).toContainText('Pending: 0');

  const state = await sandboxState();
  const members = state.segments[SEGMENT];
  expect(Object.keys(members)).toHaveLength(7);
  expect(members[ALICE_HASH]).toContainEqual(expect.objectContaining({ name: 'Geslacht', value: 'WOMAN' }));
});

test('the live log shows the 200 and its details', async () => {
  const log = new LogScreen(page);
  await app.go('Log');
  const row = log.row(new RegExp(`${CONNECTOR} HTTP 200`));
  await expect(row).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Profiles sent and errors over time' })).toBeVisible();
  await app.screenshot('log');

  await row.click();
  const drawer = page.getByRole('dialog', { name: 'Batch attempt' });
  await expect(drawer).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/);
  await app.screenshot('log-detail');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
});

test('searches the log by customer, server-side, and says when nothing matches', async () => {
  const log = new LogScreen(page);
  await app.go('Log');
  await log.search('alice.jansen@example.com');
  await expect(page.getByText('Showing 1 that match “alice.jansen@example.com”')).toBeVisible();
  await expect(log.row(new RegExp(`${CONNECTOR} HTTP 200`))).toBeVisible();

  // A number could occur inside a response body (the text is searched too): a word that cannot.
  await log.search('no-such-attempt');
  await expect(page.getByText('No attempts match “no-such-attempt”')).toBeVisible();
  await expect(log.row(new RegExp(`${CONNECTOR} HTTP`))).toHaveCount(0);

  await log.search('');
  await expect(page.getByText(/^Showing \d+ of \d+ entries$/)).toBeVisible();
});

test('traces one profile through its segment and the batch that carried it', async () => {
  const trace = new TraceScreen(page);
  await app.go('Trace');
  await trace.find('  Alice.Jansen@Example.com ');
  await expect(trace.memberships.getByRole('row', { name: new RegExp(`${CONNECTOR} ${SEGMENT} desired delivered`) })).toBeVisible();
  await expect(trace.batches.getByRole('row')).toHaveCount(2);
  await app.screenshot('trace');
});
