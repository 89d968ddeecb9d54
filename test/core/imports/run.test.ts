import { getEventListeners } from 'node:events';
import { hash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/open';
import { UserError } from '../../../src/main/core/errors';
import { NoValidRowsError } from '../../../src/main/core/imports/records';
import { runImport, type ImportTarget, type ImportTimings } from '../../../src/main/core/imports/run';
import type { IdentifierType, ImportOptions, ImportResult } from '../../../src/shared/model';
import { connectorsOf, createConnector } from '../../support/temp-db';
import { badFile, errorOf, fixture, tempFolder } from './helpers';
import { deliverDesiredState } from '../../support/desired-state';

const folder = tempFolder();
let db: Db;
let dataDir: string;

beforeEach(() => {
  dataDir = folder.create();
  db = openDatabase(join(dataDir, 'canopy.db'));
});
afterEach(() => {
  db.close();
  folder.remove();
});

async function segment(identifierType: IdentifierType, name = 'Nieuwsbrief NL'): Promise<ImportTarget> {
  const connector = await createConnector(db, { name: `conn-${identifierType}-${name}`, identifierType });
  const segmentId = connectorsOf(db).ensureSegment(connector, name).id;
  return { connectorId: connector.id, connectorName: connector.name, identifierType, segmentId, segmentName: name };
}

const run = (target: ImportTarget, file: string, options: Partial<ImportOptions> = {}, hooks = {}) =>
  runImport({ db, dataDir }, target, { file, connector: target.connectorName, segment: target.segmentName, ...options }, hooks);

/** Everything stored about a segment: its desired state and its pending changes. */
function segmentState(segmentId: number) {
  return {
    desired: db.prepare('SELECT customer_id, params FROM desired_state WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
    pending: db.prepare('SELECT customer_id, status FROM pending WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
  };
}

/** What an acknowledgement from Deployteq would do: the desired state becomes the delivered state. */
function deliverAll(segmentId: number) {
  deliverDesiredState(db, segmentId);
}

const desiredParams = (segmentId: number, customerId: string) =>
  JSON.parse((db.prepare('SELECT params FROM desired_state WHERE segment_id = ? AND customer_id = ?').get(segmentId, customerId) as { params: string }).params);

const sha256 = (text: string) => hash('sha256', text, 'hex');

const tempTables = () => db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'staged%'").all();

describe('runImport', () => {
  it('imports the Dutch export as a snapshot: 7 NEW, 2 rejected into a rejects file, and records the import', async () => {
    const target = await segment('hashed-email');
    const result = await run(target, fixture('nl-excel-export.csv'));
    expect(result).toMatchObject({
      connector: target.connectorName,
      segment: 'Nieuwsbrief NL',
      mode: 'snapshot',
      encoding: 'Windows-1252',
      delimiter: ';',
      format: 'csv',
      idColumn: 'E-mailadres',
      rowsRead: 9,
      rejected: 2,
      duplicates: 0,
      pending: { NEW: 7, MODIFIED: 0, REMOVED: 0 },
    });
    expect(result.rejectsFile).toMatch(/rejects[/\\]\d{8}-\d{6}-Nieuwsbrief-NL\.rejects\.csv$/);
    // Rejected rows are personal data: the operator's account alone may read them.
    expect(statSync(result.rejectsFile!).mode & 0o777).toBe(0o600);
    expect(readFileSync(result.rejectsFile!, 'utf8')).toBe(
      '\uFEFFline;reason;E-mailadres;Voornaam;Achternaam;Geslacht;Nieuwsbrief;Klant sinds;Punten\r\n' +
        '8;empty email;;Geen;Adres;M;ja;01-01-2020;1\r\n' +
        '9;"not an email address: ""not-an-email""";not-an-email;Fout;Adres;M;ja;01-01-2020;1\r\n',
    );
    expect(db.prepare('SELECT file, mode, rows_read, rejected, duplicates, changed, rejects_file FROM imports').all()).toEqual([
      { file: fixture('nl-excel-export.csv'), mode: 'snapshot', rows_read: 9, rejected: 2, duplicates: 0, changed: 7, rejects_file: result.rejectsFile },
    ]);
    expect(tempTables()).toEqual([]);
  });

  it('keeps the last row of a customer that occurs twice, and says how often that happened', async () => {
    const target = await segment('customer-id');
    const result = await run(target, fixture('customer-ids.csv'));
    expect(result).toMatchObject({ rowsRead: 6, rejected: 0, duplicates: 1, rejectsFile: null, pending: { NEW: 5 } });
    expect(desiredParams(target.segmentId, 'C-1002')).toContainEqual({ name: 'optin', type: 'string', value: 'true' });
  });

  it('stores the mapped values when the operator applies a mapping, and reports the hints from the whole file', async () => {
    const target = await segment('hashed-email');
    const result = await run(target, fixture('nl-excel-export.csv'), { map: { gender: 'Geslacht', optin: 'Nieuwsbrief' } });
    expect(result.hints.map((h) => [h.column, h.kind, h.applied, h.leftOut])).toEqual([
      ['Geslacht', 'gender', true, 0],
      ['Nieuwsbrief', 'optin', true, 1],
    ]);
    // Zoë's opt-in is empty: it is left out, so Deployteq keeps what it has (never opted back in as Y).
    const zoe = '3e693cf7e5b67880bff33b2d2626dadb7bf1d4bc737192e47cf8baa89acf2250';
    const params = desiredParams(target.segmentId, zoe);
    expect(params).toContainEqual({ name: 'Geslacht', type: 'string', value: 'UNKNOWN' });
    expect(params.map((p: { name: string }) => p.name)).not.toContain('Nieuwsbrief');
  });

  it('a later snapshot against what Deployteq holds: who entered is NEW, who changed MODIFIED, who left REMOVED', async () => {
    const target = await segment('hashed-email');
    const first = folder.write('week1.csv', 'email,city\nann@example.com,Utrecht\nbob@example.com,Breda\ncor@example.com,Delft\n');
    const second = folder.write('week2.csv', 'email,city\nann@example.com,Utrecht\nbob@example.com,Tilburg\ndirk@example.com,Gouda\n');
    await run(target, first);
    deliverAll(target.segmentId);
    const result = await run(target, second);
    expect(result.pending).toEqual({ NEW: 1, MODIFIED: 1, REMOVED: 1 });
  });

  it('a change of number formatting only ("51,17" → "51,170" → "51.17") is not MODIFIED', async () => {
    const target = await segment('hashed-email');
    const week = (score: string, name: string) => folder.write(name, `email;score\nann@example.com;${score}\nbob@example.com;7\n`);
    await run(target, week('51,17', 'week1.csv'));
    deliverAll(target.segmentId);
    expect((await run(target, week('"51,170"', 'week2.csv'))).pending).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
    expect((await run(target, week('51.17', 'week3.csv'))).pending).toEqual({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
    expect((await run(target, week('51,18', 'week4.csv'))).pending).toEqual({ NEW: 0, MODIFIED: 1, REMOVED: 0 });
  });

  it('imports a file with an action column as delta when no mode is given', async () => {
    const target = await segment('hashed-email');
    const members = folder.write('members.csv', 'email,firstName,optin\nalice.jansen@example.com,Alice,Y\nbob@example.nl,Bob,Y\n');
    await run(target, members);
    deliverAll(target.segmentId);
    const result = await run(target, fixture('delta-export.csv'));
    expect(result).toMatchObject({ mode: 'delta', pending: { NEW: 1, MODIFIED: 1, REMOVED: 1 } });
  });

  it('a delta import applies its adds, updates and removes and leaves everyone else alone', async () => {
    const target = await segment('hashed-email');
    const members = folder.write('members.csv', 'email,firstName,optin\nalice.jansen@example.com,Alice,Y\nbob@example.nl,Bob,Y\ncarol@example.com,Carol,N\n');
    await run(target, members);
    deliverAll(target.segmentId);
    const result = await run(target, fixture('delta-export.csv'), { mode: 'delta' });
    expect(result.pending).toEqual({ NEW: 1, MODIFIED: 1, REMOVED: 1 });
    expect((segmentState(target.segmentId).desired as unknown[]).length).toBe(3);
  });

  it('writes the rejects file where the operator asks', async () => {
    const target = await segment('hashed-email');
    const rejectsFile = folder.path('mine/rejects.csv');
    const result = await run(target, fixture('nl-excel-export.csv'), { rejectsFile });
    expect(result.rejectsFile).toBe(rejectsFile);
    expect(readFileSync(rejectsFile, 'utf8').split('\r\n')).toHaveLength(4);
  });

  it('refuses a file with no valid row whole, keeping the rejects that say why, and stores nothing', async () => {
    const target = await segment('hashed-email');
    const error = await errorOf(run(target, badFile('no-valid-rows.csv')));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(
      /^"no-valid-rows\.csv" has no valid row: all 2 rows were rejected; nothing was imported\. The rejected rows and their reasons are in .+\.rejects\.csv$/,
    );
    const rejects = readdirSync(join(dataDir, 'rejects'));
    expect(rejects).toHaveLength(1);
    expect(segmentState(target.segmentId)).toEqual({ desired: [], pending: [] });
    expect(db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
  });
});

async function segmentWithMembers() {
  const target = await segment('hashed-email');
  await run(target, folder.write('before.csv', 'email,city\nann@example.com,Utrecht\nbob@example.com,Breda\n'));
  deliverAll(target.segmentId);
  await run(target, folder.write('change.csv', 'email,city\nann@example.com,Utrecht\ncor@example.com,Delft\n'));
  return target;
}

/** 40,000 valid rows (several chunks staged) and then, at the very end, an unclosed quote. */
function brokenAtTheEnd(): string {
  const rows = Array.from({ length: 40_000 }, (_, i) => `user${i}@example.com,City ${i % 50}`);
  return folder.write('broken.csv', `email,city\n${rows.join('\n')}\nlast@example.com,"Utrecht\n`);
}

describe('an import is one transaction', () => {
  it('an error half-way leaves the segment exactly as before, with no rejects file and no staging left', async () => {
    const target = await segmentWithMembers();
    const before = segmentState(target.segmentId);
    const error = await errorOf(run(target, brokenAtTheEnd()));
    expect(error.message).toBe('"broken.csv" line 40002, column 18: a quoted field is never closed (unclosed quote).');
    expect(segmentState(target.segmentId)).toEqual(before);
    expect(tempTables()).toEqual([]);
    expect(existsSync(join(dataDir, 'rejects'))).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 2 });
  });

  it('a cancel half-way leaves the segment as before', async () => {
    const target = await segmentWithMembers();
    const before = segmentState(target.segmentId);
    const abort = new AbortController();
    const rows = Array.from({ length: 60_000 }, (_, i) => `user${i}@example.com,City ${i % 50}`);
    const file = folder.write('big.csv', `email,city\n${rows.join('\n')}\n`);
    const error = await errorOf(run(target, file, {}, { signal: abort.signal, onProgress: () => abort.abort() }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('Import cancelled');
    expect(segmentState(target.segmentId)).toEqual(before);
    expect(tempTables()).toEqual([]);
  });

  it.each(['unclosed-quote.csv', 'wrong-encoding-utf8.csv', 'header-only.csv', 'binary.csv', 'empty.csv'])(
    'a bad file (%s) changes nothing stored',
    async (name) => {
      const target = await segmentWithMembers();
      const before = segmentState(target.segmentId);
      expect(await errorOf(run(target, badFile(name)))).toBeInstanceOf(UserError);
      expect(segmentState(target.segmentId)).toEqual(before);
      expect(tempTables()).toEqual([]);
    },
  );
});

describe('an import with the file read in parts at once, on worker threads', () => {
  const inParts = { reader: 'parts' as const };
  const comparable = (result: ImportResult) => ({ ...result, durationMs: 0, rejectsFile: result.rejectsFile && 'written' });
  const stored = (segmentId: number) => ({
    desired: db.prepare('SELECT customer_id, params, params_hash FROM desired_state WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
    pending: db.prepare('SELECT customer_id, status FROM pending WHERE segment_id = ? ORDER BY customer_id').all(segmentId),
  });
  /** Imports the file into two fresh segments, in one thread and in parts: how the parts read went, and both results. */
  async function bothWays(identifierType: IdentifierType, file: string, options: Partial<ImportOptions> = {}) {
    const inline = await segment(identifierType, 'inline');
    const parted = await segment(identifierType, 'parts');
    const expected = await run(inline, file, options, { reader: 'inline' });
    let timings: ImportTimings | null = null;
    const result = await run(parted, file, options, { ...inParts, onTimings: (t: ImportTimings) => (timings = t) });
    const rejects = (r: ImportResult) => (r.rejectsFile ? readFileSync(r.rejectsFile, 'utf8') : null);
    return { inline, parted, expected, result, timings: timings!, rejects: { expected: rejects(expected), result: rejects(result) } };
  }

  it.each([
    ['nl-excel-export.csv', {}],
    ['customer-ids.csv', {}],
    ['delta-export.csv', { mode: 'delta' as const }],
    ['nl-excel-export.csv', { map: { gender: 'Geslacht', optin: 'Nieuwsbrief' } }],
    ['delta-export.csv', {}],
    ['hubspot-export.csv', { idColumn: 'Contact ID', map: { gender: 'Gender identity', optin: 'Email subscription' }, valueMaps: { 'Gender identity': { "I'd rather not say": null } } }],
    ['salesforce-contacts-report.csv', { idColumn: 'Contact ID', map: { optout: 'Do Not Email' }, dateOrder: 'mdy' as const }],
    ['profiles.ndjson', {}],
  ])('stores, reports and rejects exactly what reading in one thread does (%s)', async (name, options) => {
    const identifierType = ['customer-ids.csv', 'hubspot-export.csv', 'salesforce-contacts-report.csv', 'profiles.ndjson'].includes(name) ? 'customer-id' : 'hashed-email';
    const { inline, parted, expected, result, timings, rejects } = await bothWays(identifierType, fixture(name), options);
    expect(timings).toMatchObject({ parts: 2, readAgain: false });
    expect(comparable({ ...result, connector: '', segment: '' })).toEqual(comparable({ ...expected, connector: '', segment: '' }));
    expect(stored(parted.segmentId)).toEqual(stored(inline.segmentId));
    expect(rejects.result).toBe(rejects.expected);
  });

  it('keeps the last row per customer across parts, members and newcomers alike, and counts the duplicates', async () => {
    const target = await segment('hashed-email');
    await run(target, folder.write('members.csv', `email,city\n${Array.from({ length: 10 }, (_, i) => `user${i}@example.com,Utrecht`).join('\n')}\n`));
    deliverAll(target.segmentId);
    const rows = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? [`user${i % 10}@example.com`, `Member ${i}`] : [`c-${i % 20_000}@example.com`, `Name ${i}`]));
    const last = new Map(rows.map(([email, city]) => [email, city]));
    let timings: ImportTimings | null = null;
    const file = folder.write('dups.csv', `email,city\n${rows.map((row) => row.join(',')).join('\n')}\n`);
    const result = await run(target, file, {}, { ...inParts, onTimings: (t: ImportTimings) => (timings = t) });
    expect(timings!).toMatchObject({ parts: 2, readAgain: false });
    expect(result.duplicates).toBe(rows.length - last.size);
    for (const email of ['user9@example.com', 'user0@example.com', 'c-5@example.com', 'c-19999@example.com']) {
      expect(desiredParams(target.segmentId, sha256(email)), email).toEqual([{ name: 'city', type: 'string', value: last.get(email) }]);
    }
    expect(result.pending).toEqual({ NEW: last.size - 10, MODIFIED: 10, REMOVED: 0 });
  });

  it('leaves no listener on the cancel signal, however long it waits for the other part (Node warned of a leak past ten)', async () => {
    const target = await segment('hashed-email');
    const rows = Array.from({ length: 60_000 }, (_, i) => `user${i}@example.com,City ${i % 50}`);
    const cancel = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const result = await run(target, folder.write('long.csv', `email,city\n${rows.join('\n')}\n`), {}, { ...inParts, signal: cancel.signal });
      expect(result.pending.NEW).toBe(60_000);
    } finally {
      process.off('warning', onWarning);
    }
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('writes the rejects of every part in line order', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => (i % 997 === 0 ? `not-an-email-${i},City` : `user${i}@example.com,City ${i % 50}`));
    const { result, expected, timings, rejects } = await bothWays('hashed-email', folder.write('some-bad.csv', `email,city\n${rows.join('\n')}\n`));
    expect(timings).toMatchObject({ parts: 2, readAgain: false });
    expect(result.rejected).toBe(21);
    expect(rejects.result).toBe(rejects.expected);
    expect(result.pending).toEqual(expected.pending);
  });

  it('reads the file again in one thread when the cut falls inside a quoted field that spans lines', async () => {
    const note = `"${Array.from({ length: 4000 }, (_, i) => `line ${i} of a note`).join('\n')}"`;
    const rows = Array.from({ length: 2_000 }, (_, i) => `user${i}@example.com,${i === 1_000 ? note : `City ${i}`}`);
    const { result, expected, timings, rejects } = await bothWays('hashed-email', folder.write('note.csv', `email,city\n${rows.join('\n')}\n`));
    expect(timings).toMatchObject({ parts: 1, readAgain: true });
    expect(comparable({ ...result, connector: '', segment: '' })).toEqual(comparable({ ...expected, connector: '', segment: '' }));
    expect(rejects.result).toBe(rejects.expected);
  });

  it('refuses UTF-8 in one part and Windows-1252 in another as one thread does, naming both lines', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `user${i}@example.com,City ${i}`);
    const bytes = Buffer.concat([
      Buffer.from(`email,city\n${rows.slice(0, 10).join('\n')}\nzoe@example.com,Zoë\n${rows.slice(10).join('\n')}\n`, 'latin1'),
      Buffer.from('chloe@example.com,Chloé\n', 'utf8'),
    ]);
    const target = await segmentWithMembers();
    const before = segmentState(target.segmentId);
    const file = folder.write('mixed.csv', bytes);
    const inline = await errorOf(run(target, file, {}, { reader: 'inline' }));
    const parted = await errorOf(run(target, file, {}, inParts));
    expect(inline.message).toMatch(/line 12\b/);
    expect(parted.message).toBe(inline.message);
    expect(segmentState(target.segmentId)).toEqual(before);
  });

  it('reports progress and stops on cancel, leaving the segment as before', async () => {
    const target = await segmentWithMembers();
    const before = segmentState(target.segmentId);
    const abort = new AbortController();
    const rows = Array.from({ length: 60_000 }, (_, i) => `user${i}@example.com,City ${i % 50}`);
    const file = folder.write('big.csv', `email,city\n${rows.join('\n')}\n`);
    const error = await errorOf(run(target, file, {}, { ...inParts, signal: abort.signal, onProgress: () => abort.abort() }));
    expect(error.message).toBe('Import cancelled');
    expect(segmentState(target.segmentId)).toEqual(before);
    expect(tempTables()).toEqual([]);
  });

  it("passes on the reader's errors at their place in the file: an unclosed quote, and a file with no valid row keeping its rejects", async () => {
    const target = await segmentWithMembers();
    const before = segmentState(target.segmentId);
    const broken = await errorOf(run(target, brokenAtTheEnd(), {}, inParts));
    expect(broken).toBeInstanceOf(UserError);
    expect(broken.message).toBe('"broken.csv" line 40002, column 18: a quoted field is never closed (unclosed quote).');
    const invalid = await errorOf(run(target, badFile('no-valid-rows.csv'), {}, inParts));
    expect(invalid).toBeInstanceOf(NoValidRowsError);
    expect(invalid.message).toMatch(/The rejected rows and their reasons are in .*\.rejects\.csv$/);
    expect(segmentState(target.segmentId)).toEqual(before);
    expect(tempTables()).toEqual([]);
  });
});
