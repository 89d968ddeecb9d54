import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/main/core/imports/inspect';
import { fixture, paramsOf, readAll, tempFolder, typesOf } from './helpers';

const folder = tempFolder();
beforeEach(folder.create);
afterEach(folder.remove);

const dutch = fixture('nl-excel-export.csv');

describe('Deployteq mapping hints', () => {
  it('suggests gender for "Geslacht" with every Dutch value it holds, X and onbekend included', async () => {
    const { hints } = await inspectFile(dutch, { identifierType: 'hashed-email' });
    expect(hints.find((h) => h.column === 'Geslacht')).toEqual({
      column: 'Geslacht',
      kind: 'gender',
      table: { Vrouw: 'WOMAN', Man: 'MAN', V: 'WOMAN', onbekend: 'UNKNOWN', X: 'NONBINARY', Familie: 'FAMILY', M: 'MAN' },
      unmapped: {},
      leftOut: 0,
      sentAsUnknown: 0,
      rejected: 0,
      applied: false,
    });
  });

  it('suggests opt-in for "Nieuwsbrief": ja/J/1 → Y, nee/N/0 → N, and an empty cell is counted as left out, never Y', async () => {
    const { hints } = await inspectFile(dutch, { identifierType: 'hashed-email' });
    expect(hints.find((h) => h.column === 'Nieuwsbrief')).toEqual({
      column: 'Nieuwsbrief',
      kind: 'optin',
      table: { ja: 'Y', nee: 'N', J: 'Y', '1': 'Y', '0': 'N', N: 'N' },
      unmapped: {},
      leftOut: 1,
      sentAsUnknown: 0,
      rejected: 0,
      applied: false,
    });
  });

  it('suggests English gender, opt-in and a yes-no "vip" column in customer-ids.csv', async () => {
    const { hints } = await inspectFile(fixture('customer-ids.csv'), { identifierType: 'customer-id' });
    expect(hints.map((h) => [h.column, h.kind])).toEqual([
      ['gender', 'gender'],
      ['optin', 'optin'],
      ['vip', 'yesno'],
    ]);
    expect(hints[0].table).toMatchObject({ female: 'WOMAN', male: 'MAN', 'non-binary': 'NONBINARY', unknown: 'UNKNOWN' });
    expect(hints[2].table).toEqual({ yes: '1', no: '0', '1': '1', '0': '0' });
  });

  it('detects a yes-no column by its values when its header says nothing', async () => {
    const file = folder.write('loyal.csv', 'email,loyal,city\na@example.com,Ja,Utrecht\nb@example.com,nee,Breda\nc@example.com,,Delft\n');
    const { hints } = await inspectFile(file);
    expect(hints).toEqual([expect.objectContaining({ column: 'loyal', kind: 'yesno', table: { Ja: '1', nee: '0' } })]);
  });

  it('does not take a column of sizes (M, X) for a gender', async () => {
    const file = folder.write('sizes.csv', 'email,size\na@example.com,M\nb@example.com,X\n');
    expect((await inspectFile(file)).hints).toEqual([]);
  });

  it('applies the mappings the operator asks for: values become Deployteq\'s, typed string', async () => {
    const { records, summary } = await readAll(dutch, { identifierType: 'hashed-email', map: { gender: 'Geslacht', optin: 'nieuwsbrief' } });
    expect(records.map((r) => paramsOf(r).Geslacht)).toEqual(['WOMAN', 'MAN', 'WOMAN', 'UNKNOWN', 'NONBINARY', 'FAMILY', 'MAN']);
    // Zoë's empty opt-in is left out (undefined here), not sent as Y.
    expect(records.map((r) => paramsOf(r).Nieuwsbrief)).toEqual(['Y', 'N', 'Y', undefined, 'Y', 'N', 'N']);
    expect(typesOf(records[0])).toMatchObject({ Geslacht: 'string', Nieuwsbrief: 'string' });
    expect(summary.hints.map((h) => [h.column, h.applied, h.leftOut])).toEqual([
      ['Geslacht', true, 0],
      ['Nieuwsbrief', true, 1],
    ]);
  });

  it('sends an unmapped gender as UNKNOWN and rejects a row whose opt-in or yes-no it cannot map, counting each', async () => {
    const file = folder.write(
      'odd.csv',
      Buffer.from(
        'E-mailadres;Geslacht;Nieuwsbrief;VIP\r\n' +
          'a@example.com;Vrouw;ja;ja\r\n' +
          'b@example.com;Onzijdig;misschien;nee\r\n' +
          'c@example.com;?;;soms\r\n' +
          'd@example.com;Onzijdig;nee;\r\n' +
          'e@example.com;onbekend;ja;1\r\n',
        'latin1',
      ),
    );
    const { records, rejects, summary } = await readAll(file, {
      identifierType: 'hashed-email',
      map: { gender: 'Geslacht', optin: 'Nieuwsbrief', yesno: 'VIP' },
    });
    const [gender, optin, vip] = summary.hints;
    expect(gender).toMatchObject({ unmapped: { Onzijdig: 2, '?': 1 }, sentAsUnknown: 3, table: { Vrouw: 'WOMAN', onbekend: 'UNKNOWN' } });
    expect(optin).toMatchObject({ unmapped: { misschien: 1 }, rejected: 1, leftOut: 1 });
    expect(vip).toMatchObject({ unmapped: { soms: 1 }, rejected: 1, leftOut: 1, table: { ja: '1', nee: '0', '1': '1' } });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'opt-in value "misschien" in "Nieuwsbrief" cannot be mapped to Y or N; give it a value map to import this row'],
      [4, 'yes-no value "soms" in "VIP" cannot be mapped to 1 or 0; give it a value map to import this row'],
    ]);
    expect(records.map((r) => paramsOf(r))).toEqual([
      { Geslacht: 'WOMAN', Nieuwsbrief: 'Y', VIP: '1' },
      { Geslacht: 'UNKNOWN', Nieuwsbrief: 'N' },
      { Geslacht: 'UNKNOWN', Nieuwsbrief: 'Y', VIP: '1' },
    ]);
  });

  it('counts the hints over the whole file when importing, not only the rows the inspection saw', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `u${i}@example.com,${i === 2500 ? 'Onzijdig' : i % 2 ? 'Man' : 'Vrouw'}`);
    const file = folder.write('many.csv', `email,gender\n${rows.join('\n')}\n`);
    expect((await inspectFile(file)).hints[0].unmapped).toEqual({});
    const { summary } = await readAll(file, { identifierType: 'hashed-email' });
    expect(summary.hints[0]).toMatchObject({ column: 'gender', applied: false, unmapped: { Onzijdig: 1 } });
  });

  it('refuses a mapping of a column that is not in the file, listing the headers', async () => {
    await expect(readAll(dutch, { identifierType: 'hashed-email', map: { gender: 'Sex' } })).rejects.toThrow(
      '"nl-excel-export.csv" has no column "Sex" for the gender mapping; its columns are: "E-mailadres", "Voornaam", "Achternaam", "Geslacht", "Nieuwsbrief", "Klant sinds", "Punten".',
    );
  });
});

