/** The rejected rows of an import, as the Import screen reads them: a page at a time, and as CSV to download. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../../src/main/core/handlers';
import { dataFiles } from '../../../src/main/core/paths';
import { errorOf, fixture, tempFolder } from './helpers';

const folder = tempFolder();
let engine: Engine;
let api: Handlers;

beforeEach(async () => {
  engine = createEngine({ dataDir: folder.create(), maintenance: false });
  api = createHandlers(engine);
  await engine.connectors.create({ name: 'Shop', url: 'http://127.0.0.1:9/hook?token=tok-1234567890', identifierType: 'hashed-email' });
});
afterEach(() => {
  engine.close();
  folder.remove();
});

describe('imports.rejects', () => {
  it('reads the rejected rows of the Dutch export with their line, reason and the row as it was', async () => {
    const result = await api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'Welcome' });
    expect(result.rejected).toBe(2);
    const page = await api['imports.rejects']({ rejectsFile: result.rejectsFile! });
    expect(page.total).toBe(2);
    expect(page.rows).toEqual([
      { line: 8, reason: 'empty email', reasonMessage: { code: 'rejectEmptyEmail', params: {} }, text: ';Geen;Adres;M;ja;01-01-2020;1' },
      {
        line: 9,
        reason: 'not an email address: "not-an-email"',
        reasonMessage: { code: 'rejectNotEmail', params: { value: '"not-an-email"' } },
        text: 'not-an-email;Fout;Adres;M;ja;01-01-2020;1',
      },
    ]);
    const second = await api['imports.rejects']({ rejectsFile: result.rejectsFile!, offset: 1, limit: 1 });
    expect(second.rows).toEqual([page.rows[1]]);
    const download = await api['imports.rejects']({ rejectsFile: result.rejectsFile!, limit: 1, csv: true });
    expect(download.csv!.split('\r\n')[0]).toMatch(/^line;reason;/);
    expect(download.csv!.trim().split('\r\n')).toHaveLength(3);
  });

  it('reads nothing but the rejects files the engine wrote', async () => {
    for (const rejectsFile of [dataFiles(engine.dataDir).secrets, fixture('nl-excel-export.csv'), `${dataFiles(engine.dataDir).rejects}/../secrets.json`]) {
      expect((await errorOf(api['imports.rejects']({ rejectsFile }))).message).toBe('Only the rejects file of an import can be read here.');
    }
  });
});
