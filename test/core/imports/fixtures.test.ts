import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/main/core/imports/inspect';
import { fixture, paramsOf, readAll, typesOf } from './helpers';

const ALICE = 'b4d2ee3be52ce82dbd855ae035ba59c85d7edd13ce5e8f54b2e390aae55ba5d4';
const RENEE = 'fbb069d9aab0a14b055fed41db4642fcbed6cdbc4de7012c6a1a2a34e526b26d';
const ZOE = '3e693cf7e5b67880bff33b2d2626dadb7bf1d4bc737192e47cf8baa89acf2250';

describe('a Dutch Excel "CSV (semicolon)" export (nl-excel-export.csv)', () => {
  const file = fixture('nl-excel-export.csv');

  it('is read as Windows-1252 with ";" and the Dutch headers', async () => {
    const inspection = await inspectFile(file, { identifierType: 'hashed-email' });
    expect(inspection).toMatchObject({
      format: 'csv',
      encoding: 'Windows-1252',
      delimiter: ';',
      headers: ['E-mailadres', 'Voornaam', 'Achternaam', 'Geslacht', 'Nieuwsbrief', 'Klant sinds', 'Punten'],
      idColumn: 'E-mailadres',
      actionColumn: null,
    });
    expect(inspection.sampleRows).toHaveLength(9);
    expect(inspection.sampleRows[2].slice(0, 2)).toEqual(['  renee.bakker@example.com', 'Renée']);
  });

  it('infers the day-first dates and the points as number, the rest as string', async () => {
    const { columns } = await inspectFile(file, { identifierType: 'hashed-email' });
    expect(columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['E-mailadres', 'string', 'identifier'],
      ['Voornaam', 'string', 'param'],
      ['Achternaam', 'string', 'param'],
      ['Geslacht', 'string', 'param'],
      ['Nieuwsbrief', 'string', 'param'],
      ['Klant sinds', 'date', 'param'],
      ['Punten', 'number', 'param'],
    ]);
  });

  it('hashes the emails after trimming and lowercasing, as the fixtures README lists', async () => {
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    const byLine = new Map(records.map((r) => [r.line, r.customerId]));
    expect(byLine.get(2)).toBe(ALICE);
    expect(byLine.get(4)).toBe(RENEE);
    expect(byLine.get(5)).toBe(ZOE);
    expect(records.every((r) => /^[0-9a-f]{64}$/.test(r.customerId))).toBe(true);
  });

  it('rejects the row without an email and the row whose email is not one, with their lines', async () => {
    const { records, rejects, summary } = await readAll(file, { identifierType: 'hashed-email' });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [8, 'empty email'],
      [9, 'not an email address: "not-an-email"'],
    ]);
    expect(rejects[1].fields).toEqual(['not-an-email', 'Fout', 'Adres', 'M', 'ja', '01-01-2020', '1']);
    expect(summary).toMatchObject({ rowsRead: 9, accepted: 7, rejected: 2 });
    expect(records).toHaveLength(7);
  });

  it('decodes é and ë, keeps quoted ";" and doubled quotes, and sends dates as ISO', async () => {
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    const [alice, , renee, zoe, , smit, jan] = records;
    expect(paramsOf(alice)).toEqual({
      Voornaam: 'Alice',
      Achternaam: 'Jansen',
      Geslacht: 'Vrouw',
      Nieuwsbrief: 'ja',
      'Klant sinds': '2021-01-03',
      Punten: '120',
    });
    expect(typesOf(alice)).toMatchObject({ 'Klant sinds': 'date', Punten: 'number', Voornaam: 'string' });
    expect(paramsOf(renee).Voornaam).toBe('Renée');
    expect(paramsOf(zoe)).toMatchObject({ Voornaam: 'Zoë', 'Klant sinds': '2020-02-29', Nieuwsbrief: '' });
    expect(paramsOf(jan)).toMatchObject({ Voornaam: 'Jan "JJ"', Achternaam: 'Peters; Jr.' });
    expect(jan.line).toBe(10);
    // Empty cells are kept as "", so that clearing a value in the export is a change too.
    expect(paramsOf(smit)).toMatchObject({ 'Klant sinds': '', Punten: '' });
  });
});

