import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/main/core/imports/inspect';
import { fixture, paramsOf, readAll, tempFolder } from './helpers';

const folder = tempFolder();
beforeEach(folder.create);
afterEach(folder.remove);

const PROFILES = [
  ['email', 'first_name', 'city'],
  ['ann@example.com', 'Anneke', 'Zoetermeer'],
  ['bob@example.com', 'Bob', 'Den Haag'],
  ['renee@example.com', 'Renée', "'s-Hertogenbosch"],
];
const asText = (delimiter: string, newline = '\r\n') => PROFILES.map((row) => row.join(delimiter)).join(newline) + newline;
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('encoding detection', () => {
  it('reads UTF-16LE with a byte-order mark (tab-delimited, as Excel\'s "Unicode Text")', async () => {
    const file = folder.write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(asText('\t'), 'utf16le')]));
    const inspection = await inspectFile(file);
    expect(inspection).toMatchObject({ encoding: 'UTF-16LE with BOM', delimiter: '\t', headers: PROFILES[0] });
    const { records } = await readAll(file, { identifierType: 'customer-id', idColumn: 'email' });
    expect(records.map((r) => paramsOf(r).first_name)).toEqual(['Anneke', 'Bob', 'Renée']);
  });

  it('reads UTF-16BE with a byte-order mark', async () => {
    const file = folder.write('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(asText(','))]));
    expect(await inspectFile(file)).toMatchObject({ encoding: 'UTF-16BE with BOM', delimiter: ',', sampleRows: PROFILES.slice(1) });
  });

  it('recognises UTF-16LE without a byte-order mark by its zero bytes', async () => {
    const file = folder.write('nobom16.csv', Buffer.from(asText(';'), 'utf16le'));
    expect(await inspectFile(file)).toMatchObject({ encoding: 'UTF-16LE', delimiter: ';', headers: PROFILES[0] });
  });

  it('prefers UTF-8 when the bytes are valid UTF-8, even without a byte-order mark', async () => {
    const file = folder.write('utf8.csv', asText(','));
    const inspection = await inspectFile(file);
    expect(inspection.encoding).toBe('UTF-8');
    expect(inspection.sampleRows[2][1]).toBe('Renée');
  });

  it('falls back to Windows-1252 for single-byte Western text', async () => {
    const file = folder.write('ansi.csv', Buffer.from(asText(';'), 'latin1'));
    const inspection = await inspectFile(file);
    expect(inspection.encoding).toBe('Windows-1252');
    expect(inspection.sampleRows[2][1]).toBe('Renée');
  });

  it('refuses a UTF-8 file that turns out not to be UTF-8 past the part read for detection, naming the line', async () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => `user${i}@example.com,Name ${i},City`).join('\n');
    const file = folder.write(
      'late.csv',
      Buffer.concat([Buffer.from(`email,first_name,city\n${filler}\n`), Buffer.from('late@example.com,Ren'), Buffer.from([0xe9]), Buffer.from('e,Delft\n')]),
    );
    expect((await inspectFile(file)).encoding).toBe('UTF-8');
    await expect(readAll(file, { identifierType: 'hashed-email' })).rejects.toThrow(
      '"late.csv" line 20002 has bytes that are not valid UTF-8: the file is not in one encoding (save it again as "CSV UTF-8").',
    );
  });
});

describe('delimiter detection', () => {
  it.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('detects %j (%s)', async (delimiter) => {
    const file = folder.write('file.csv', asText(delimiter));
    const inspection = await inspectFile(file);
    expect(inspection.delimiter).toBe(delimiter);
    expect(inspection.sampleRows).toEqual(PROFILES.slice(1));
  });

  it('ignores delimiters inside quoted fields', async () => {
    const file = folder.write(
      'quoted.csv',
      'email;note;city\r\nann@example.com;"a, b, c, d, e";Utrecht\r\nbob@example.com;"x, y, z";"Den Haag, NL"\r\n',
    );
    const inspection = await inspectFile(file);
    expect(inspection.delimiter).toBe(';');
    expect(inspection.sampleRows[1]).toEqual(['bob@example.com', 'x, y, z', 'Den Haag, NL']);
  });

  it('reads quoted fields with line breaks, and numbers rows by the line they start on', async () => {
    const file = folder.write(
      'multiline.csv',
      'email,address,city\r\nann@example.com,"Kerkstraat 1\r\n2e verdieping",Utrecht\r\nbob@example.com,Dorpsweg 2,Breda\r\n',
    );
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    expect(records.map((r) => r.line)).toEqual([2, 4]);
    expect(paramsOf(records[0]).address).toBe('Kerkstraat 1\r\n2e verdieping');
  });

  it('reads a file with old Mac line ends (CR only)', async () => {
    const file = folder.write('mac.csv', asText(';', '\r'));
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    expect(records.map((r) => [r.line, paramsOf(r).city])).toEqual([
      [2, 'Zoetermeer'],
      [3, 'Den Haag'],
      [4, "'s-Hertogenbosch"],
    ]);
  });

  it('reads a file with a single column', async () => {
    const file = folder.write('emails.csv', 'email\nann@example.com\nbob@example.com');
    const inspection = await inspectFile(file, { identifierType: 'hashed-email' });
    expect(inspection).toMatchObject({ delimiter: ',', headers: ['email'], idColumn: 'email' });
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    expect(records.map((r) => r.params)).toEqual([[], []]);
  });

  it('takes a .jsonl file as NDJSON', async () => {
    const file = folder.write('export.jsonl', '{"id": "1", "city": "Utrecht"}\n{"id": "2", "city": "Breda"}\n');
    expect(await inspectFile(file, { identifierType: 'customer-id' })).toMatchObject({ format: 'ndjson', idColumn: 'id' });
  });

  it('takes a file whose lines are JSON objects as NDJSON whatever its extension', async () => {
    const file = folder.write('export.txt', '{"email": "ann@example.com"}\n{"email": "bob@example.com"}\n');
    expect(await inspectFile(file)).toMatchObject({ format: 'ndjson', headers: ['email'] });
  });
});

