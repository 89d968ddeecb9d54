import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customerId, hashedEmail, parseAction } from '../../../src/main/core/imports/identifiers';
import { inferType, paramConverter, toIsoDate } from '../../../src/main/core/imports/values';

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
