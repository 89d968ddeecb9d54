/**
 * The real exports through the engine's handlers, read back from the next request body (`preview.next`):
 * exactly the params Deployteq would receive under the mappings an operator applies.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { MAPPING_TARGETS, type IdentifierType, type ImportOptions, type Param } from '../../../src/shared/model';
import { fixture } from './helpers';

let dir: string;
let engine: Engine;
let api: Handlers;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canopy-real-exports-'));
  engine = createEngine({ dataDir: dir });
  api = createHandlers(engine);
});
afterEach(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

interface SentCustomer {
  customerId: string;
  r42Status: string;
  params: Param[];
}

async function importAndPreview(identifierType: IdentifierType, options: Omit<ImportOptions, 'connector' | 'segment'>) {
  await api['connectors.create']({ name: 'Brand', url: 'http://127.0.0.1:9/hook', token: 'token-123456789', identifierType, batchSize: 600 });
  const result = await api['imports.run']({ connector: 'Brand', segment: 'Welcome', ...options });
  const preview = await api['preview.next']({ connector: 'Brand' });
  expect(preview.schemaErrors).toEqual([]);
  const body = preview.body as { campaigns: Array<{ customers: SentCustomer[] }> };
  const sent = new Map(body.campaigns[0].customers.map((c) => [c.customerId, c]));
  const param = (customerId: string, name: string) => sent.get(customerId)?.params.find((p) => p.name === name);
  const valuesOf = (name: string) => new Set([...sent.values()].flatMap((c) => c.params.filter((p) => p.name === name).map((p) => p.value)));
  return { result, sent, param, valuesOf };
}

const rejectsOf = (file: string | null) => (file === null ? [] : readFileSync(file, 'utf8').trim().split('\n').slice(1));

describe('HubSpot contacts export with gender and subscription mapped', () => {
  const options = { file: fixture('hubspot-export.csv'), idColumn: 'Contact ID', map: { gender: 'Gender identity', optin: 'Email subscription' } };

  it('sends only MAN / WOMAN / NONBINARY / UNKNOWN and Y / N, with "I\'d rather not say" as UNKNOWN, counted', async () => {
    const { result, param, valuesOf } = await importAndPreview('customer-id', options);
    expect([...valuesOf('Gender identity')].every((v) => MAPPING_TARGETS.gender.includes(v))).toBe(true);
    expect(valuesOf('Email subscription')).toEqual(new Set(['Y', 'N']));
    expect(result.hints.find((h) => h.column === 'Gender identity')).toMatchObject({ sentAsUnknown: 20, unmapped: { "I'd rather not say": 20 } });
    expect(param('5008', 'Gender identity')).toEqual({ name: 'Gender identity', type: 'string', value: 'UNKNOWN' });
    expect(param('5006', 'Email subscription')).toEqual({ name: 'Email subscription', type: 'string', value: 'Y' });
    expect(param('5008', 'Email subscription')).toEqual({ name: 'Email subscription', type: 'string', value: 'N' });
  });

  it('rejects the 39 rows whose subscription is "Not specified", each with its reason in the rejects file', async () => {
    const { result, sent } = await importAndPreview('customer-id', options);
    expect(result).toMatchObject({ rowsRead: 120, rejected: 39, pending: { NEW: 81 } });
    expect(sent.has('5001')).toBe(false);
    const rejects = rejectsOf(result.rejectsFile);
    expect(rejects).toHaveLength(39);
    expect(rejects[0]).toContain('opt-in value ""Not specified"" in ""Email subscription"" cannot be mapped to Y or N');
  });

  it('imports those rows too when the operator maps "Not specified", and sends date-times as ISO 8601', async () => {
    const { result, param } = await importAndPreview('customer-id', { ...options, valueMaps: { 'Email subscription': { 'not specified': 'n' } } });
    expect(result).toMatchObject({ rejected: 0, pending: { NEW: 120 } });
    expect(result.hints.find((h) => h.column === 'Email subscription')).toMatchObject({ table: { 'Not specified': 'N' }, unmapped: {}, rejected: 0 });
    expect(param('5001', 'Email subscription')?.value).toBe('N');
    expect(param('5001', 'Last activity date')).toEqual({ name: 'Last activity date', type: 'date', value: '2025-02-02T01:07:00' });
  });

  it('rejects the rows with a gender the operator marked to reject', async () => {
    const { result, sent } = await importAndPreview('customer-id', {
      ...options,
      valueMaps: { 'Gender identity': { "I'd rather not say": null }, 'Email subscription': { 'Not specified': 'N' } },
    });
    expect(result).toMatchObject({ rejected: 20, pending: { NEW: 100 } });
    expect(sent.has('5002')).toBe(false);
    expect(rejectsOf(result.rejectsFile)[0]).toContain('is marked to reject');
  });
});

describe('Salesforce contacts report with "Do Not Email" mapped as opt-out', () => {
  const options = { file: fixture('salesforce-contacts-report.csv'), idColumn: 'Contact ID', map: { optout: 'Do Not Email' } };

  it('offers "Do Not Email" as an opt-out, not an opt-in', async () => {
    const { hints } = await api['imports.inspect']({ file: options.file, idColumn: 'Contact ID' });
    expect(hints).toEqual([expect.objectContaining({ column: 'Do Not Email', kind: 'optout', table: { '0': 'Y', '1': 'N' }, leftOut: 0 })]);
  });

  it('sends Do Not Email 1 as opt-in N and 0 as Y, and the US dates, decided by 1/13/2025, as yyyy-mm-dd', async () => {
    const { result, param } = await importAndPreview('customer-id', options);
    expect(result).toMatchObject({ rejected: 4, pending: { NEW: 80 }, warnings: [] });
    expect(param('0035g0000000005', 'Do Not Email')).toEqual({ name: 'Do Not Email', type: 'string', value: 'N' });
    expect(param('0035g0000000001', 'Do Not Email')).toEqual({ name: 'Do Not Email', type: 'string', value: 'Y' });
    expect(param('0035g0000000012', 'Created Date')).toEqual({ name: 'Created Date', type: 'date', value: '2025-01-13' });
    expect(param('0035g0000000069', 'Created Date')?.value).toBe('2025-10-14');
  });
});

describe('Mailchimp audience export', () => {
  it('offers no mapping for OPTIN_TIME, OPTIN_IP (all empty), GMTOFF or DSTOFF', async () => {
    const inspection = await api['imports.inspect']({ file: fixture('mailchimp-audience.csv') });
    expect(inspection.hints).toEqual([]);
  });

  it('sends its timestamps as ISO 8601 date-times and its system numbers as numbers', async () => {
    const { sent, valuesOf } = await importAndPreview('hashed-email', { file: fixture('mailchimp-audience.csv') });
    expect(sent.size).toBe(60);
    const first = [...sent.values()][0];
    expect(first.params.find((p) => p.name === 'OPTIN_TIME')).toEqual({ name: 'OPTIN_TIME', type: 'date', value: expect.stringMatching(/^2025-02-\d\dT09:00:00$/) });
    expect(valuesOf('LAST_CHANGED')).toEqual(new Set(['2025-06-01T08:00:00']));
    expect(first.params.find((p) => p.name === 'GMTOFF')).toEqual({ name: 'GMTOFF', type: 'number', value: '1' });
  });
});

describe('Dutch Excel export with gender and newsletter mapped', () => {
  it('sends the Dutch values mapped, leaves out the empty newsletter opt-in and counts it', async () => {
    const zoe = '3e693cf7e5b67880bff33b2d2626dadb7bf1d4bc737192e47cf8baa89acf2250';
    const alice = 'b4d2ee3be52ce82dbd855ae035ba59c85d7edd13ce5e8f54b2e390aae55ba5d4';
    const { result, sent, param } = await importAndPreview('hashed-email', { file: fixture('nl-excel-export.csv'), map: { gender: 'Geslacht', optin: 'Nieuwsbrief' } });
    expect(result.hints.find((h) => h.column === 'Nieuwsbrief')).toMatchObject({ leftOut: 1, rejected: 0 });
    expect(sent.get(zoe)?.params.map((p) => p.name)).toEqual(['Voornaam', 'Achternaam', 'Geslacht', 'Klant sinds', 'Punten']);
    expect(param(zoe, 'Geslacht')?.value).toBe('UNKNOWN');
    expect(sent.get(alice)?.params).toEqual([
      { name: 'Voornaam', type: 'string', value: 'Alice' },
      { name: 'Achternaam', type: 'string', value: 'Jansen' },
      { name: 'Geslacht', type: 'string', value: 'WOMAN' },
      { name: 'Nieuwsbrief', type: 'string', value: 'Y' },
      { name: 'Klant sinds', type: 'date', value: '2021-01-03' },
      { name: 'Punten', type: 'number', value: '120' },
    ]);
  });
});
