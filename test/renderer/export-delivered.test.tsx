// @vitest-environment jsdom
import './setup';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/client';
import { ExportDeliveredButton } from '../../src/renderer/features/queue/ExportDeliveredButton';
import { useConnectors } from '../../src/renderer/stores/connectors';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { fixture } from '../support/run-cli';
import { engineApi } from './engine-api';
import { renderUi } from './render';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;
beforeEach(async () => {
  backend = engineApi();
  setApi(backend.api);
  sandbox = await startSandbox({ token: 'export-ui-token' });
});
afterEach(async () => {
  setApi(null);
  backend.close();
  await sandbox.close();
});

describe('Export delivered in the Queue', () => {
  it('writes the chosen segment’s delivered state to a CSV file and says how many profiles and where', async () => {
    const { api } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
    await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow' });
    await api['queue.flush']({ connector: 'Shop' });
    await useConnectors.getState().refresh();
    const user = userEvent.setup();
    renderUi(<ExportDeliveredButton connector="Shop" />);

    await user.click(screen.getByRole('button', { name: 'Export delivered: what Deployteq holds for Shop' }));
    await user.click(await screen.findByRole('menuitem', { name: 'WelcomeFlow' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(/^Exported 7 profiles of WelcomeFlow to .*\.csv$/);
    const file = status.querySelector('code')!.textContent!;
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(1 + sandbox.members('WelcomeFlow').size);
    for (const id of sandbox.members('WelcomeFlow').keys()) expect(lines.some((l) => l.startsWith(`${id},`))).toBe(true);
  });

  it('is disabled for a connector without segments', async () => {
    await backend.api['connectors.create']({ name: 'Empty', url: sandbox.url });
    await useConnectors.getState().refresh();
    renderUi(<ExportDeliveredButton connector="Empty" />);
    expect(screen.getByRole('button', { name: 'Export delivered: what Deployteq holds for Empty' })).toBeDisabled();
  });
});
