/** Cron send times are read in Dutch time, like the daily limit: the scheduler, the CLI and the screens agree. */
export const CRON_TIME_ZONE = 'Europe/Amsterdam';

/** A send time as the operator reads it: in the schedule's time zone, e.g. "Mon 2026-03-09 08:00". */
export function formatSendTime(at: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: CRON_TIME_ZONE, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