describe('chosen columns and types', () => {
  it('sends only the columns picked, in the file\'s order, and marks the rest ignored', async () => {
    const { records, summary } = await readAll(dutch, { identifierType: 'hashed-email', columns: ['punten', 'Voornaam'] });
    expect(records[0].params.map((p) => p.name)).toEqual(['Voornaam', 'Punten']);
    expect(summary.columns.filter((c) => c.role === 'ignored').map((c) => c.name)).toEqual(['Achternaam', 'Geslacht', 'Nieuwsbrief', 'Klant sinds']);
  });

  it('refuses a picked column that is not in the file, listing the headers', async () => {
    await expect(readAll(dutch, { identifierType: 'hashed-email', columns: ['Plaats'] })).rejects.toThrow(/has no column "Plaats" for the columns to import; its columns are: "E-mailadres", /);
  });

  it('lets the operator override an inferred type', async () => {
    const { records, summary } = await readAll(dutch, { identifierType: 'hashed-email', types: { Punten: 'string', 'Klant sinds': 'string' } });
    expect(typesOf(records[0])).toMatchObject({ Punten: 'string', 'Klant sinds': 'string' });
    expect(paramsOf(records[0])['Klant sinds']).toBe('03-01-2021');
    expect(summary.columns.find((c) => c.name === 'Punten')?.type).toBe('string');
  });

  it('converts by the type inferred from the first rows, sending a later value that does not fit as a string', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `u${i}@example.com,${i === 1400 ? 'n/a' : i}`);
    const file = folder.write('late-text.csv', `email,points\n${rows.join('\n')}\n`);
    const { records, summary } = await readAll(file, { identifierType: 'hashed-email' });
    expect(summary.columns[1]).toEqual({ name: 'points', type: 'number', role: 'param' });
    expect(records[1400].params).toEqual([{ name: 'points', type: 'string', value: 'n/a' }]);
    expect(records[1399].params).toEqual([{ name: 'points', type: 'number', value: '1399' }]);
  });
});

