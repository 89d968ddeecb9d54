import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerId, hashedEmail, parseAction } from '../../../src/main/core/imports/identifiers';
import { canonicalNumber, columnFormat, inferType, paramConverter, toIsoDate, toIsoDateTime } from '../../../src/main/core/imports/values';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Hashed Email identifiers', () => {
  it('trims, lowercases and hashes with SHA-256 as lowercase hex', () => {
    expect(hashedEmail('  Alice.Jansen@Example.com ')).toEqual({ id: sha256('alice.jansen@example.com') });
  });

  it('normalises to Unicode NFC first, so a composed and a decomposed é give one hash', () => {
    const composed = hashedEmail('ren\u00e9e@example.com');
    const decomposed = hashedEmail('rene\u0301e@example.com');
    expect(decomposed).toEqual(composed);
    expect(composed).toEqual({ id: sha256('ren\u00e9e@example.com') });
  });

  it('takes a value that already is 64 hex characters as the hash, lowercased, not hashed again', () => {
    const hash = sha256('bob@example.com');
    expect(hashedEmail(hash.toUpperCase())).toEqual({ id: hash });
  });

  it.each([
    ['', 'empty email'],
    ['   ', 'empty email'],
    ['not-an-email', 'not an email address: "not-an-email"'],
    ['ann @example.com', 'not an email address: "ann @example.com"'],
    ['ann@example', 'not an email address: "ann@example"'],
    ['@example.com', 'not an email address: "@example.com"'],
  ])('rejects %j: %s', (value, reason) => {
    expect(hashedEmail(value)).toEqual({ reason });
  });
});

describe('Customer ID identifiers', () => {
  it('are sent trimmed, as found', () => {
    expect(customerId('  C-1001 ')).toEqual({ id: 'C-1001' });
  });
  it('reject an empty value', () => {
    expect(customerId(' ')).toEqual({ reason: 'empty customer id' });
  });
});

describe('delta actions', () => {
  it.each([
    ['add', 'upsert'],
    ['Update', 'upsert'],
    ['ENTER', 'upsert'],
    ['insert', 'upsert'],
    ['new', 'upsert'],
    ['modified', 'upsert'],
    ['remove', 'remove'],
    [' exit ', 'remove'],
    ['delete', 'remove'],
    ['removed', 'remove'],
    ['', null],
    ['maybe', null],
  ])('%j is %s', (value, action) => {
    expect(parseAction(value)).toBe(action);
  });
});

describe('type inference', () => {
  it.each([
    [['1', '20', '-3', '4.5', '7,25', ''], 'number'],
    [['true', 'FALSE', ''], 'boolean'],
    [['2024-03-01', '03-01-2021', '3/1/2021', '31.12.1999'], 'date'],
    [['0612345678', '12'], 'string'],
    [['1', 'two'], 'string'],
    [['31-02-2020'], 'string'],
    [['', ' '], 'string'],
  ])('%j is %s', (values, type) => {
    expect(inferType(values)).toBe(type);
  });

  it('reads dates day first, as Dutch exports write them, and checks that the day exists', () => {
    expect(toIsoDate('03-01-2021')).toBe('2021-01-03');
    expect(toIsoDate('1/2/2020')).toBe('2020-02-01');
    expect(toIsoDate('29-02-2020')).toBe('2020-02-29');
    expect(toIsoDate('29-02-2021')).toBeNull();
    expect(toIsoDate('2024-3-1')).toBe('2024-03-01');
    expect(toIsoDate('2024-03-01T10:00')).toBeNull();
  });
});

describe('param values', () => {
  it('are trimmed strings; an empty cell stays ""', () => {
    const convert = paramConverter('city', 'string');
    expect(convert(' Utrecht ')).toEqual({ name: 'city', type: 'string', value: 'Utrecht' });
    expect(convert('')).toEqual({ name: 'city', type: 'string', value: '' });
  });

  it('numbers are sent as in the file, a decimal comma becoming a dot', () => {
    const convert = paramConverter('score', 'number');
    expect(convert('7,5').value).toBe('7.5');
    expect(convert('0042').value).toBe('0042');
    expect(convert('-3').value).toBe('-3');
  });

  it('dates become yyyy-mm-dd; booleans true/false (yes/no words too when typed boolean)', () => {
    expect(paramConverter('d', 'date')('15-07-2019').value).toBe('2019-07-15');
    const bool = paramConverter('b', 'boolean');
    expect(['TRUE', 'false', 'ja', 'nee', '1', '0'].map((v) => bool(v).value)).toEqual(['true', 'false', 'true', 'false', 'true', 'false']);
  });

  it('send a value that does not fit the column type as it is, typed string: nothing is lost', () => {
    expect(paramConverter('score', 'number')('n/a')).toEqual({ name: 'score', type: 'string', value: 'n/a' });
    expect(paramConverter('since', 'date')('soon')).toEqual({ name: 'since', type: 'string', value: 'soon' });
    expect(paramConverter('ok', 'boolean')('perhaps')).toEqual({ name: 'ok', type: 'string', value: 'perhaps' });
  });
});