describe('an Excel "CSV UTF-8" export with customer ids (customer-ids.csv)', () => {
  const file = fixture('customer-ids.csv');

  it('skips the byte-order mark, so the first header is "customer_id" and is the identifier', async () => {
    const inspection = await inspectFile(file, { identifierType: 'customer-id' });
    expect(inspection).toMatchObject({ encoding: 'UTF-8 with BOM', delimiter: ',', idColumn: 'customer_id' });
    expect(inspection.headers).toEqual(['customer_id', 'first_name', 'gender', 'optin', 'vip', 'last_order']);
  });

  it('sends each customer id as found, both rows of the repeated id included (the store keeps the last)', async () => {
    const { records } = await readAll(file, { identifierType: 'customer-id' });
    expect(records.map((r) => r.customerId)).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-1004', 'C-1002', 'C-1005']);
    expect(paramsOf(records[4]).optin).toBe('true');
    expect(records.every((r) => r.action === 'upsert')).toBe(true);
  });

  it('keeps mixed true/false/no values as strings and empty cells as ""', async () => {
    const { records, summary } = await readAll(file, { identifierType: 'customer-id' });
    expect(summary.columns.find((c) => c.name === 'optin')?.type).toBe('string');
    expect(summary.columns.find((c) => c.name === 'last_order')?.type).toBe('date');
    expect(paramsOf(records[2])).toMatchObject({ vip: '1', last_order: '' });
    expect(paramsOf(records[3]).gender).toBe('');
  });
});

describe('a change list (delta-export.csv)', () => {
  const file = fixture('delta-export.csv');

  it('finds the action column in delta mode and turns add/update into upsert and remove into remove', async () => {
    const { records, summary } = await readAll(file, { identifierType: 'hashed-email', mode: 'delta' });
    expect(summary.actionColumn).toBe('action');
    expect(records.map((r) => r.action)).toEqual(['upsert', 'remove', 'upsert']);
    expect(paramsOf(records[0])).toEqual({ firstName: 'Alicia', optin: 'Y' });
    expect(records[1].params).toEqual([]);
    expect(summary.columns.find((c) => c.name === 'action')?.role).toBe('action');
  });

  it('in snapshot mode treats the action column as an ordinary variable', async () => {
    const { records } = await readAll(file, { identifierType: 'hashed-email', mode: 'snapshot' });
    expect(records.every((r) => r.action === 'upsert')).toBe(true);
    expect(paramsOf(records[1]).action).toBe('remove');
  });
});

describe('an NDJSON export (profiles.ndjson)', () => {
  const file = fixture('profiles.ndjson');

  it('is recognised as NDJSON, with the keys of its objects as columns', async () => {
    const inspection = await inspectFile(file, { identifierType: 'customer-id' });
    expect(inspection).toMatchObject({ format: 'ndjson', delimiter: null, idColumn: 'customerId', encoding: 'UTF-8' });
    expect(inspection.headers).toEqual(['customerId', 'firstName', 'gender', 'optIn', 'score', 'tags']);
    expect(inspection.columns.find((c) => c.name === 'score')?.type).toBe('number');
  });

  it('sends numbers as text, null as "", a nested array as JSON text, and leaves absent keys out', async () => {
    const { records } = await readAll(file, { identifierType: 'customer-id' });
    expect(records.map((r) => r.customerId)).toEqual(['C-2001', 'C-2002', 'C-2003']);
    expect(paramsOf(records[0])).toEqual({ firstName: 'Ada', gender: 'WOMAN', optIn: 'Y', score: '42' });
    expect(paramsOf(records[1])).toMatchObject({ score: '7.5', tags: '["a","b"]' });
    expect(typesOf(records[1])).toMatchObject({ score: 'number', tags: 'string' });
    expect(paramsOf(records[2])).toEqual({ firstName: '', gender: 'MAN', optIn: 'Y' });
  });
});
