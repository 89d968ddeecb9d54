/**
 * A moment as the operator reads it: their own clock, with the zone named ("14:20 CET"), and the day too
 * when it is not today ("Wed 3 Dec, 09:00 CET"; in Dutch "wo 3 dec, 09:00 CET"). `timeZone` is for tests; the machine's zone otherwise.
 */
export function localTime(ms: number, options: { now?: number; timeZone?: string; locale?: string } = {}): string {
  const { now = Date.now(), timeZone, locale = 'en-GB' } = options;
  const day = (at: number) => new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(ms);
  if (day(ms) === day(now)) return time;
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
  return `${date}, ${time}`;
}