describe('canonical numbers', () => {
  it.each([
    ['51,17', '51.17'],
    ['51,170', '51.17'],
    ['51.17', '51.17'],
    ['+7,50', '7.5'],
    ['-0,0', '0'],
    ['3,0', '3'],
    ['1.234.567', '1234567'],
    ['1.234,50', '1234.5'],
    ['1,234,567.25', '1234567.25'],
  ])('%j is sent as %j', (value, canonical) => {
    expect(canonicalNumber(value)).toBe(canonical);
  });

  it('reads a lone "1.234" as 1234 only in a column that writes decimal commas, and as 1.234 otherwise', () => {
    expect(columnFormat(['51,17', '1.234']).decimal).toBe(',');
    expect(paramConverter('n', 'number', columnFormat(['51,17', '1.234']))('1.234').value).toBe('1234');
    expect(paramConverter('n', 'number', columnFormat(['51.17', '1.234']))('1.234').value).toBe('1.234');
    expect(paramConverter('n', 'number', columnFormat(['1,234.5', '1,234']))('1,234').value).toBe('1234');
    expect(paramConverter('n', 'number')('1,234').value).toBe('1.234');
  });

  it('keeps what is not a number as it is: leading zeros, phone numbers, IP addresses', () => {
    expect(['0612345678', '007', '06.12.34.56', '192.168.1.1', '1.23.456', '12,34,56'].map((v) => canonicalNumber(v))).toEqual([null, null, null, null, null, null]);
  });

  it('gives one value for any way of writing the same decimal (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.nat({ max: 9999 }), fc.nat({ max: 3 }), fc.constantFrom(',', '.'), fc.boolean(), (whole, fraction, zeros, mark, plus) => {
        const digits = String(fraction).padStart(4, '0');
        const sign = whole < 0 ? '-' : plus ? '+' : '';
        const written = `${sign}${Math.abs(whole)}${mark}${digits}${'0'.repeat(zeros)}`;
        const canonical = canonicalNumber(written);
        // The canonical text is the number JavaScript reads, written the shortest way.
        expect(canonical).toBe(canonicalNumber(`${sign}${Math.abs(whole)}.${digits}`));
        expect(Number(canonical)).toBeCloseTo(Number(`${whole < 0 ? '-' : ''}${Math.abs(whole)}.${digits}`), 6);
        expect(canonical).not.toMatch(/\.$|\.\d*0$|^\+/);
      }),
    );
  });

  it('takes as a number exactly the plain and grouped forms, for any text of digits, signs and separators (property)', () => {
    const plain = /^[+-]?(?:0|[1-9]\d*)(?:[.,]\d+)?$/;
    const grouped = /^[+-]?[1-9]\d{0,2}(?:(?:\.\d{3})+(?:,\d+)?|(?:,\d{3})+(?:\.\d+)?)$/;
    fc.assert(
      fc.property(fc.stringMatching(/^[-+0-9.,]{1,12}$/), (text) => {
        expect(canonicalNumber(text) !== null).toBe(plain.test(text) || grouped.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads grouped thousands to the same number as ungrouped (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9_999_999_999 }), fc.nat({ max: 99 }), (whole, cents) => {
        const grouped = whole.toLocaleString('en-US');
        const fraction = String(cents).padStart(2, '0');
        const expected = canonicalNumber(`${whole}.${fraction}`);
        expect(canonicalNumber(`${grouped}.${fraction}`)).toBe(expected);
        expect(canonicalNumber(`${grouped.replaceAll(',', '.')},${fraction}`)).toBe(expected);
      }),
    );
  });
});

describe('dates and date-times', () => {
  it('reads US dates month first when the column says so, and date-times as ISO 8601', () => {
    expect(toIsoDate('3/14/1985', 'mdy')).toBe('1985-03-14');
    expect(toIsoDate('3/14/1985')).toBeNull();
    expect(toIsoDateTime('2024-02-02 01:01')).toBe('2024-02-02T01:01:00');
    expect(toIsoDateTime('2025-02-02T09:00:00Z')).toBe('2025-02-02T09:00:00Z');
    expect(toIsoDateTime('2025-02-02T09:00:00.123+0100')).toBe('2025-02-02T09:00:00.123+01:00');
    expect(toIsoDateTime('14-03-2025 17:30', 'dmy')).toBe('2025-03-14T17:30:00');
    expect(toIsoDateTime('2024-02-02 24:00')).toBeNull();
  });

  it('decides a column\'s date order from all its values, and says when none decides it', () => {
    expect(columnFormat(['2/2/2025', '1/13/2025', '4/4/2025'])).toMatchObject({ dateOrder: 'mdy', ambiguousDate: null });
    expect(columnFormat(['03-01-2021', '15-07-2019'])).toMatchObject({ dateOrder: 'dmy', ambiguousDate: null });
    expect(columnFormat(['2/2/2025', '3/4/2025'])).toMatchObject({ dateOrder: null, ambiguousDate: '3/4/2025' });
    expect(columnFormat(['2/2/2025', '5/5/2025'])).toMatchObject({ dateOrder: null, ambiguousDate: null });
    expect(inferType(['2/2/2025', '1/13/2025'])).toBe('date');
    // Day first in one row and month first in another: not dates anyone can trust.
    expect(inferType(['13/1/2025', '1/13/2025'])).toBe('string');
  });

  it('turns any real day, written in any accepted form and order, into the same yyyy-mm-dd (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('-', '/', '.'), fc.boolean(), (date, separator, pad) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = date.toISOString().slice(0, 10);
        const two = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
        expect(toIsoDate(`${two(d)}${separator}${two(m)}${separator}${y}`, 'dmy')).toBe(iso);
        expect(toIsoDate(`${two(m)}${separator}${two(d)}${separator}${y}`, 'mdy')).toBe(iso);
        expect(toIsoDate(`${y}-${two(m)}-${two(d)}`)).toBe(iso);
        const order = columnFormat([`${two(m)}/${two(d)}/${y}`]).dateOrder;
        if (d > 12) expect(order).toBe('mdy');
      }),
    );
  });

  it('refuses days that do not exist (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(toIsoDate(`${d}-${m}-${y}`) !== null).toBe(real);
      }),
    );
  });
});
