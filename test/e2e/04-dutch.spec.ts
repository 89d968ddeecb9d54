import { expect, test, type Page } from '@playwright/test';
import { App } from './pages/app';
import { expectAccessible, expectKeyboardReachable } from './pages/axe';
import { FIXTURES } from './support';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DutchScreens, ENGLISH_MARKERS } from './pages/dutch';

/**
 * A Dutch operator with a dark desktop: the browser says nl-NL and prefers dark, so the screens open in Dutch
 * and dark by themselves; every screen passes axe so; numbers are written the Dutch way; and the header switches
 * to English, remembered. Runs after the operator flow (01), so the screens have data.
 */
test.describe.configure({ mode: 'serial' });

const SCREENS = ['Connectoren', 'Importeren', 'Voorbeeld', 'Wachtrij', 'Logboek', 'Traceren'] as const;
let page: Page;
let app: App;

async function go(screen: (typeof SCREENS)[number]): Promise<void> {
  await page.getByRole('navigation', { name: 'Schermen' }).getByRole('link', { name: new RegExp(`^${screen}`) }).click();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nl-NL', colorScheme: 'dark', reducedMotion: 'reduce' });
  page = await context.newPage();
  app = new App(page);
  await page.goto(process.env.CANOPY_CONSOLE_URL!);
  await expect(page.getByRole('navigation', { name: 'Schermen' })).toBeVisible();
});
test.afterAll(async () => page.context().close());

test('opens in Dutch and dark from the browser locale and colour scheme, <html lang="nl">', async () => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByRole('heading', { level: 2, name: 'Connectoren' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nieuwe connector' })).toBeVisible();
});

test('writes numbers the Dutch way: the daily limit of 50000 is 50.000', async () => {
  await go('Wachtrij');
  const card = page.getByRole('article', { name: 'Wachtrij van Brand NL' });
  await expect(card).toContainText('van 50.000');
  await expect(card.getByRole('button', { name: 'Nu versturen: Brand NL' })).toBeVisible();
  await app.screenshot('queue-nl-dark');
});

test("words the engine's outcome in Dutch in the log: the 200 and the 401", async () => {
  await go('Logboek');
  const table = page.getByRole('table', { name: 'Batchpogingen' });
  await expect(table.getByRole('row', { name: /Brand NL HTTP 200 .*Deployteq heeft de batch aangenomen/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Wrong token HTTP 401 .*Authenticatie mislukt/ }).first()).toBeVisible();
});

test("refuses a file that mixes two encodings in Dutch, naming the file and the lines", async () => {
  const dutch = new DutchScreens(page);
  await dutch.go('Importeren');
  await dutch.pickFile(`${FIXTURES}/bad/mixed-encodings.csv`);
  await expect(dutch.fileError).toContainText('"mixed-encodings.csv" regel 3 bevat bytes die geen geldige UTF-8 zijn, terwijl regel 2 UTF-8 is');
  await expect(dutch.fileError).toContainText('Sla het opnieuw op als "CSV UTF-8"');
  await expect(dutch.fileError).not.toContainText(ENGLISH_MARKERS);
});

test('refuses an NDJSON file of which no line is a JSON object in Dutch, the JSON value worded too', async () => {
  const dutch = new DutchScreens(page);
  const file = join(mkdtempSync(join(tmpdir(), 'canopy-e2e-nl-')), 'lijsten.ndjson');
  writeFileSync(file, '[1]\n[2]\n');
  await dutch.go('Importeren');
  await dutch.pickFile(file);
  await expect(dutch.fileError).toContainText('"lijsten.ndjson" regel 1, kolom 1: een array, geen JSON-object; geen enkele regel van het bestand is een JSON-object.');
  await expect(dutch.fileError).not.toContainText(/an array|not a JSON object/);
});

test('says in Dutch why a connector halted by a 401 sends nothing: on the Queue and the Connectors screens', async () => {
  const dutch = new DutchScreens(page);
  await dutch.go('Wachtrij');
  const banner = dutch.queueCard('Wrong token').getByRole('status').filter({ hasText: 'Wrong token is gestopt: er wordt niets verstuurd' });
  await expect(banner).toContainText('401 Authenticatie mislukt (token of gebruiker ongeldig): connector gestopt tot het token is gewijzigd.');
  await expect(banner).not.toContainText(ENGLISH_MARKERS);
  await dutch.go('Connectoren');
  const card = page.getByRole('article', { name: 'Connector Wrong token' }).getByRole('status');
  await expect(card).toContainText('401 Authenticatie mislukt');
  await expect(card).not.toContainText(ENGLISH_MARKERS);
});

test("reads the queue's outlook after an import in Dutch: the halted connector sends nothing, and why", async () => {
  const dutch = new DutchScreens(page);
  const file = join(mkdtempSync(join(tmpdir(), 'canopy-e2e-nl-')), 'klanten.csv');
  writeFileSync(file, ['customer_id,naam', ...Array.from({ length: 1200 }, (_, i) => `NL-${i},Klant ${i}`)].join('\n') + '\n');
  await dutch.go('Importeren');
  await dutch.importInto(file, 'Wrong token', 'Nederlandstalig');
  await expect(dutch.outlook).toContainText('Er wordt niets verstuurd: Wrong token is gestopt (401 Authenticatie mislukt (token of gebruiker ongeldig)');
  await expect(dutch.outlook).toContainText('Geef de connector een nieuw token of endpoint onder Connectoren (of connector edit) om weer te versturen.');
  await expect(dutch.outlook.locator('code')).toHaveText('connector edit');
  await expect(dutch.outlook).not.toContainText(ENGLISH_MARKERS);
  await expect(dutch.outlook).not.toContainText('`');
  await page.getByRole('button', { name: 'Nog een bestand importeren' }).click();
});

test('every screen passes axe in Dutch and dark, and Tab reaches every control', async () => {
  for (const screen of SCREENS) {
    await go(screen);
    if (screen === 'Importeren') {
      await page.getByLabel('Kies een bestand', { exact: true }).setInputFiles(`${FIXTURES}/nl-excel-export.csv`);
      await expect(page.getByRole('region', { name: '1. Het bestand zoals gelezen' })).toBeVisible();
      await page.getByRole('combobox', { name: 'Connector' }).selectOption('Brand NL');
    }
    await expectAccessible(page, `${screen} (nl, dark)`);
    await expectKeyboardReachable(page, `${screen} (nl, dark)`);
    if (screen === 'Logboek') await app.screenshot('log-nl-dark');
    if (screen === 'Importeren') await app.screenshot('import-nl-dark');
  }
});

test('switches to English in the header, and remembers it', async () => {
  await page.getByRole('radiogroup', { name: 'Taal' }).getByText('English').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Connectors/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
