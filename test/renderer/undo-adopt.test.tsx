// @vitest-environment jsdom
import './setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/client';
import { SegmentHistory } from '../../src/renderer/features/imports/SegmentHistory';
import { AdoptChoice } from '../../src/renderer/features/imports/AdoptChoice';
import { SegmentHistoryButton } from '../../src/renderer/features/imports/SegmentHistoryButton';
import { useConnectors } from '../../src/renderer/stores/connectors';
import { useImports } from '../../src/renderer/stores/imports';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { fixture } from '../support/run-cli';
import { engineApi } from './engine-api';
import { renderUi } from './render';
import { i18n } from '../../src/renderer/i18n';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;
beforeEach(async () => {
  backend = engineApi();
  setApi(backend.api);
  sandbox = await startSandbox({ token: 'undo-ui-token' });
  await backend.api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
});
afterEach(async () => {
  setApi(null);
  backend.close();
  await sandbox.close();
});

describe('Undo in the segment history of an import result', () => {
  it('lists the imports, shows the counts before undoing, and marks the import undone', async () => {
    const { api } = backend;
    await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow' });
    await api['queue.flush']({ connector: 'Shop' });
    const delivered = sandbox.members('WelcomeFlow').size;
    const user = userEvent.setup();
    renderUi(<SegmentHistory connector="Shop" segment="WelcomeFlow" />);

    const history = await screen.findByRole('region', { name: 'Imports of WelcomeFlow' });
    expect(await within(history).findByRole('cell', { name: 'nl-excel-export.csv' })).toBeInTheDocument();
    await user.click(within(history).getByRole('button', { name: 'Undo this import…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo the import of nl-excel-export.csv?' });
    expect(dialog).toHaveTextContent(`${delivered} members leave, 0 come back, 0 get their previous params.`);
    expect(within(dialog).getByLabelText('Pending after the undo')).toHaveTextContent(`0 new, 0 modified, ${delivered} removed (now 0 new, 0 modified, 0 removed)`);
    expect((await api['queue.pending']({}))[0].counts.REMOVED).toBe(0);

    await user.click(within(dialog).getByRole('button', { name: 'Undo the import' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/^Import undone/);
    expect((await api['queue.pending']({}))[0].counts).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: delivered });
    await waitFor(() => expect(within(history).getByText(/^Undone /)).toBeInTheDocument());
    expect(within(history).queryByRole('button', { name: 'Undo this import…' })).toBeNull();
  });
});

describe('Adopt on the Import page', () => {
  it('"Deployteq already holds this segment" shows the counts, then adopts without a request', async () => {
    useImports.setState({ filePath: fixture('nl-excel-export.csv'), choices: { ...useImports.getState().choices, connector: 'Shop', segment: 'Existing' } });
    const user = userEvent.setup();
    renderUi(<AdoptChoice />);

    await user.click(screen.getByRole('checkbox', { name: /Deployteq already holds this segment/ }));
    await user.click(screen.getByRole('button', { name: 'Adopt as delivered…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adopt this file as what Deployteq holds in Existing?' });
    expect(dialog).toHaveTextContent(/^.*7 members become delivered, with no request sent\./);
    await user.click(within(dialog).getByRole('button', { name: 'Adopt' }));
    expect(await screen.findByRole('status')).toHaveTextContent('7 member(s) become delivered without any request');

    await backend.api['queue.flush']({ connector: 'Shop' });
    expect(sandbox.state().requests).toHaveLength(0);
    const again = await backend.api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'Existing' });
    expect(again.pending).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
  });
});

describe('Adopt on a Dutch Import page', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('says what the adoption did clause by clause in Dutch: the members, those dropped, the pending changes gone, the rejected row', async () => {
    const held = join(backend.dir, 'held.csv');
    writeFileSync(held, 'email,naam\nann@example.com,Ann\nbob@example.com,Bob\ncy@example.com,Cy\n');
    await backend.api['imports.run']({ file: held, connector: 'Shop', segment: 'Existing' });
    const file = join(backend.dir, 'deployteq.csv');
    writeFileSync(file, 'email,naam\nann@example.com,Ann\nbob@example.com,Bob\ngeen-adres,Niemand\n');
    useImports.setState({ filePath: file, choices: { ...useImports.getState().choices, connector: 'Shop', segment: 'Existing' } });
    await i18n.changeLanguage('nl');
    const user = userEvent.setup();
    renderUi(<AdoptChoice />);

    await user.click(screen.getByRole('checkbox', { name: /Deployteq heeft dit segment al/ }));
    await user.click(screen.getByRole('button', { name: 'Overnemen als afgeleverd…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Dit bestand overnemen als wat Deployteq heeft in Existing?' });
    await user.click(within(dialog).getByRole('button', { name: 'Overnemen' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'deployteq.csv overnemen als wat Deployteq in Existing heeft: 2 lid/leden worden afgeleverd zonder enig verzoek; ' +
        '1 lid/leden die de app had, staan niet in het bestand en vervallen (er wordt niets verstuurd); 3 wachtende wijziging(en) vervallen; ' +
        '1 regel(s) zijn geweigerd en worden niet overgenomen (een latere import verstuurt ze als nieuw).',
    );
  });
});

describe('Imports… in the Queue', () => {
  it("opens a segment's history, which says when an import was undone and offers no second undo", async () => {
    const { api } = backend;
    await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow' });
    await api['imports.undo']({ connector: 'Shop', segment: 'WelcomeFlow', allowRemovals: true });
    await useConnectors.getState().refresh();
    const user = userEvent.setup();
    renderUi(<SegmentHistoryButton connector="Shop" />);

    await user.click(screen.getByRole('button', { name: 'Imports: the import history of Shop' }));
    await user.click(await screen.findByRole('menuitem', { name: 'WelcomeFlow' }));
    const history = await screen.findByRole('region', { name: 'Imports of WelcomeFlow' });
    expect(await within(history).findByText(/^Undone /, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(history).getByRole('cell', { name: 'nl-excel-export.csv' })).toBeInTheDocument();
    expect(within(history).queryByRole('button', { name: 'Undo this import…' })).toBeNull();
  });
});
