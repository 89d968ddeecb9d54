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
    const result = await screen.findByRole('region', { name: 'Import result' }, { timeout: 15_000 });
    expect(within(result).getByLabelText('New: 7')).toBeInTheDocument();
    expect(within(result).getByLabelText('Rejected rows: 2')).toBeInTheDocument();
    expect(within(result).getByLabelText('Rejects file')).toHaveTextContent(/\S/);
  });

  it('lets the operator choose what to send for each value the mapping cannot map, or reject its rows', async () => {
    fileToRead = resolve(__dirname, '../fixtures/hubspot-export.csv');
    try {
      const user = await dropFile('hubspot-export.csv', 'Email');
      const optin = within(screen.getByRole('region', { name: 'Mapping hint for Email subscription' }));
      expect(optin.getByText(/"Not specified" × 39/)).toBeInTheDocument();
      await user.click(screen.getByRole('switch', { name: 'Apply opt-in mapping to Email subscription' }));
      await user.click(screen.getByRole('switch', { name: 'Apply gender mapping to Gender identity' }));

      const notSpecified = optin.getByRole('combobox', { name: 'Send “Not specified” in Email subscription as' });
      expect(notSpecified).toHaveValue('default');
      expect(within(notSpecified).getByRole('option', { selected: true })).toHaveTextContent('Reject the row (default)');
      await user.selectOptions(notSpecified, 'N');
      const gender = within(screen.getByRole('region', { name: 'Mapping hint for Gender identity' }));
      await user.selectOptions(gender.getByRole('combobox', { name: 'Send “I\'d rather not say” in Gender identity as' }), 'reject');
      expect(useImports.getState().choices.valueMaps).toEqual({ 'Email subscription': { 'Not specified': 'N' }, 'Gender identity': { "I'd rather not say": null } });

      await user.type(screen.getByRole('textbox', { name: /Segment Name/ }), 'Contacts');
      await user.click(screen.getByRole('button', { name: /Import into/ }));
      const result = await screen.findByRole('region', { name: 'Import result' }, { timeout: 15_000 });
      expect(within(result).getByLabelText('New: 100')).toBeInTheDocument();
      expect(within(result).getByLabelText('Rejected rows: 20')).toBeInTheDocument();
      expect(within(result).getByRole('alert', { name: 'How values were sent' })).toHaveTextContent('“Gender identity”: 20 rows rejected for a value it could not map.');

      const preview = await backend.api['preview.next']({ connector: 'Brand NL' });
      const customers = (preview.body as { campaigns: Array<{ customers: Array<{ params: Array<{ name: string; value: string }> }> }> }).campaigns[0].customers;
      const sentValues = (name: string) => new Set(customers.map((c) => c.params.find((p) => p.name === name)?.value));
      expect(sentValues('Email subscription')).toEqual(new Set(['Y', 'N']));
      expect(sentValues('Gender identity')).toEqual(new Set(['MAN', 'WOMAN', 'NONBINARY', 'UNKNOWN']));
    } finally {
      fileToRead = NL_EXPORT;
    }
  });

  it('picks delta for a file with an action column, and warns when the operator switches to snapshot', async () => {
    fileToRead = resolve(__dirname, '../fixtures/delta-export.csv');
    try {
      const user = await dropFile('delta-export.csv', 'email');
      expect(screen.getByRole('radio', { name: 'Delta (changes only)' })).toBeChecked();
      expect(screen.getByText(/Chosen because the column “action” holds actions/)).toBeInTheDocument();
      await user.click(screen.getByRole('radio', { name: 'Snapshot (whole segment)' }));
      const warnings = await screen.findByRole('alert', { name: 'Check before importing' });
      expect(warnings).toHaveTextContent('"action" becomes a profile variable');
    } finally {
      fileToRead = NL_EXPORT;
    }
  });

  it('asks for the date order when no value decides it, and imports with the one chosen, the mappings kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-ui-file-'));
    fileToRead = join(dir, 'dates.csv');
    writeFileSync(fileToRead, 'email,since,Nieuwsbrief\nann@example.com,3/4/2025,ja\nbob@example.com,2/2/2025,nee\n');
    try {
      const user = await dropFile('dates.csv', 'email');
      const warnings = await screen.findByRole('alert', { name: 'Check before importing' });
      expect(warnings).toHaveTextContent('The dates in "since" (such as "3/4/2025") can be read day first or month first');
      await user.click(screen.getByRole('switch', { name: 'Apply opt-in mapping to Nieuwsbrief' }));
      await user.selectOptions(screen.getByRole('combobox', { name: /Date order/ }), 'mdy');
      await waitFor(() => expect(screen.queryByRole('alert', { name: 'Check before importing' })).not.toBeInTheDocument());
      expect(screen.getByRole('switch', { name: 'Apply opt-in mapping to Nieuwsbrief' })).toBeChecked();

      await user.type(screen.getByRole('textbox', { name: /Segment Name/ }), 'Dates');
      await user.click(screen.getByRole('button', { name: /Import into/ }));
      await screen.findByRole('region', { name: 'Import result' }, { timeout: 15_000 });
      const preview = await backend.api['preview.next']({ connector: 'Brand NL' });
      const customers = (preview.body as { campaigns: Array<{ customers: Array<{ params: Array<{ name: string; value: string }> }> }> }).campaigns[0].customers;
      expect(customers.map((c) => c.params.find((p) => p.name === 'since')?.value).sort()).toEqual(['2025-02-02', '2025-03-04']);
      expect(customers.map((c) => c.params.find((p) => p.name === 'Nieuwsbrief')?.value).sort()).toEqual(['N', 'Y']);
    } finally {
      fileToRead = NL_EXPORT;
    }
  });
});
