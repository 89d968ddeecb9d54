/**
 * The registry of import formats: every name the contract lists has a reader, each sample export is taken
 * as the format it is, and what no format reads is refused with the sentence it always had.
 */
import { readdirSync } from 'node:fs';
import { extname } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_FORMATS, type ImportFormat } from '../../../src/shared/model';
import { detectFormat, formatOf, type CoversEveryFormat } from '../../../src/main/core/imports/formats';
import { csvFormat } from '../../../src/main/core/imports/formats/csv';
import { ndjsonFormat } from '../../../src/main/core/imports/formats/ndjson';
import type { FileProbe } from '../../../src/main/core/imports/formats/format';
import { inspectFile } from '../../../src/main/core/imports/inspect';
import { detectLayout } from '../../../src/main/core/imports/source';
import { fixture, tempFolder } from './helpers';

const folder = tempFolder();
beforeEach(folder.create);
afterEach(folder.remove);

/** What each sample export is, as test/fixtures/README.md describes it. */
const FIXTURE_FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.ndjson': 'ndjson' };
const FIXTURES = readdirSync(fixture('.'), { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== 'README.md')
  .map((entry) => entry.name);

describe('the registry of import formats', () => {
  it('has a reader for every format the contract lists, under its own name', () => {
    for (const name of IMPORT_FORMATS) expect(formatOf(name).name).toBe(name);
  });

  it('does not compile a registry that leaves a listed format out (checked by npm run typecheck)', () => {
    const complete: CoversEveryFormat<[typeof csvFormat, typeof ndjsonFormat]> = true;
    // @ts-expect-error NDJSON is listed in IMPORT_FORMATS but has no reader here
    const withoutNdjson: CoversEveryFormat<[typeof csvFormat]> = true;
    expect([complete, withoutNdjson]).toEqual([true, true]);
  });

  it('knows the format of every sample export in test/fixtures, and has a sample of every format', () => {
    expect(FIXTURES.filter((name) => !(extname(name) in FIXTURE_FORMATS))).toEqual([]);
    expect(new Set(FIXTURES.map((name) => FIXTURE_FORMATS[extname(name)]))).toEqual(new Set(IMPORT_FORMATS));
  });

  it.each(FIXTURES)('takes %s as the format it is', async (name) => {
    const layout = await detectLayout(fixture(name));
    expect(layout.format).toBe(FIXTURE_FORMATS[extname(name)]);
    expect((await inspectFile(fixture(name))).format).toBe(layout.format);
  });

  it('reads a file whose extension no format knows by its content: text as CSV, JSON lines as NDJSON', async () => {
    const csv = folder.write('export.dat', 'email;city\nann@example.com;Delft\n');
    expect(await detectLayout(csv)).toMatchObject({ format: 'csv', delimiter: ';' });
    const ndjson = folder.write('export.log', '{"email": "ann@example.com"}\n');
    expect(await detectLayout(ndjson)).toMatchObject({ format: 'ndjson', delimiter: null });
  });

  it.each([
    ['Contacts.xlsx', Buffer.from('PK\u0003\u0004rest of a zip', 'latin1'), '"Contacts.xlsx" is an Excel workbook or ZIP archive, not a CSV or NDJSON export (save it as CSV first).'],
    ['Contacts.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64)]), '"Contacts.parquet" is a binary file, not a CSV or NDJSON export.'],
    ['Contacts.json', Buffer.from('[{"email": "ann@example.com"}]'), '"Contacts.json" is a JSON array; export one JSON object per line (NDJSON, .ndjson) instead.'],
  ])('refuses %s, which no format reads, with the sentence it always had', async (name, bytes, sentence) => {
    await expect(inspectFile(folder.write(name, bytes))).rejects.toThrow(sentence);
  });
});

describe('a format the operator chooses', () => {
  it('reads the file as that format, whatever its extension says', async () => {
    const file = folder.write('contacts.jsonl', 'email;city\nann@example.com;Delft\n');
    expect(await detectLayout(file)).toMatchObject({ format: 'ndjson' });
    expect(await detectLayout(file, undefined, 'csv')).toMatchObject({ format: 'csv', delimiter: ';' });
    expect(await inspectFile(file, { format: 'csv' })).toMatchObject({ format: 'csv', headers: ['email', 'city'] });
  });

  it('refuses a file that does not read as the chosen format, before anything is read', async () => {
    await expect(inspectFile(fixture('hubspot-export.csv'), { format: 'ndjson' })).rejects.toThrow(
      '"hubspot-export.csv" does not read as NDJSON; leave the format out to have it detected.',
    );
  });
});

describe('detection by extension and first text (property)', () => {
  const probe = (extension: string, text: string): FileProbe => ({ file: `x${extension}`, name: `x${extension}`, extension, text, newline: '\n', complete: true });

  it('takes any .ndjson or .jsonl file as NDJSON, whatever its first line', () => {
    fc.assert(
      fc.property(fc.constantFrom('.ndjson', '.jsonl'), fc.string(), (extension, text) => {
        expect(detectFormat(probe(extension, text)).format).toBe('ndjson');
      }),
    );
  });

  it('takes any other text that does not start with a JSON object as CSV', () => {
    const notJson = fc.string().filter((text) => !text.trimStart().startsWith('{') && !text.trimStart().startsWith('['));
    fc.assert(
      fc.property(fc.constantFrom('.csv', '.txt', '.tsv', '', '.json', '.xlsx'), notJson, (extension, text) => {
        expect(detectFormat(probe(extension, text)).format).toBe('csv');
      }),
    );
  });
});
