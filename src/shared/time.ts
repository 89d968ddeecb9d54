/**
 * Times shown to the operator: in the local time zone of this computer, with the zone named, and never
 * throwing on a value that came from outside (a receiver's Retry-After, a corrupt row): a time that cannot
 * be shown says so instead.
 */
const MAX_DATE_MS = 8.64e15;

/** Every field of a moment, read with formatToParts: numbers (two digits), 24-hour clock. */
export const WALL_CLOCK_PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

const parts = new Intl.DateTimeFormat('en-GB', { ...WALL_CLOCK_PARTS, timeZoneName: 'short' });

/** `2026-03-10 10:00:00 CET` (the zone as the system names it, e.g. `GMT+1` where it has no abbreviation). */
export function localTime(at: number | null | undefined): string {
  if (typeof at !== 'number' || !Number.isFinite(at) || Math.abs(at) > MAX_DATE_MS) return 'an unknown time';
  const p = Object.fromEntries(parts.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** "1 request", "2 requests": a count with its noun, singular when it is one. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}
