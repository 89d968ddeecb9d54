import { WALL_CLOCK_PARTS } from '../../../shared/time';

/**
 * Deployteq counts its daily request limit per calendar day in Dutch time. These helpers turn an instant
 * into that day and find the next midnight there, with Intl (so daylight saving time is handled).
 */
const TIME_ZONE = 'Europe/Amsterdam';

const partsFormat = new Intl.DateTimeFormat('en-CA', { ...WALL_CLOCK_PARTS, timeZone: TIME_ZONE });

function wallClock(at: number) {
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** The last day asked for, valid from `since` until the next midnight: the drain asks three times a request, and Intl is slow. */
let lastDay: { since: number; until: number; day: string } | null = null;

/** The calendar day in Amsterdam, as `yyyy-mm-dd`. */
export function amsterdamDay(at: number): string {
  if (lastDay && at >= lastDay.since && at < lastDay.until) return lastDay.day;
  const { year, month, day } = wallClock(at);
  const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  lastDay = { since: at, until: nextAmsterdamMidnight(at), day: text };
  return text;
}

/** Amsterdam's offset from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(at: number): number {
  const w = wallClock(at);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/** The first instant of the next calendar day in Amsterdam. */
export function nextAmsterdamMidnight(at: number): number {
  const { year, month, day } = wallClock(at);
  const midnightAsUtc = Date.UTC(year, month - 1, day + 1);
  let guess = midnightAsUtc - offsetAt(midnightAsUtc);
  guess = midnightAsUtc - offsetAt(guess);
  return guess;
}
