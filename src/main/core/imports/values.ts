/**
 * Param types inferred from a column's values, and the conversion of a cell to the string that is sent.
 * Dutch exports write dates day first (dd-mm-yyyy) and decimals with a comma; both are normalised.
 */
import type { Param, ParamType } from '../../../shared/model';

const NUMBER = /^[+-]?(?:0|[1-9]\d*)(?:[.,]\d+)?$/;

export const isNumber = (value: string) => NUMBER.test(value);
export const isBoolean = (value: string) => /^(true|false)$/i.test(value);

/** A date in one of the accepted forms, as ISO yyyy-mm-dd; null when it is not one (or not a real day). */
export function toIsoDate(value: string): string | null {
  // Parsed by hand: this runs for every date cell of a million-row file, and a RegExp plus a Date is slow.
  const n = value.length;
  if (n < 8 || n > 10) return null;
  let year: number, month: number, day: number;
  if (value.charCodeAt(4) === 45 /* - */ && isDigits(value, 0, 4)) {
    const second = value.indexOf('-', 5);
    if (second < 0 || !isDigits(value, 5, second) || !isDigits(value, second + 1, n)) return null;
    if (second - 5 > 2 || n - second - 1 > 2) return null;
    year = digits(value, 0, 4);
    month = digits(value, 5, second);
    day = digits(value, second + 1, n);
  } else {
    const first = firstSeparator(value);
    if (first < 1 || first > 2) return null;
    const separator = value.charCodeAt(first);
    const second = value.indexOf(value[first], first + 1);
    if (second < 0 || second - first - 1 < 1 || second - first - 1 > 2 || n - second - 1 !== 4) return null;
    if (!isDigits(value, 0, first) || !isDigits(value, first + 1, second) || !isDigits(value, second + 1, n)) return null;
    if (separator !== 45 && separator !== 47 && separator !== 46) return null;
    day = digits(value, 0, first);
    month = digits(value, first + 1, second);
    year = digits(value, second + 1, n);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function firstSeparator(value: string): number {
  for (let i = 0; i < 3; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return i;
  }
  return -1;
}

function isDigits(value: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * The narrowest type that fits every non-empty value: boolean (true/false), number, date, else string.
 * A column of only empty cells is a string column. Numbers with a leading zero (phone numbers,
 * postcodes, ids like 007) are not numbers: sending them as numbers would lose the zero.
 */
export function inferType(values: Iterable<string>): ParamType {
  let boolean = true;
  let number = true;
  let date = true;
  let any = false;
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    any = true;
    if (boolean && !isBoolean(value)) boolean = false;
    if (number && !(isNumber(value) && !/^[+-]?0\d/.test(value))) number = false;
    if (date && toIsoDate(value) === null) date = false;
    if (!boolean && !number && !date) return 'string';
  }
  if (!any) return 'string';
  return boolean ? 'boolean' : number ? 'number' : date ? 'date' : 'string';
}

const TRUE_WORDS = new Set(['true', 'yes', 'ja', 'y', 'j', '1', 'waar']);
const FALSE_WORDS = new Set(['false', 'no', 'nee', 'n', '0', 'onwaar']);

/**
 * Makes the function that turns a cell of a column of `type` into the param sent. Values are trimmed;
 * an empty cell stays "" (clearing a value is a change too); a value that does not fit the column's type
 * is sent as it is, typed string, so nothing is lost.
 */
export function paramConverter(name: string, type: ParamType): (raw: string) => Param {
  switch (type) {
    case 'string':
      return (raw) => ({ name, type, value: raw.trim() });
    case 'number':
      return (raw) => {
        const value = raw.trim();
        if (value === '') return { name, type, value };
        if (!isNumber(value)) return { name, type: 'string', value };
        return { name, type, value: value.includes(',') ? value.replace(',', '.') : value };
      };
    case 'date':
      return (raw) => {
        const value = raw.trim();
        if (value === '') return { name, type, value };
        const iso = toIsoDate(value);
        return iso === null ? { name, type: 'string', value } : { name, type, value: iso };
      };
    case 'boolean':
      return (raw) => {
        const value = raw.trim();
        if (value === '') return { name, type, value };
        const word = value.toLowerCase();
        if (TRUE_WORDS.has(word)) return { name, type, value: 'true' };
        if (FALSE_WORDS.has(word)) return { name, type, value: 'false' };
        return { name, type: 'string', value };
      };
  }
}