describe('which columns are offered a mapping', () => {
  it('never offers timestamps, IP addresses or an all-empty column as opt-in, whatever the header says', async () => {
    const file = folder.write(
      'system.csv',
      'email,OPTIN_TIME,OPTIN_IP,CONFIRM_OPTIN_IP,newsletter_consent\n' +
        'a@example.com,2025-02-02 09:00:00,,192.168.1.20,\n' +
        'b@example.com,2025-02-03 09:00,,2001:db8::1,\n',
    );
    expect((await inspectFile(file)).hints).toEqual([]);
  });

  it('offers yes-no by values only for a yes and a no in words, not for numbers such as a time-zone offset', async () => {
    const file = folder.write('flags.csv', 'email,GMTOFF,DSTOFF,loyal,bit\na@example.com,1,2,ja,1\nb@example.com,1,2,nee,0\nc@example.com,1,2,ja,1\n');
    expect((await inspectFile(file)).hints.map((h) => [h.column, h.kind])).toEqual([['loyal', 'yesno']]);
  });

  it.each([['Email Opt Out'], ['Do Not Email'], ['Afgemeld'], ['Unsubscribed'], ['Newsletter opt-out']])('offers %j as an opt-out (inverted opt-in)', async (header) => {
    const file = folder.write('optout.csv', `email,${header}\na@example.com,true\nb@example.com,false\nc@example.com,ja\n`);
    const [hint] = (await inspectFile(file)).hints;
    expect(hint).toMatchObject({ column: header, kind: 'optout', table: { true: 'N', false: 'Y', ja: 'N' } });
  });

  it('keeps Dutch salutations working for gender: Dhr., Mevr., Mw., Fam.', async () => {
    const file = folder.write('aanhef.csv', 'email,Aanhef\na@example.com,Dhr.\nb@example.com,Mevr.\nc@example.com,Mw.\nd@example.com,Fam.\ne@example.com,dhr\n');
    const [hint] = (await inspectFile(file)).hints;
    expect(hint).toMatchObject({ column: 'Aanhef', kind: 'gender', unmapped: {}, table: { 'Dhr.': 'MAN', 'Mevr.': 'WOMAN', 'Mw.': 'WOMAN', 'Fam.': 'FAMILY', dhr: 'MAN' } });
  });

  it('offers a HubSpot-style "Gender identity" column and subscription words as opt-in', async () => {
    const { hints } = await inspectFile(fixture('hubspot-export.csv'));
    expect(hints.map((h) => [h.column, h.kind])).toEqual([
      ['Gender identity', 'gender'],
      ['Email subscription', 'optin'],
    ]);
  });
});