describe('identifier and action column detection', () => {
  it.each([
    [['Naam', 'E-mailadres'], 'hashed-email', 'E-mailadres'],
    [['name', 'Email Address'], 'hashed-email', 'Email Address'],
    [['mail', 'x'], 'hashed-email', 'mail'],
    [['klantnummer', 'email'], 'customer-id', 'klantnummer'],
    [['customerId', 'email'], 'customer-id', 'customerId'],
    [['CLANG_ID', 'email'], 'customer-id', 'CLANG_ID'],
    [['1020', 'email'], 'customer-id', '1020'],
    [['1022', 'name'], 'hashed-email', '1022'],
    [['customer id', 'e-mail'], undefined, 'e-mail'],
  ] as const)('in %j for %s finds %j', async (headers, identifierType, expected) => {
    const file = folder.write('h.csv', `${headers.join(',')}\n${headers.map(() => 'x').join(',')}\n`);
    expect((await inspectFile(file, { identifierType })).idColumn).toBe(expected);
  });

  it('does not take an email column as the identifier of a Customer ID connector', async () => {
    const file = folder.write('emails.csv', 'email,city\nann@example.com,Utrecht\n');
    expect((await inspectFile(file, { identifierType: 'customer-id' })).idColumn).toBeNull();
  });

  it('takes the identifier column the operator names, ignoring case', async () => {
    const file = folder.write('two.csv', 'email,backup_email\na@example.com,b@example.com\n');
    const inspection = await inspectFile(file, { identifierType: 'hashed-email', idColumn: 'BACKUP_EMAIL' });
    expect(inspection.idColumn).toBe('backup_email');
    expect(inspection.columns.map((c) => c.role)).toEqual(['param', 'identifier']);
  });

  it('refuses an identifier column name that is not in the file, listing the headers', async () => {
    const file = folder.write('two.csv', 'email,city\na@example.com,Utrecht\n');
    await expect(inspectFile(file, { idColumn: 'klantnummer' })).rejects.toThrow(
      '"two.csv" has no column "klantnummer" for the identifier column; its columns are: "email", "city".',
    );
  });

  it.each(['action', 'Actie', 'status', 'change', 'operation'])('detects an action column named %j in delta mode only', async (header) => {
    const file = folder.write('d.csv', `email,${header}\na@example.com,add\n`);
    expect((await inspectFile(file, { mode: 'delta' })).actionColumn).toBe(header);
    expect((await inspectFile(file, { mode: 'snapshot' })).actionColumn).toBeNull();
  });

  it('names columns without a header "column N" and leaves them out; repeated headers get a number', async () => {
    const file = folder.write('gaps.csv', 'email;;city;City;\r\na@example.com;x;Utrecht;Breda;\r\n');
    const inspection = await inspectFile(file);
    expect(inspection.headers).toEqual(['email', 'column 2', 'city', 'City (2)', 'column 5']);
    expect(inspection.columns.map((c) => c.role)).toEqual(['identifier', 'ignored', 'param', 'param', 'ignored']);
  });
});

describe('Excel\'s "sep=" line', () => {
  it('sets the delimiter and is not taken for the header', async () => {
    const file = folder.write('sep.csv', 'sep=|\r\nemail|city\r\nann@example.com|Utrecht\r\n');
    const inspection = await inspectFile(file);
    expect(inspection).toMatchObject({ delimiter: '|', headers: ['email', 'city'], sampleRows: [['ann@example.com', 'Utrecht']] });
    const { records } = await readAll(file, { identifierType: 'hashed-email' });
    expect(records.map((r) => [r.line, paramsOf(r)])).toEqual([[3, { city: 'Utrecht' }]]);
  });
});

