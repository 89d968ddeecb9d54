// @vitest-environment jsdom
import './setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/client';
import { WatchesPage } from '../../src/renderer/features/watches/WatchesPage';
import { ConfirmDialog } from '../../src/renderer/components/ConfirmDialog';
import { useConnectors } from '../../src/renderer/stores/connectors';
import { engineApi } from './engine-api';
import { renderUi } from './render';
import { i18n } from '../../src/renderer/i18n';

let backend: ReturnType<typeof engineApi>;
let folder: string;
beforeEach(async () => {
  backend = engineApi({ watchSettleMs: 200 });
  setApi(backend.api);
  folder = join(backend.dir, 'exports');
  mkdirSync(folder);
  await backend.api['connectors.create']({ name: 'Shop', url: 'http://127.0.0.1:9/hook', token: 'tok-1234567890' });
  await useConnectors.getState().refresh();
});
afterEach(() => {
  setApi(null);
  backend.close();
});

function renderPage() {
  renderUi(
    <>
      <WatchesPage />
      <ConfirmDialog />
    </>,
  );
  return userEvent.setup();
}

describe('the Watches panel', () => {
  it('adds a watch, shows the file the engine imported with its result, and removes the watch after asking', async () => {
    const user = renderPage();
    expect(await screen.findByText('No watched folders yet')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Add a watch' })[0]);
    const form = screen.getByRole('form', { name: 'Add a watch' });
    await user.type(within(form).getByLabelText(/^Segment/), 'Nightly');
    await user.type(within(form).getByLabelText(/^Folder or file/), folder);
    await user.type(within(form).getByLabelText(/^File-name pattern/), 'members-*.csv');
    await user.type(within(form).getByLabelText(/^Gender column/), 'Geslacht');
    await user.click(within(form).getByRole('button', { name: 'Add watch' }));

    const row = await screen.findByRole('row', { name: 'Watch of Shop / Nightly' });
    expect(row).toHaveTextContent(`${folder} (members-*.csv)`);
    expect(row).toHaveTextContent('snapshot · gender=Geslacht');
    expect(backend.engine.watches.list()[0].options).toEqual({ mode: 'snapshot', map: { gender: 'Geslacht' } });
    expect(row).toHaveTextContent('No file yet');

    backend.engine.watches.start();
    writeFileSync(join(folder, 'members-1.csv'), 'customerid,firstName,Geslacht\nc1,Ann,Vrouw\nc2,Bea,V\n');
    await waitFor(() => expect(screen.getByRole('row', { name: 'Watch of Shop / Nightly' })).toHaveTextContent('imported'), { timeout: 5000 });
    expect(screen.getByRole('row', { name: 'Watch of Shop / Nightly' })).toHaveTextContent('2 rows read, 0 rejected; pending NEW 2, MODIFIED 0, REMOVED 0');
    const genders = backend.engine.db.prepare("SELECT j.value ->> '$.value' AS v FROM desired_state, json_each(params) j WHERE j.value ->> '$.name' = 'Geslacht'").all();
    expect(genders).toEqual([{ v: 'WOMAN' }, { v: 'WOMAN' }]);

    await user.click(screen.getByRole('button', { name: 'Remove the watch of Nightly' }));
    expect(await screen.findByText(/will no longer be imported into Shop \/ Nightly/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove watch' }));
    expect(await screen.findByText('No watched folders yet')).toBeInTheDocument();
    expect(backend.engine.watches.list()).toEqual([]);
  });

  it('says why the engine refused a watch, and adds nothing', async () => {
    const user = renderPage();
    await user.click((await screen.findAllByRole('button', { name: 'Add a watch' }))[0]);
    const form = screen.getByRole('form', { name: 'Add a watch' });
    await user.type(within(form).getByLabelText(/^Segment/), 'Nightly');
    await user.type(within(form).getByLabelText(/^Folder or file/), join(backend.dir, 'missing', 'x.csv'));
    await user.click(within(form).getByRole('button', { name: 'Add watch' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(/Neither .*x\.csv nor its folder .*missing exists/);
    expect(backend.engine.watches.list()).toEqual([]);
  });
});

describe('the Watches panel in Dutch', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it("words the last file's result in Dutch from its stored code and values; a file handled before keeps its stored text", async () => {
    backend.engine.watches.add({ connector: 'Shop', segment: 'Nightly', path: folder });
    const older = backend.engine.watches.add({ connector: 'Shop', segment: 'Older', path: join(backend.dir, 'older.csv') });
    // A row as a release before migration 012 left it: the English text, no code.
    backend.engine.db
      .prepare("INSERT INTO watch_files (watch_id, path, size, mtime_ms, sha256, result, message, handled_at) VALUES (?, ?, 1, 1, 'x', 'refused', 'Stored English text', 1)")
      .run(older.id, join(backend.dir, 'older.csv'));
    backend.engine.watches.start();
    writeFileSync(join(folder, 'members-1.csv'), 'customerid,firstName\nc1,Ann\nc2,Bea\nc3,\n');
    await waitFor(() => expect(backend.engine.watches.list().find((w) => w.segment === 'Nightly')?.last?.result).toBe('imported'), { timeout: 5000 });
    expect(backend.engine.watches.list().find((w) => w.segment === 'Nightly')!.last).toMatchObject({
      message: '3 rows read, 0 rejected; pending NEW 3, MODIFIED 0, REMOVED 0',
      sentence: { code: 'watchImported', params: { rowsRead: 3, rejected: 0, new: 3, modified: 0, removed: 0 } },
    });

    await i18n.changeLanguage('nl');
    renderPage();
    const nightly = await screen.findByRole('row', { name: 'Bewaking van Shop / Nightly' });
    expect(nightly).toHaveTextContent('geïmporteerd');
    expect(nightly).toHaveTextContent('3 regels gelezen, 0 geweigerd; wachtend NEW 3, MODIFIED 0, REMOVED 0');
    expect(screen.getByRole('row', { name: 'Bewaking van Shop / Older' })).toHaveTextContent('Stored English text');
  });

  it("words the engine's refusal of a watch in Dutch", async () => {
    await i18n.changeLanguage('nl');
    const user = renderPage();
    await user.click((await screen.findAllByRole('button', { name: 'Map bewaken' }))[0]);
    const form = screen.getByRole('form', { name: 'Map bewaken' });
    await user.type(within(form).getByLabelText(/^Segment/), 'Nightly');
    await user.type(within(form).getByLabelText(/^Map of bestand/), join(backend.dir, 'missing', 'x.csv'));
    await user.click(within(form).getByRole('button', { name: 'Bewaking toevoegen' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(/x\.csv bestaat niet, en de map .*missing ook niet\./);
  });
});
