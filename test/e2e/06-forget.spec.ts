import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { QueueScreen, TraceScreen } from './pages/screens';
import { ForgetProfileDialog } from './pages/forget';
import { sandboxState, sandboxUrl } from './support';

/** A data-subject request from the Trace screen: asked first, naming the segments; REMOVED goes at the flush. */
test.describe.configure({ mode: 'serial' });

const CONNECTOR = 'Privacy NL';
const SEGMENTS = ['Vergeten A', 'Vergeten B'];
const EMAIL = 'wim.vergeten@example.org';
const HASH = createHash('sha256').update(EMAIL).digest('hex');
let page: Page;
let app: App;
let folder: string;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = new App(page);
  await app.open();
  folder = mkdtempSync(join(tmpdir(), 'canopy-e2e-forget-'));
});

test.afterAll(async () => {
  await page.close();
  rmSync(folder, { recursive: true, force: true });
});

test('forgets a profile from the Trace screen after a confirmation naming its segments', async () => {
  const connectors = new ConnectorsScreen(page);
  await app.go('Connectors');
  await connectors.create({ name: CONNECTOR, url: sandboxUrl(), identifier: 'Hashed Email' });
  const file = join(folder, 'leden.csv');
  writeFileSync(file, `email,voornaam\nblijft@example.org,Blijft\n${EMAIL},Wim\n`);
  const imports = new ImportScreen(page);
  const queue = new QueueScreen(page);
  for (const segment of SEGMENTS) {
    await app.go('Import');
    await imports.chooseFile(file);
    await imports.target(CONNECTOR, segment);
    await imports.run();
    await expect(imports.count('New', 2)).toBeVisible();
    await page.getByRole('button', { name: 'Import another file' }).click();
  }
  await app.go('Queue');
  await queue.flush(CONNECTOR);
  expect(Object.keys((await sandboxState()).segments[SEGMENTS[0]])).toContain(HASH);

  const trace = new TraceScreen(page);
  const forget = new ForgetProfileDialog(page);
  await app.go('Trace');
  await trace.find(EMAIL);
  await forget.open();
  await expect(forget.segments).toHaveText(SEGMENTS.map((s) => `${CONNECTOR} / ${s} (REMOVED is sent to Deployteq at the next flush)`));
  await app.screenshot('forget-profile');
  await forget.confirm();
  await expect(forget.outcome).toContainText('2 REMOVED change(s) wait for a flush');
  await expect(trace.memberships.getByRole('row', { name: /REMOVED/ })).toHaveCount(2);

  await app.go('Queue');
  await queue.flush(CONNECTOR);
  const held = (await sandboxState()).segments;
  for (const segment of SEGMENTS) expect(Object.keys(held[segment])).toEqual([createHash('sha256').update('blijft@example.org').digest('hex')]);
  await app.go('Trace');
  await trace.find(EMAIL);
  await expect(page.getByText('Not found')).toBeVisible();
});
