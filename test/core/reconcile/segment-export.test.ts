import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { exportSegmentTo } from '../../../src/main/core/reconcile/export-segment';
import { csvLine } from '../../../src/main/core/csv-line';
import type { Param } from '../../../src/shared/model';
import { fixture } from '../../support/run-cli';
import { tempDir } from '../../support/temp-db';

let dir: string;
let cleanup: () => void;
let sandbox: Sandbox;
let engine: Engine;
let api: Handlers;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('canopy-export-'));
  sandbox = await startSandbox({ token: 'export-token-1234' });
  engine = createEngine({ dataDir: dir });
  api = createHandlers(engine);
  await api['connectors.create']({ name: 'Shop', url: sandbox.url, identifierType: 'hashed-email' });
});
afterEach(async () => {
  await engine.shutdown(0);
  await sandbox.close();
  cleanup();
});

/** The CSV as records keyed by customerId (csv-parse, the reference reader, drops the byte-order mark). */
function readCsv(text: string) {
  const [header, ...rows] = parse(text, { bom: true, relax_column_count: false }) as string[][];
  return { header, byId: new Map(rows.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))])) };
}

/** What the receiver holds, in the export's terms: customerId → { param name → value }. */
const held = (members: Map<string, Param[]>) =>
  new Map([...members].map(([id, params]) => [id, Object.fromEntries(params.filter((p) => p.value !== '').map((p) => [p.name, p.value]))]));

/** The export's records without the delivery time: customerId → { param name → value }. */
function exported(text: string) {
  const { byId } = readCsv(text);
  return new Map([...byId].map(([id, row]) => {
    const { customerId: _id, deliveredAt: _at, ...params } = row;
    // A CSV cell cannot be absent: an empty value and a param left out (an empty opt-in) both read back empty,
    // so both sides compare without empty values.
    return [id, Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ''))];
  }));
}

async function exportToText() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const rows = await exportSegmentTo(engine, { connector: 'Shop', segment: 'WelcomeFlow' }, out);
  return { rows, text };
}

describe('exporting what Deployteq should hold', () => {
  it('writes the delivered state of a segment as CSV equal to what the receiver holds, quoted so it reads back exactly', async () => {
    await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow', map: { gender: 'Geslacht', optin: 'Nieuwsbrief' } });
    await api['queue.flush']({ connector: 'Shop' });
    const result = await api['segments.export']({ connector: 'Shop', segment: 'WelcomeFlow' });
    expect(result).toMatchObject({ connector: 'Shop', segment: 'WelcomeFlow', rows: 7 });
    expect(result.file.startsWith(join(dir, 'exports'))).toBe(true);
    const text = readFileSync(result.file, 'utf8');
    const { header, byId } = readCsv(text);
    expect(header).toEqual(['customerId', 'Voornaam', 'Achternaam', 'Geslacht', 'Nieuwsbrief', 'Klant sinds', 'Punten', 'deliveredAt']);
    expect(exported(text)).toEqual(held(sandbox.members('WelcomeFlow')));
    for (const row of byId.values()) expect(Date.parse(row.deliveredAt)).toBeGreaterThan(0);
  });

  it('leaves out what is only pending, and follows removals once they are acknowledged', async () => {
    await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow' });
    await api['queue.flush']({ connector: 'Shop' });
    const next = join(dir, 'next.csv');
    writeFileSync(next, 'E-mailadres;Voornaam\nnew.member@example.com;Nieuw\n');
    const second = await api['imports.run']({ file: next, connector: 'Shop', segment: 'WelcomeFlow' });
    expect(second.pending).toEqual({ NEW: 1, MODIFIED: 0, REMOVED: 7 });
    const before = await exportToText();
    expect(before.rows).toBe(7);
    expect(exported(before.text)).toEqual(held(sandbox.members('WelcomeFlow')));
    await api['queue.flush']({ connector: 'Shop' });
    const after = await exportToText();
    expect(after.rows).toBe(1);
    expect(readCsv(after.text).header).toEqual(['customerId', 'Voornaam', 'deliveredAt']);
    expect(exported(after.text)).toEqual(held(sandbox.members('WelcomeFlow')));
  });

  it('says which segment it does not know', async () => {
    await expect(api['segments.export']({ connector: 'Shop', segment: 'Nope' })).rejects.toThrow('Connector "Shop" has no segment named "Nope".');
  });
});

describe('the CSV writer', () => {
  it('writes any fields so that a CSV reader gets them back exactly (quotes, delimiters, line breaks, edge spaces)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r', '\t', 'x') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (records) => {
        const text = records.map((r) => csvLine(r)).join('');
        expect(parse(text, { relax_quotes: false })).toEqual(records);
      }),
    );
  });
});
