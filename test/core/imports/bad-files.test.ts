import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/main/core/errors';
import { inspectFile } from '../../../src/main/core/imports/inspect';
import { badFile, errorOf, readAll, tempFolder } from './helpers';

const folder = tempFolder();
beforeEach(folder.create);
afterEach(folder.remove);

const read = (file: string) => readAll(file, { identifierType: 'hashed-email' });

// What each refusal leaves stored (nothing changed, no empty segment) is in bad-files-stored.test.ts, through the engine.
describe('files that cannot be imported are refused whole, saying what and where', () => {
  it.each([
    ['empty.csv', '"empty.csv" is empty: there is no header and no data.'],
    ['blank-lines.csv', '"blank-lines.csv" is empty: there is no header and no data.'],
    ['header-only.csv', '"header-only.csv" has a header but no data rows; nothing was imported.'],
    ['binary.csv', '"binary.csv" is a binary file, not a CSV or NDJSON export.'],
    ['workbook.csv', '"workbook.csv" is an Excel workbook or ZIP archive, not a CSV or NDJSON export (save it as CSV first).'],
    ['unclosed-quote.csv', '"unclosed-quote.csv" line 3, column 21: a quoted field is never closed (unclosed quote).'],
    [
      'wrong-encoding-utf16.csv',
      '"wrong-encoding-utf16.csv" line 3 has bytes that are not valid UTF-16LE: the file is not in one encoding (save it again as "CSV UTF-8").',
    ],
    [
      'wrong-encoding-utf8.csv',
      '"wrong-encoding-utf8.csv" line 3 has bytes that are not valid UTF-8: the file is not in one encoding (save it again as "CSV UTF-8").',
    ],
    [
      'garbage.ndjson',
      '"garbage.ndjson" line 1, column 2: not valid JSON (Unexpected token \'h\'); no line of the file is a JSON object.',
    ],
    [
      'no-identifier.csv',
      '"no-identifier.csv" has no identifier column (an email column was expected); its columns are: "name", "city", "points". Choose the identifier column.',
    ],
    ['no-valid-rows.csv', '"no-valid-rows.csv" has no valid row: all 2 rows were rejected; nothing was imported.'],
    [
      'mixed-encodings.csv',
      '"mixed-encodings.csv" line 3 has bytes that are not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings and would be garbled. Save it again as "CSV UTF-8", or choose its encoding (--encoding).',
    ],
    [
      'cut-off.csv',
      '"cut-off.csv" line 4 is cut off (2 of 3 fields, no line end): the file may still be being written or was cut short. Wait until the export has finished, then import it again; nothing was changed.',
    ],
    [
      'cut-off.ndjson',
      '"cut-off.ndjson" line 2 is cut off (column 19: not valid JSON (Unterminated string)): the file may still be being written or was cut short. Wait until the export has finished, then import it again; nothing was changed.',
    ],
  ])('%s: %s', async (name, message) => {
    const error = await errorOf(read(badFile(name)));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(message);
  });

  it('a single line longer than 1 MB', async () => {
    const file = folder.write('huge-line.csv', `email,notes\nann@example.com,${'x'.repeat(1_200_000)}\nbob@example.com,ok\n`);
    const error = await errorOf(read(file));
    expect(error.message).toBe('"huge-line.csv" line 2 is a record longer than 1 MB; this does not look like a segment export.');
    expect((error as UserError).sentence).toEqual({ code: 'recordTooLong', params: { file: 'huge-line.csv', line: 2, megabytes: 1 } });
  });

  it('an NDJSON line longer than 1 MB', async () => {
    const file = folder.write('huge.ndjson', `{"email": "ann@example.com"}\n{"email": "${'x'.repeat(1_200_000)}"}\n`);
    const error = await errorOf(read(file));
    expect(error.message).toBe('"huge.ndjson" line 2 is longer than 1 MB; NDJSON needs one profile a line.');
    expect((error as UserError).sentence).toEqual({ code: 'ndjsonLineTooLong', params: { file: 'huge.ndjson', line: 2, megabytes: 1 } });
  });

  it('a JSON array instead of NDJSON', async () => {
    const file = folder.write('export.json', '[{"email": "ann@example.com"}]');
    expect((await errorOf(inspectFile(file))).message).toBe(
      '"export.json" is a JSON array; export one JSON object per line (NDJSON, .ndjson) instead.',
    );
  });

  it('a file that does not exist', async () => {
    const error = await errorOf(inspectFile(folder.path('nope.csv')));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`File not found: ${folder.path('nope.csv')}`);
  });

  it('a folder', async () => {
    expect((await errorOf(inspectFile(folder.path('')))).message).toMatch(/is a folder, not a file\.$/);
  });

  it('a delta file without an action column', async () => {
    const file = folder.write('changes.csv', 'email,city\nann@example.com,Utrecht\n');
    expect((await errorOf(readAll(file, { identifierType: 'hashed-email', mode: 'delta' }))).message).toBe(
      '"changes.csv" has no action column (action, status, change) for a delta import; its columns are: "email", "city". Choose the action column, or import it as a snapshot.',
    );
  });
});

describe('rows that cannot be imported are rejected with their line and reason; the rest import', () => {
  it('ragged rows: more or fewer fields than the header', async () => {
    const { records, rejects } = await read(badFile('ragged-rows.csv'));
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'has 4 fields where the header has 3'],
      [4, 'has 2 fields where the header has 3'],
    ]);
    expect(rejects[0].fields).toEqual(['bob@example.com', 'Bob', 'Breda', 'extra']);
    expect(records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('NDJSON lines that are not JSON objects, with the column JSON stopped at', async () => {
    const { records, rejects } = await read(badFile('mixed.ndjson'));
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, "column 38: not valid JSON (Unexpected token '}')"],
      [3, 'column 1: an array, not a JSON object'],
    ]);
    expect(rejects[0].fields).toEqual(['{"email": "bob@example.com", "city": }']);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('delta rows with an empty or unknown action', async () => {
    const file = folder.write('delta.csv', 'email,action\nann@example.com,add\nbob@example.com,\ncor@example.com,maybe\ndirk@example.com,EXIT\n');
    const { records, rejects } = await readAll(file, { identifierType: 'hashed-email', mode: 'delta' });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'empty action'],
      [4, 'unknown action "maybe" (expected add, update, remove, enter or exit)'],
    ]);
    expect(records.map((r) => [r.line, r.action])).toEqual([
      [2, 'upsert'],
      [5, 'remove'],
    ]);
  });

  it('skips blank lines and rows of only delimiters (Excel writes them) without rejecting them', async () => {
    const file = folder.write('excel.csv', 'email;city\r\nann@example.com;Utrecht\r\n\r\n;\r\nbob@example.com;Breda\r\n;\r\n');
    const { records, rejects, summary } = await read(file);
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 5]);
    expect(summary.rowsRead).toBe(2);
  });
});
