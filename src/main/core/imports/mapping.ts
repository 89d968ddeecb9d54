/**
 * Deployteq mapping hints: columns that look like gender, opt-in or yes-no (by header and by values, in
 * Dutch and English), the table of what each value becomes, and the values that cannot be mapped.
 */
import type { MappingHint, MappingKind } from '../../../shared/model';
import { normaliseHeader } from './identifiers';

const GENDER: Record<string, string> = {};
const add = (table: Record<string, string>, target: string, words: string[]) => words.forEach((w) => (table[w] = target));
add(GENDER, 'MAN', ['man', 'male', 'm', 'heer', 'dhr', 'dhr.', 'de heer', 'mr', 'mr.', 'mister']);
add(GENDER, 'WOMAN', ['vrouw', 'female', 'woman', 'f', 'v', 'mevrouw', 'mevr', 'mevr.', 'mw', 'mw.', 'mrs', 'mrs.', 'ms', 'ms.']);
add(GENDER, 'FAMILY', ['familie', 'family', 'fam', 'fam.']);
add(GENDER, 'NONBINARY', ['non-binary', 'nonbinary', 'non binary', 'non-binair', 'nonbinair', 'non binair', 'x']);
add(GENDER, 'UNKNOWN', ['onbekend', 'unknown', 'u', 'onb', 'onb.']);

const OPTIN: Record<string, string> = {};
add(OPTIN, 'Y', ['ja', 'j', 'yes', 'y', 'true', '1', 'waar']);
add(OPTIN, 'N', ['nee', 'n', 'no', 'false', '0', 'onwaar']);

const YESNO: Record<string, string> = {};
add(YESNO, '1', ['yes', 'ja', 'true', '1', 'y', 'j', 'waar']);
add(YESNO, '0', ['no', 'nee', 'false', '0', 'n', 'onwaar']);

const TABLES: Record<MappingKind, Record<string, string>> = { gender: GENDER, optin: OPTIN, yesno: YESNO };

/** What an empty cell becomes: Deployteq's default Y for an opt-in, UNKNOWN for a gender, left empty for yes-no. */
const EMPTY: Record<MappingKind, string | null> = { gender: 'UNKNOWN', optin: 'Y', yesno: null };

/** The Deployteq value for a trimmed source value, or undefined when it cannot be mapped. */
export function mapValue(kind: MappingKind, value: string): string | undefined {
  if (value === '') return EMPTY[kind] ?? '';
  const table = TABLES[kind];
  return table[value] ?? table[value.toLowerCase()];
}

const GENDER_HEADERS = new Set(['gender', 'geslacht', 'sex', 'aanhef', 'salutation']);
const OPTIN_HEADERS = ['optin', 'nieuwsbrief', 'newsletter', 'subscribed', 'toestemming', 'consent'];

function kindByHeader(header: string): MappingKind | null {
  const name = normaliseHeader(header);
  if (GENDER_HEADERS.has(name)) return 'gender';
  if (OPTIN_HEADERS.some((word) => name.includes(word))) return 'optin';
  if (name === 'vip' || /^(is|has|heeft)[_\- ]/i.test(header.trim()) || /^(is|has|heeft)[A-Z]/.test(header.trim())) return 'yesno';
  return null;
}

/**
 * A column's kind from its values when its header says nothing: gender when every value maps to a gender
 * and at least one is a word (single letters such as M / X alone may be sizes); yes-no when every value
 * is a yes/no word, 1 or 0.
 */
function kindByValues(values: string[]): MappingKind | null {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return null;
  if (present.every((v) => mapValue('gender', v) !== undefined) && present.some((v) => v.length > 1)) return 'gender';
  if (present.every((v) => mapValue('yesno', v) !== undefined)) return 'yesno';
  return null;
}

export function detectKind(header: string, sampleValues: string[]): MappingKind | null {
  return kindByHeader(header) ?? kindByValues(sampleValues);
}

const MAX_DISTINCT_UNMAPPED = 200;
const MAX_CACHED = 1000;
const OTHER_VALUES = '(other values)';

interface Seen {
  count: number;
  /** The Deployteq value, or undefined when it cannot be mapped. */
  mapped: string | undefined;
  trimmed: string;
}

/**
 * Counts a column's values as they stream by: the mapping table of values seen, the unmapped values with
 * their counts, the empty opt-ins defaulted to Y. A hint column holds a handful of distinct values, so
 * each cell costs one Map lookup; past a cap (a column of names mapped as a gender by mistake), values
 * are counted without caching and distinct unmapped values are capped, so memory does not grow with the file.
 */
export class HintCounter {
  private readonly seen = new Map<string, Seen>();
  private readonly table = new Map<string, string>();
  private readonly unmapped = new Map<string, number>();
  private defaulted = 0;

  constructor(
    readonly column: string,
    readonly kind: MappingKind,
    readonly applied: boolean,
  ) {}

  /** Counts one cell and returns the value to send when the mapping is applied (unmapped values as found). */
  see(raw: string): string {
    const known = this.seen.get(raw);
    if (known !== undefined) {
      known.count++;
      return known.mapped ?? known.trimmed;
    }
    const trimmed = raw.trim();
    const mapped = mapValue(this.kind, trimmed);
    if (this.seen.size < MAX_CACHED) this.seen.set(raw, { count: 1, mapped, trimmed });
    else this.tally(trimmed, mapped, 1);
    return mapped ?? trimmed;
  }

  hint(): MappingHint {
    const table = new Map(this.table);
    const unmapped = new Map(this.unmapped);
    let defaulted = this.defaulted;
    const tally = (trimmed: string, mapped: string | undefined, count: number) => {
      if (trimmed === '' && this.kind === 'optin') defaulted += count;
      if (mapped === undefined) addUnmapped(unmapped, trimmed, count);
      else if ((trimmed !== '' || EMPTY[this.kind] !== null) && !table.has(trimmed)) table.set(trimmed, mapped);
    };
    for (const { trimmed, mapped, count } of this.seen.values()) tally(trimmed, mapped, count);
    return {
      column: this.column,
      kind: this.kind,
      table: Object.fromEntries(table),
      unmapped: Object.fromEntries([...unmapped].sort((a, b) => b[1] - a[1])),
      defaulted,
      applied: this.applied,
    };
  }

  private tally(trimmed: string, mapped: string | undefined, count: number): void {
    if (trimmed === '' && this.kind === 'optin') this.defaulted += count;
    if (mapped === undefined) addUnmapped(this.unmapped, trimmed, count);
    else if (!this.table.has(trimmed)) this.table.set(trimmed, mapped);
  }
}

function addUnmapped(unmapped: Map<string, number>, value: string, count: number): void {
  const current = unmapped.get(value);
  if (current !== undefined) unmapped.set(value, current + count);
  else if (unmapped.size < MAX_DISTINCT_UNMAPPED) unmapped.set(value, count);
  else unmapped.set(OTHER_VALUES, (unmapped.get(OTHER_VALUES) ?? 0) + count);
}
