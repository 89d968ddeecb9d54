import { expect, test, type Page } from '@playwright/test';
import { App } from './pages/app';
import { expectAccessible as axeFinds, expectKeyboardReachable } from './pages/axe';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, TraceScreen } from './pages/screens';
import { FIXTURES } from './support';

/**
 * Every screen, in the light and the dark theme, passes axe (no serious or critical finding). Runs after the
 * operator flow (01), so the screens have a connector, an import, a flush and a log to show.
 */
test.describe.configure({ mode: 'serial' });

/** axe finds nothing serious, and Tab reaches every control. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  await axeFinds(page, where);
  await expectKeyboardReachable(page, where);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`the ${scheme} theme`, () => {
    let page: Page;
    let app: App;

    test.beforeAll(async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' }); // axe needs a context; no mid-animation colours
      page = await context.newPage();
      app = new App(page);
      await app.open();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    });
    test.afterAll(async () => page.context().close());

    test('Connectors, and the New connector dialog', async () => {
      await app.go('Connectors');
      await expect(page.getByRole('article').first()).toBeVisible();
      await expectAccessible(page, `Connectors (${scheme})`);
      if (scheme === 'dark') await app.screenshot('connectors-dark');
      const connectors = new ConnectorsScreen(page);
      await connectors.openNew();
      await expectAccessible(page, `New connector dialog (${scheme})`);
      await page.keyboard.press('Escape');
      await expect(connectors.dialog).toBeHidden();
    });

    test('Import, with a file read and its mapping hints', async () => {
      const imports = new ImportScreen(page);
      await app.go('Import');
      await expectAccessible(page, `Import, empty (${scheme})`);
      await imports.chooseFile(`${FIXTURES}/nl-excel-export.csv`);
      await imports.target('Brand NL', 'Nieuwsbrief NL');
      await expect(imports.hint('Geslacht')).toBeVisible();
      await expectAccessible(page, `Import with a file (${scheme})`);
      if (scheme === 'dark') await app.screenshot('import-dark');
    });

    test('Preview', async () => {
      await app.go('Preview');
      await expectAccessible(page, `Preview (${scheme})`);
    });

    test('Queue', async () => {
      await app.go('Queue');
      await expect(page.getByRole('article').first()).toBeVisible();
      await expectAccessible(page, `Queue (${scheme})`);
      if (scheme === 'dark') await app.screenshot('queue-dark');
    });

    test('Log, and one attempt in its drawer', async () => {
      const log = new LogScreen(page);
      await app.go('Log');
      await expect(log.row(/HTTP 200/).first()).toBeVisible();
      await expectAccessible(page, `Log (${scheme})`);
      if (scheme === 'dark') await app.screenshot('log-dark');
      await log.row(/HTTP 200/).first().click();
      await expect(page.getByRole('dialog', { name: 'Batch attempt' })).toBeVisible();
      await expectAccessible(page, `Log drawer (${scheme})`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Batch attempt' })).toBeHidden();
    });

    test('Trace', async () => {
      const trace = new TraceScreen(page);
      await app.go('Trace');
      await trace.find('alice.jansen@example.com');
      await expect(trace.memberships).toBeVisible();
      await expectAccessible(page, `Trace (${scheme})`);
    });
  });
}

test('the theme switch works from the keyboard and is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const app = new App(page);
  await app.open();
  const html = page.locator('html');
  await expect(page.getByRole('radio', { name: 'Auto' })).toBeChecked();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  await page.getByRole('radio', { name: 'Auto' }).focus();
  await page.keyboard.press('ArrowRight'); // Light
  await page.keyboard.press('ArrowRight'); // Dark
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');

  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await context.close();
});