describe('opt-out mapping and the operator\'s value maps', () => {
  const file = () =>
    folder.write('afgemeld.csv', 'email,Afgemeld,Geslacht\na@example.com,ja,Vrouw\nb@example.com,nee,Onzijdig\nc@example.com,,Man\nd@example.com,misschien,Dr.\n');

  it('sends an opt-out inverted: ja → N, nee → Y; an empty one is left out', async () => {
    const { records, rejects } = await readAll(file(), { identifierType: 'hashed-email', map: { optout: 'Afgemeld' } });
    expect(records.map((r) => paramsOf(r).Afgemeld)).toEqual(['N', 'Y', undefined]);
    expect(rejects.map((r) => r.reason)).toEqual(['opt-out value "misschien" in "Afgemeld" cannot be mapped to Y or N; give it a value map to import this row']);
  });

  it('maps the values the operator chose, any case, and rejects those marked to reject', async () => {
    const { records, rejects, summary } = await readAll(file(), {
      identifierType: 'hashed-email',
      map: { optout: 'Afgemeld', gender: 'geslacht' },
      valueMaps: { afgemeld: { MISSCHIEN: 'y' }, Geslacht: { onzijdig: 'NONBINARY', 'Dr.': null } },
    });
    expect(records.map((r) => [paramsOf(r).Afgemeld, paramsOf(r).Geslacht])).toEqual([
      ['N', 'WOMAN'],
      ['Y', 'NONBINARY'],
      [undefined, 'MAN'],
    ]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[5, 'gender value "Dr." in "Geslacht" is marked to reject']]);
    expect(summary.hints.find((h) => h.kind === 'gender')).toMatchObject({ table: { Onzijdig: 'NONBINARY' }, unmapped: {}, rejected: 1, sentAsUnknown: 0 });
  });

  it('refuses, before reading, a value map to a value Deployteq does not accept or for a column that is not mapped', async () => {
    await expect(readAll(file(), { identifierType: 'hashed-email', map: { optout: 'Afgemeld' }, valueMaps: { Afgemeld: { misschien: 'ja' } } })).rejects.toThrow(
      'The value map of "Afgemeld" (opt-out) sends "misschien" as "ja", which Deployteq does not accept: use Y, N, or reject the row.',
    );
    await expect(readAll(file(), { identifierType: 'hashed-email', valueMaps: { Geslacht: { Onzijdig: 'NONBINARY' } } })).rejects.toThrow(
      'The value map names the column "Geslacht", which is not mapped: map it as gender, opt-in, opt-out or yes-no first.',
    );
  });

  it('under any applied mapping, sends only Deployteq\'s values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom('ja', 'Nee', 'Y', '0', 'Man', 'v', 'Fam.', '', 'x'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 12 }), async (cells) => {
        const clean = cells.map((c) => c.replace(/[",;\r\n]/g, ''));
        const rows = clean.map((c, i) => `u${i}@example.com,${c},${c},${c},${c}`).join('\n');
        const csv = folder.write('any.csv', `email,g,o,oo,yn\n${rows}\n`);
        const mapped = await readAll(csv, { identifierType: 'hashed-email', map: { gender: 'g', optin: 'o', optout: 'oo', yesno: 'yn' } }).catch(() => null);
        for (const record of mapped?.records ?? []) {
          const sent = paramsOf(record);
          expect(['MAN', 'WOMAN', 'FAMILY', 'NONBINARY', 'UNKNOWN']).toContain(sent.g);
          for (const [name, allowed] of [['o', ['Y', 'N']], ['oo', ['Y', 'N']], ['yn', ['1', '0']]] as const) {
            if (name in sent) expect(allowed).toContain(sent[name]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('mappings in an NDJSON file', () => {
  it('apply as in a CSV: the empty opt-in left out, an unmapped one rejecting its line with the reason', async () => {
    const file = folder.write(
      'profiles.ndjson',
      '{"email":"a@example.com","optin":"ja","gender":"Dr."}\n{"email":"b@example.com","optin":"","gender":"v"}\n{"email":"c@example.com","optin":"soms","gender":"m"}\n',
    );
    const { records, rejects } = await readAll(file, { identifierType: 'hashed-email', map: { optin: 'optin', gender: 'gender' } });
    expect(records.map((r) => paramsOf(r))).toEqual([{ optin: 'Y', gender: 'UNKNOWN' }, { gender: 'WOMAN' }]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[3, 'opt-in value "soms" in "optin" cannot be mapped to Y or N; give it a value map to import this row']]);
  });
});
