/**
 * Deployteq mapping: columns that look like gender, opt-in, opt-out or yes-no (by header and by values, in
 * Dutch and English), the table of what each value becomes, and what happens to the values it cannot map.
 * Under an applied mapping only Deployteq's own values go out: an unmapped gender is sent as UNKNOWN, an
 * unmapped opt-in, opt-out or yes-no rejects its row, and an empty one is left out (never sent as Y).
 */
import { MAPPING_TARGETS, UNMAPPED_SENT_AS, type MappingHint, type MappingKind } from '../../../shared/model';
import { saidError } from '../errors';
import { said } from '../../../shared/messages';
import { normaliseHeader } from './identifiers';
import { toIsoDateOrTime } from './values';

const add = (table: Record<string, string>, target: string, words: string[]) => words.forEach((w) => (table[w] = target));

const GENDER: Record<string, string> = {};
add(GENDER, 'MAN', ['man', 'male', 'm', 'heer', 'dhr', 'dhr.', 'de heer', 'mr', 'mr.', 'mister']);
add(GENDER, 'WOMAN', ['vrouw', 'female', 'woman', 'f', 'v', 'mevrouw', 'mevr', 'mevr.', 'mw', 'mw.', 'mej', 'mej.', 'mrs', 'mrs.', 'ms', 'ms.']);
add(GENDER, 'FAMILY', ['familie', 'family', 'fam', 'fam.']);
add(GENDER, 'NONBINARY', ['non-binary', 'nonbinary', 'non binary', 'non-binair', 'nonbinair', 'non binair', 'x']);
add(GENDER, 'UNKNOWN', ['onbekend', 'unknown', 'u', 'onb', 'onb.']);

const YES_WORDS = ['ja', 'j', 'yes', 'y', 'true', '1', 'waar'];
const NO_WORDS = ['nee', 'n', 'no', 'false', '0', 'onwaar'];
/** Subscription states, the same in an opt-in and an opt-out column. */
const SUBSCRIBED = ['subscribed', 'opted in', 'aangemeld', 'ingeschreven'];
const UNSUBSCRIBED = ['unsubscribed', 'opted out', 'afgemeld', 'uitgeschreven'];

const OPTIN: Record<string, string> = {};
add(OPTIN, 'Y', [...YES_WORDS, ...SUBSCRIBED]);
add(OPTIN, 'N', [...NO_WORDS, ...UNSUBSCRIBED]);

/** An inverted opt-in ("Do Not Email", "Afgemeld"): yes means the customer opted out. */
const OPTOUT: Record<string, string> = {};
add(OPTOUT, 'N', [...YES_WORDS, ...UNSUBSCRIBED]);
add(OPTOUT, 'Y', [...NO_WORDS, ...SUBSCRIBED]);

const YESNO: Record<string, string> = {};
add(YESNO, '1', YES_WORDS);
add(YESNO, '0', NO_WORDS);

const TABLES: Record<MappingKind, Record<string, string>> = { gender: GENDER, optin: OPTIN, yesno: YESNO, optout: OPTOUT };

/** An empty gender is Deployteq's UNKNOWN; an empty flag is left out, so Deployteq keeps what it has. */
const EMPTY_GENDER = 'UNKNOWN';

/** The Deployteq value of a trimmed source value by the built-in vocabulary, or undefined when it has none. */
export function mapValue(kind: MappingKind, value: string): string | undefined {
  if (value === '') return kind === 'gender' ? EMPTY_GENDER : undefined;
  const table = TABLES[kind];
  return table[value] ?? table[value.toLowerCase()];
}

// ---- which columns to offer ----

const GENDER_WORDS = ['gender', 'geslacht'];
const GENDER_HEADERS = new Set(['sex', 'aanhef', 'salutation']);
const OPTOUT_WORDS = ['optout', 'donotemail', 'donotmail', 'unsubscribe', 'afgemeld', 'afmelding', 'uitgeschreven', 'emailoptout', 'optedout'];
const OPTIN_WORDS = ['optin', 'nieuwsbrief', 'newsletter', 'subscri', 'toestemming', 'consent'];

function kindByHeader(header: string): MappingKind | null {
  const name = normaliseHeader(header);
  if (GENDER_HEADERS.has(name) || GENDER_WORDS.some((word) => name.includes(word))) return 'gender';
  // Opt-out first: "Unsubscribed" and "Newsletter opt-out" hold opt-in words too.
  if (OPTOUT_WORDS.some((word) => name.includes(word))) return 'optout';
  if (OPTIN_WORDS.some((word) => name.includes(word))) return 'optin';
  if (name === 'vip' || /^(is|has|heeft)[_\- ]/i.test(header.trim()) || /^(is|has|heeft)[A-Z]/.test(header.trim())) return 'yesno';
  return null;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}$/i;
