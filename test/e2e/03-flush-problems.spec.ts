import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import { App } from './pages/app';
import { ConnectorsScreen } from './pages/connectors';
import { ImportScreen } from './pages/import';
import { QueueScreen } from './pages/screens';
import { FIXTURES } from './support';

/** A port on 127.0.0.1 that nothing listens on: the receiver is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a flush that delivered nothing because the receiver is down never shows a green "Flushed": it names the reason and the next retry', async ({ page }) => {
  const app = new App(page);
  const connectors = new ConnectorsScreen(page);
  await app.open();
  const url = `http://127.0.0.1:${await closedPort()}/app/api/rest/public/v2/project/datahook/data-receiver/down?token=receiver-down-token-0123`;
  await connectors.create({ name: 'Receiver down', url, identifier: 'Customer ID' });

  const imports = new ImportScreen(page);
  await app.go('Import');
  await imports.chooseFile(`${FIXTURES}/customer-ids.csv`);
  await imports.target('Receiver down', 'Newsletter');
  await imports.run();
  await expect(imports.count('New', 5)).toBeVisible();

  const queue = new QueueScreen(page);
  await app.go('Queue');
  await queue.flush('Receiver down');
  const outcome = queue.card('Receiver down').getByRole('status').filter({ hasText: 'Flush finished with problems: nothing delivered' });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText('0 profiles delivered in 0 requests.');
  await expect(outcome).toContainText(/1 batch not delivered \(Network error: connection refused\); the next attempt is at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+\./);
  await expect(queue.card('Receiver down').getByRole('status').filter({ hasText: /^Flushed/ })).toHaveCount(0);
});
