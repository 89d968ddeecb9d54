// @vitest-environment jsdom
import './setup';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/client';
import { ImportPage } from '../../src/renderer/features/imports/ImportPage';
import { useImports } from '../../src/renderer/stores/imports';
import { engineApi } from './engine-api';
import { renderUi } from './render';

const NL_EXPORT = resolve(__dirname, '../fixtures/nl-excel-export.csv');

let backend: ReturnType<typeof engineApi>;
let fileToRead = NL_EXPORT;
beforeEach(async () => {
  backend = engineApi();
  backend.api.resolveFile = async () => fileToRead;
  setApi(backend.api);
  useImports.setState({ choices: { ...useImports.getState().choices, connector: null } });
  useImports.getState().reset();
  await backend.api['connectors.create']({ name: 'Brand NL', url: 'http://127.0.0.1:9/hook', token: 'token-123456789', identifierType: 'hashed-email' });
});
afterEach(() => {
  setApi(null);
  backend.close();
});

async function dropFile(name: string, idColumn = 'E-mailadres') {
  const user = userEvent.setup();
  renderUi(<ImportPage />);
  await user.upload(screen.getByLabelText('Choose a file'), new File(['(read by the engine from its path)'], name, { type: 'text/csv' }));
  await screen.findByRole('region', { name: '1. The file as read' });
  await user.selectOptions(screen.getByRole('combobox', { name: 'Connector' }), 'Brand NL');
  await waitFor(() => expect(useImports.getState().stage).toBe('configure'));
  expect(screen.getByRole('combobox', { name: /Identifier column/ })).toHaveValue(idColumn);
  return user;
}

describe('import: the file as parsed and the Deployteq mapping hints', () => {
  it('shows the detected delimiter and encoding, and the first rows as parsed', async () => {
    await dropFile('nl-excel-export.csv');
    expect(screen.getByLabelText('Encoding: Windows-1252')).toBeInTheDocument();
    expect(screen.getByLabelText('Delimiter: semicolon (;)')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'First rows' }));
    expect(rows.getByText('Renée')).toBeInTheDocument();
    expect(rows.getByText('Peters; Jr.')).toBeInTheDocument();
  });

  it('shows per column what it detected and the value table it maps to', async () => {
    await dropFile('nl-excel-export.csv');
    const gender = within(screen.getByRole('region', { name: 'Mapping hint for Geslacht' }));
    expect(gender.getByText('gender')).toBeInTheDocument();
    const table = within(gender.getByRole('table', { name: 'Value table for Geslacht' }));
    expect(table.getByRole('row', { name: 'Vrouw WOMAN' })).toBeInTheDocument();
    expect(table.getByRole('row', { name: 'Familie FAMILY' })).toBeInTheDocument();

    const optin = within(screen.getByRole('region', { name: 'Mapping hint for Nieuwsbrief' }));
    expect(optin.getByText('opt-in')).toBeInTheDocument();
    expect(optin.getByText(/1 empty value is left out: Deployteq keeps what it has for that customer \(never sent as Y\)/)).toBeInTheDocument();
  });

  it('lists the values it cannot map, with how often each occurs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-ui-file-'));
    fileToRead = join(dir, 'odd-values.csv');
    writeFileSync(fileToRead, 'email;Geslacht\na@example.com;Vrouw\nb@example.com;zeg ik niet\nc@example.com;zeg ik niet\nd@example.com;Man\n');
    try {
      await dropFile('odd-values.csv', 'email');
      const hint = within(screen.getByRole('region', { name: 'Mapping hint for Geslacht' }));
      expect(hint.getByText(/"zeg ik niet" × 2/)).toBeInTheDocument();
    } finally {
      fileToRead = NL_EXPORT;
    }
  });

  it('applies a mapping only when the operator switches it on, and imports with it', async () => {
    const user = await dropFile('nl-excel-export.csv');
    const toggle = screen.getByRole('switch', { name: 'Apply gender mapping to Geslacht' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(toggle).toBeChecked();
    expect(useImports.getState().choices.map).toEqual({ gender: 'Geslacht' });

    await user.type(screen.getByRole('textbox', { name: /Segment Name/ }), 'Nieuwsbrief NL');
    await user.click(screen.getByRole('button', { name: /Import into/ }));
    const result = await screen.findByRole('region', { name: 'Import result' });
    expect(within(result).getByLabelText('New: 7')).toBeInTheDocument();
    expect(within(result).getByLabelText('Rejected rows: 2')).toBeInTheDocument();
    expect(within(result).getByLabelText('Rejects file')).toHaveTextContent(/\S/);
  });
});