/** Values that say the column is a record of when or where (OPTIN_TIME, OPTIN_IP), not a flag. */
const isTimeOrAddress = (value: string) => toIsoDateOrTime(value) !== null || toIsoDateOrTime(value, 'mdy') !== null || IPV4.test(value) || IPV6.test(value);

/** A header match is offered only for values it can map: at least one, and no timestamp or IP address. */
function valuesFit(kind: MappingKind, present: string[]): boolean {
  return present.some((v) => mapValue(kind, v) !== undefined) && !present.some(isTimeOrAddress);
}

const isDigits = (value: string) => /^\d+$/.test(value);

/**
 * A column's kind from its values when its header says nothing: gender when every value maps to a gender
 * and at least one is a word (single letters such as M / X alone may be sizes); yes-no when every value is
 * a yes-no value and both a yes and a no appear as words (a column of 1s is a count or an offset, not a flag).
 */
function kindByValues(present: string[]): MappingKind | null {
  if (present.every((v) => mapValue('gender', v) !== undefined) && present.some((v) => v.length > 1)) return 'gender';
  if (!present.every((v) => mapValue('yesno', v) !== undefined)) return null;
  const words = present.filter((v) => !isDigits(v)).map((v) => mapValue('yesno', v));
  return words.includes('1') && words.includes('0') ? 'yesno' : null;
}

/** The mapping to offer for a column, from its header and its sampled values; null for none. */
export function detectKind(header: string, sampleValues: string[]): MappingKind | null {
  const present = sampleValues.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return null;
  const byHeader = kindByHeader(header);
  if (byHeader !== null) return valuesFit(byHeader, present) ? byHeader : null;
  return kindByValues(present);
}

// ---- the operator's value maps ----

/** Trimmed source value, folded to lower case → the Deployteq value, or null: reject the row. */
export type ValueMap = Map<string, string | null>;

/**
 * Checks the operator's value maps against the mapped columns and Deployteq's values, before any reading:
 * every column must be mapped, every target one Deployteq accepts for its kind (any case: "y" is Y).
 */
export function prepareValueMaps(
  valueMaps: Record<string, Record<string, string | null>> | undefined,
  mappedKindOf: (column: string) => { column: string; kind: MappingKind | undefined },
): Map<string, ValueMap> {
  const prepared = new Map<string, ValueMap>();
  for (const [named, pairs] of Object.entries(valueMaps ?? {})) {
    const { column, kind } = mappedKindOf(named);
    if (kind === undefined) {
      throw saidError('valueMapUnmapped', { column }, 'invalid-input');
    }
    const targets = MAPPING_TARGETS[kind];
    const map: ValueMap = prepared.get(column) ?? new Map();
    for (const [from, to] of Object.entries(pairs)) {
      const target = to === null ? null : targets.find((t) => t === to.trim().toUpperCase());
      if (target === undefined) {
        const params = { column, kind, from: from.trim(), to, targets: targets.join(', ') };
        throw saidError('valueMapTarget', params, 'invalid-input');
      }
      map.set(from.trim().toLowerCase(), target);
    }
    prepared.set(column, map);
  }
  return prepared;
}

// ---- counting and applying, cell by cell ----

/** What a cell becomes under its column's mapping. */
export type MappedCell = { send: string } | { leaveOut: true } | { reject: string };

type Source = 'vocabulary' | 'operator' | 'unmapped' | 'marked' | 'empty';

interface Seen {
  count: number;
  trimmed: string;
  source: Source;
  /** The Deployteq value when the vocabulary or the operator maps it. */
  mapped: string | undefined;
  cell: MappedCell;
}

const MAX_DISTINCT_UNMAPPED = 200;
const MAX_CACHED = 1000;
const OTHER_VALUES = '(other values)';

/**
 * Counts a column's values as they stream by and says what each becomes: the mapping table of values seen,
 * the unmapped values with their counts, the empty cells left out, the rows rejected. A hint column holds a
 * handful of distinct values, so each cell costs one Map lookup; past a cap (a column of names mapped as a
 * gender by mistake), values are counted without caching and distinct unmapped values are capped, so memory
 * does not grow with the file.
 */
export class HintCounter {
  private readonly seen = new Map<string, Seen>();
  private readonly overflow = new Map<string, Seen>();