describe('a named action column', () => {
  it('is used in delta mode, and is an ordinary variable in a snapshot', async () => {
    const file = folder.write('named.csv', 'email,wat,city\nann@example.com,exit,Utrecht\n');
    const delta = await readAll(file, { identifierType: 'hashed-email', mode: 'delta', actionColumn: 'Wat' });
    expect(delta.records.map((r) => r.action)).toEqual(['remove']);
    const snapshot = await readAll(file, { identifierType: 'hashed-email', mode: 'snapshot', actionColumn: 'Wat' });
    expect(snapshot.records.map((r) => paramsOf(r))).toEqual([{ wat: 'exit', city: 'Utrecht' }]);
  });
});

describe('a delta file without --mode', () => {
  it('is imported as delta when its action column holds actions', async () => {
    const inspection = await inspectFile(fixture('delta-export.csv'));
    expect(inspection).toMatchObject({ mode: 'delta', actionColumn: 'action', warnings: [] });
    const { records, summary } = await readAll(fixture('delta-export.csv'), { identifierType: 'hashed-email' });
    expect(summary.mode).toBe('delta');
    expect(records.map((r) => r.action)).toEqual(['upsert', 'remove', 'upsert']);
  });

  it.each([
    ['active', 'add'],
    ['New', 'Modified'],
  ])('stays a snapshot when a "status" column holds %j and %j (not a change list)', async (one, two) => {
    const file = folder.write('status.csv', `email,status\nann@example.com,${one}\nbob@example.com,${two}\n`);
    expect(await inspectFile(file)).toMatchObject({ mode: 'snapshot', actionColumn: null, warnings: [] });
  });

  it('asked for as a snapshot, warns that the action column becomes a variable', async () => {
    const inspection = await inspectFile(fixture('delta-export.csv'), { mode: 'snapshot' });
    expect(inspection.mode).toBe('snapshot');
    expect(inspection.warnings).toEqual([
      'The column "action" holds actions (add, update, remove…), but the file is imported as a snapshot: "action" becomes a profile variable, ' +
        'every row counts as a member (remove rows too), and whoever is not in the file leaves the segment. Import it as delta to apply the actions.',
    ]);
    const { summary } = await readAll(fixture('delta-export.csv'), { identifierType: 'hashed-email', mode: 'snapshot' });
    expect(summary.warnings).toEqual(inspection.warnings);
  });
});

describe('dates whose order no value decides', () => {
  const file = () => folder.write('ambiguous.csv', 'email,since\nann@example.com,3/4/2025\nbob@example.com,2/2/2025\n');

  it('are read day first, with a warning that names the column and both readings', async () => {
    const inspection = await inspectFile(file());
    expect(inspection.ambiguousDateColumns).toEqual(['since']);
    expect(inspection.warnings).toEqual([
      'The dates in "since" (such as "3/4/2025") can be read day first or month first, and no value decides it: they are read day first (2025-04-03). ' +
        'Choose the date order if they are month first (2025-03-04): --date-order mdy, or Date order in the Import screen.',
    ]);
    const { records } = await readAll(file(), { identifierType: 'hashed-email' });
    expect(paramsOf(records[0]).since).toBe('2025-04-03');
  });

  it('are read in the order the operator chooses, without the warning', async () => {
    expect((await inspectFile(file(), { dateOrder: 'mdy' })).warnings).toEqual([]);
    const { records } = await readAll(file(), { identifierType: 'hashed-email', dateOrder: 'mdy' });
    expect(records.map((r) => paramsOf(r).since)).toEqual(['2025-03-04', '2025-02-02']);
  });

  it('stop the import, storing nothing, when a date past the first rows shows they are month first', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `u${i}@example.com,${i === 1100 ? '1/13/2025' : `${(i % 12) + 1}/4/2025`}`);
    const file = folder.write('late-us.csv', `email,since\n${rows.join('\n')}\n`);
    await expect(readAll(file, { identifierType: 'hashed-email' })).rejects.toThrow(
      '"since" holds "1/13/2025", a month-first date, but its first rows fit both orders and were read day first; nothing was imported. ' +
        'Import it again with the date order month first (--date-order mdy, or Date order in the Import screen).',
    );
    const { records } = await readAll(file, { identifierType: 'hashed-email', dateOrder: 'mdy' });
    expect(paramsOf(records[1100]).since).toBe('2025-01-13');
    expect(paramsOf(records[1]).since).toBe('2025-02-04');
  });
});
