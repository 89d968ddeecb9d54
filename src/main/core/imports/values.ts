/**
 * Param types inferred from a column's values, and the conversion of a cell to the string that is sent.
 * Dutch exports write dates day first (dd-mm-yyyy) and decimals with a comma; both are normalised.
 */
import type { DateOrder, Param, ParamType } from '../../../shared/model';
import { UserError } from '../errors';
import { said } from '../../../shared/messages';

/** Which character a column writes its decimals with; null when its values do not tell (a lone separator is then the decimal one). */
export type DecimalMark = ',' | '.' | null;

/** How a column writes its numbers and dates, judged from the sample the inspection reads. */
export interface ColumnFormat {
  decimal: DecimalMark;
  /** The order of n/n/yyyy dates, when a value decides it (a 13 or more in one place); null otherwise. */
  dateOrder: DateOrder | null;
  /** A date that could be read both ways (3/4/2025) when no value decides it: the operator should say. */
  ambiguousDate: string | null;
}

export const PLAIN_FORMAT: ColumnFormat = { decimal: null, dateOrder: null, ambiguousDate: null };

const PLAIN = /^([+-]?)(0|[1-9]\d*)(?:([.,])(\d+))?$/;
const DOT_GROUPED = /^([+-]?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$/;
const COMMA_GROUPED = /^([+-]?)([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * A number written with a decimal comma or point, with or without thousands grouping, in one canonical
 * form: no "+", no grouping, a decimal point, no trailing zeros ("51,170" → "51.17", "1.234,50" → "1234.5").
 * "1.234" is 1234 only in a column that writes decimal commas, else 1.234 (and "1,234" alike). A leading
 * zero (0612345678, 007) is not a number: the zero would be lost. Null when the value is not a number.
 */
export function canonicalNumber(value: string, decimal: DecimalMark = null): string | null {
  let match: RegExpExecArray | null;
  // Runs for every number cell: the grouped forms are tried first only where the column makes them likely.
  if (decimal === ',' && value.includes('.') && (match = DOT_GROUPED.exec(value))) return canonical(match[1], match[2].replaceAll('.', ''), match[3]);
  if (decimal === '.' && value.includes(',') && (match = COMMA_GROUPED.exec(value))) return canonical(match[1], match[2].replaceAll(',', ''), match[3]);
  const plain = canonicalPlain(value);
  if (plain !== null) return plain;
  if ((match = DOT_GROUPED.exec(value))) return canonical(match[1], match[2].replaceAll('.', ''), match[3]);
  if ((match = COMMA_GROUPED.exec(value))) return canonical(match[1], match[2].replaceAll(',', ''), match[3]);
  return null;
}

/**
 * canonicalNumber for the common case, a number without grouping (PLAIN), parsed by hand: it runs for every
 * cell of a number column, and a RegExp match allocates where this only slices.
 */
function canonicalPlain(value: string): string | null {
  const n = value.length;
  const c0 = value.charCodeAt(0);
  const start = c0 === 43 /* + */ || c0 === 45 /* - */ ? 1 : 0;
  let i = start;
  if (i >= n || !isDigitCode(value.charCodeAt(i))) return null;
  if (value.charCodeAt(i) === 48 /* 0 */ && i + 1 < n && isDigitCode(value.charCodeAt(i + 1))) return null;
  while (i < n && isDigitCode(value.charCodeAt(i))) i++;
  if (i === n) return start === 0 ? value : canonical(value[0], value.slice(1), undefined);
  const mark = value.charCodeAt(i);
  if ((mark !== 44 /* , */ && mark !== 46) /* . */ || i + 1 === n) return null;
  for (let k = i + 1; k < n; k++) if (!isDigitCode(value.charCodeAt(k))) return null;
  return canonical(start === 0 ? '' : value[0], value.slice(start, i), value.slice(i + 1));
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

function canonical(sign: string, whole: string, fraction: string | undefined): string {
  let end = fraction?.length ?? 0;
  while (end > 0 && fraction!.charCodeAt(end - 1) === 48 /* 0 */) end--;
  const number = end === 0 ? whole : `${whole}.${fraction!.slice(0, end)}`;
  // The whole part has no leading zero, so the number is zero only when it is "0" itself.
  return sign === '-' && number !== '0' ? `-${number}` : number;
}

/** What one value says about its column's decimal mark: "51,17" and "1.234.567" say comma; "1,234" says nothing. */
function decimalEvidence(value: string): DecimalMark {
  const plain = PLAIN.exec(value);
  if (plain) return plain[3] !== undefined && plain[4].length !== 3 ? (plain[3] as ',' | '.') : null;
  if (DOT_GROUPED.test(value)) return ',';
  if (COMMA_GROUPED.test(value)) return '.';
  return null;
}

export const isNumber = (value: string) => canonicalNumber(value) !== null;
export const isBoolean = (value: string) => /^(true|false)$/i.test(value);

/**
 * A date in one of the accepted forms, as ISO yyyy-mm-dd; null when it is not one (or not a real day):
 * yyyy-m-d, or d-m-yyyy / d/m/yyyy / d.m.yyyy, read month first (3/14/1985) when `order` is mdy.
 */
export function toIsoDate(value: string, order: DateOrder = 'dmy'): string | null {
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
    const one = digits(value, 0, first);
    const two = digits(value, first + 1, second);
    day = order === 'dmy' ? one : two;
    month = order === 'dmy' ? two : one;
    year = digits(value, second + 1, n);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const DATE_TIME = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date and time (2024-02-02 01:01, 2025-02-02T09:00:00Z, 3/14/2025 17:30) as ISO 8601
 * yyyy-mm-ddThh:mm:ss, with the zone only when the file gave one; null when it is not one.
 */
export function toIsoDateTime(value: string, order: DateOrder = 'dmy'): string | null {
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const date = toIsoDate(match[1], order);
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4] ?? '0')];
  if (date === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  const zone = match[6] === undefined ? '' : match[6] === 'Z' ? 'Z' : `${match[6].slice(0, 3)}:${match[6].slice(-2)}`;
  return `${date}T${pad2(hours)}:${match[3]}:${pad2(seconds)}${match[5] ?? ''}${zone}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A date or a date-time, as ISO 8601; null when the value is neither. */
export function toIsoDateOrTime(value: string, order: DateOrder = 'dmy'): string | null {
  return value.length <= 10 ? toIsoDate(value, order) : toIsoDateTime(value, order);
}

const DAY_MONTH = /^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}/;

/** What one value says about its column's date order: 14/3 is day first, 3/14 month first, 3/4 nothing. */
function dateOrderEvidence(value: string): { order: DateOrder | null; ambiguous: boolean } {
  const match = DAY_MONTH.exec(value);
  if (!match) return { order: null, ambiguous: false };
  const [one, two] = [Number(match[1]), Number(match[2])];
  if (one > 12 && two <= 12) return { order: 'dmy', ambiguous: false };
  if (two > 12 && one <= 12) return { order: 'mdy', ambiguous: false };
  return { order: null, ambiguous: one !== two };
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
 * How a column writes numbers and dates, from all the values given (the inspection's sample): the decimal
 * mark when its values agree on one, and the date order when some value decides it (a day above 12).
 * Judged per column, not per value: "1.234" means 1234 only beside values that show a decimal comma.
 */
export function columnFormat(values: readonly string[]): ColumnFormat {
  const decimals = new Set<DecimalMark>();
  const orders = new Set<DateOrder>();
  let ambiguous: string | null = null;
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    const mark = decimalEvidence(value);
    if (mark !== null) decimals.add(mark);
    const evidence = dateOrderEvidence(value);
    if (evidence.order !== null) orders.add(evidence.order);
    if (evidence.ambiguous) ambiguous ??= value;
  }
  const dateOrder = orders.size === 1 ? [...orders][0] : null;
  return { decimal: decimals.size === 1 ? [...decimals][0] : null, dateOrder, ambiguousDate: orders.size === 0 ? ambiguous : null };
}

/**
 * The narrowest type that fits every non-empty value: boolean (true/false), number, date (dates and
 * date-times, in the column's date order), else string. A column of only empty cells is a string column,
 * and so is one whose dates are day first in one row and month first in another. Numbers with a leading
 * zero (phone numbers, postcodes, ids like 007) are not numbers: sending them as numbers would lose the zero.
 */
export function inferType(values: readonly string[], format: ColumnFormat = columnFormat(values)): ParamType {
  let boolean = true;
  let number = true;
  let date = true;
  let any = false;
  const order = format.dateOrder ?? 'dmy';
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    any = true;
    if (boolean && !isBoolean(value)) boolean = false;
    if (number && canonicalNumber(value, format.decimal) === null) number = false;
    if (date && toIsoDateOrTime(value, order) === null) date = false;
    if (!boolean && !number && !date) return 'string';
  }
  if (!any) return 'string';
  return boolean ? 'boolean' : number ? 'number' : date ? 'date' : 'string';
}

/** A date that shows the column is month first, after its first rows were read day first: the import stops, storing nothing. */
export class DateOrderError extends UserError {
  constructor(column: string, value: string) {
    const { text, message } = said('monthFirstDate', { column, value });
    super(text, 'invalid-input', undefined, undefined, message);
  }
}

const TRUE_WORDS = new Set(['true', 'yes', 'ja', 'y', 'j', '1', 'waar']);
const FALSE_WORDS = new Set(['false', 'no', 'nee', 'n', '0', 'onwaar']);

/**
 * Makes the function that turns a cell of a column of `type` into the param sent: numbers canonical,
 * dates yyyy-mm-dd and date-times ISO 8601, read in the column's date order, else in `dateOrder` (the
 * operator's choice for columns whose values do not decide it; day first by default). Values are trimmed;
 * an empty cell stays "" (clearing a value is a change too); a value that does not fit the column's type
 * is sent as it is, typed string, so nothing is lost.
 */
export function paramConverter(name: string, type: ParamType, format: ColumnFormat = PLAIN_FORMAT, dateOrder?: DateOrder): (raw: string) => Param {
  const order = format.dateOrder ?? dateOrder ?? 'dmy';
  // Read day first by default, not by a value or the operator: a later month-first date proves that wrong.
  const guessed = format.dateOrder === null && dateOrder === undefined;
  switch (type) {
    case 'string':
      return (raw) => ({ name, type, value: raw.trim() });
    case 'number':
      return (raw) => {
        const value = raw.trim();
        if (value === '') return { name, type, value };
        const number = canonicalNumber(value, format.decimal);
        return number === null ? { name, type: 'string', value } : { name, type, value: number };
      };
    case 'date':
      return (raw) => {
        const value = raw.trim();
        if (value === '') return { name, type, value };
        const iso = toIsoDateOrTime(value, order);
        if (iso === null && guessed && toIsoDateOrTime(value, 'mdy') !== null) throw new DateOrderError(name, value);
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
