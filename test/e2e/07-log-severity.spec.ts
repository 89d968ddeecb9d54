import { expect, test } from '@playwright/test';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { LogScreen, QueueScreen } from './pages/screens';
import { FIXTURES, sandboxUrl } from './support';

test('a 404 (an endpoint that takes no webhooks) halts the connector, and the log shows it red, as a halt', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  const wrong = new URL(sandboxUrl());
  wrong.pathname = '/app/api/rest/public/v2/project/no-such-receiver';
  await connectors.create({ name: 'Wrong path', url: wrong.toString(), identifier: 'Customer ID' });

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/customer-ids.csv`);
  await imports.target('Wrong path', 'VIP');
  await imports.run();
  await expect(imports.count('New', 5)).toBeVisible();

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await queue.flushButton('Wrong path').click();
  await expect(queue.card('Wrong path').getByLabel('State: halted')).toBeVisible();

  const log = new LogScreen(page);
  await app.go('Log');
  await log.filterConnector('Wrong path');
  await expect(log.row(/Wrong path HTTP 404/)).toHaveCount(1);
  expect(await log.statusColour(/Wrong path HTTP 404/)).toBe('red');
});