  constructor(
    readonly column: string,
    readonly kind: MappingKind,
    readonly applied: boolean,
    private readonly valueMap: ValueMap = new Map(),
  ) {}

  /** Counts one cell and says what is sent for it when the mapping is applied. */
  see(raw: string): MappedCell {
    const known = this.seen.get(raw);
    if (known !== undefined) {
      known.count++;
      return known.cell;
    }
    const entry = this.judge(raw.trim());
    if (this.seen.size < MAX_CACHED) this.seen.set(raw, entry);
    else this.addOverflow(entry);
    return entry.cell;
  }

  /** Each value seen and how many times (the values past the cache by their trimmed text). */
  counts(): Array<[string, number]> {
    const counts: Array<[string, number]> = [];
    for (const [raw, seen] of this.seen) counts.push([raw, seen.count]);
    for (const seen of this.overflow.values()) counts.push([seen.trimmed, seen.count]);
    return counts;
  }

  /** Counts the values another counter saw (a reader of another part of the file). */
  addCounts(counts: ReadonlyArray<[string, number]>): void {
    for (const [raw, count] of counts) {
      this.see(raw);
      const known = this.seen.get(raw);
      if (known) known.count += count - 1;
      else for (let i = 1; i < count; i++) this.see(raw); // past the cache: rare, and counted as seeing it would
    }
  }

  private judge(trimmed: string): Seen {
    const entry = (source: Source, mapped: string | undefined, cell: MappedCell): Seen => ({ count: 1, trimmed, source, mapped, cell });
    const chosen = this.valueMap.get(trimmed.toLowerCase());
    if (chosen === null) return entry('marked', undefined, { reject: said('rejectMarked', this.described(trimmed)).text });
    if (chosen !== undefined) return entry('operator', chosen, { send: chosen });
    const mapped = mapValue(this.kind, trimmed);
    if (mapped !== undefined) return entry('vocabulary', mapped, { send: mapped });
    if (trimmed === '') return entry('empty', undefined, { leaveOut: true });
    const fallback = UNMAPPED_SENT_AS[this.kind];
    if (fallback !== undefined) return entry('unmapped', undefined, { send: fallback });
    const targets = MAPPING_TARGETS[this.kind].join(' or ');
    return entry('unmapped', undefined, { reject: said('rejectUnmapped', { ...this.described(trimmed), targets }).text });
  }

  /** The values a reject reason names the value by (shared/messages.ts rejectMarked, rejectUnmapped). */
  private described(trimmed: string) {
    return { kind: this.kind, value: JSON.stringify(trimmed), column: this.column };
  }

  private addOverflow(entry: Seen): void {
    const key = entry.source === 'unmapped' && !this.overflow.has(entry.trimmed) && this.overflow.size >= MAX_DISTINCT_UNMAPPED ? OTHER_VALUES : entry.trimmed;
    const current = this.overflow.get(key);
    if (current) current.count++;
    else this.overflow.set(key, { ...entry, trimmed: key });
  }

  hint(): MappingHint {
    const table: Record<string, string> = {};
    const unmapped = new Map<string, number>();
    const hint: MappingHint = { column: this.column, kind: this.kind, table, unmapped: {}, leftOut: 0, sentAsUnknown: 0, rejected: 0, applied: this.applied };
    for (const { trimmed, source, mapped, count } of [...this.seen.values(), ...this.overflow.values()]) {
      if (mapped !== undefined && !(trimmed in table)) table[trimmed] = mapped;
      if (source === 'empty') hint.leftOut += count;
      if (source === 'unmapped') addUnmapped(unmapped, trimmed, count);
      if (!this.applied) continue;
      const fallback = UNMAPPED_SENT_AS[this.kind];
      if (source === 'marked' || (source === 'unmapped' && fallback === undefined)) hint.rejected += count;
      if (source === 'unmapped' && fallback !== undefined) hint.sentAsUnknown += count;
    }
    hint.unmapped = Object.fromEntries([...unmapped].sort((a, b) => b[1] - a[1]));
    return hint;
  }
}

function addUnmapped(unmapped: Map<string, number>, value: string, count: number): void {
  const current = unmapped.get(value);
  if (current !== undefined) unmapped.set(value, current + count);
  else if (unmapped.size < MAX_DISTINCT_UNMAPPED) unmapped.set(value, count);
  else unmapped.set(OTHER_VALUES, (unmapped.get(OTHER_VALUES) ?? 0) + count);
}
