import cronstrue from 'cronstrue';
import type { ScheduleView } from '../../../shared/model';
import { CRON_TIME_ZONE } from '../../../shared/send-time';
import { cronJob } from './cron';
import { said } from '../../../shared/messages';


/**
 * A cron expression for people: in words ("At 08:00, Monday through Friday, Europe/Amsterdam time") and the
 * next send times, computed with the same library and time zone the scheduler uses. An invalid expression
 * gives its error instead, so the connector form can show it while the operator types.
 */
export function describeSchedule(expression: string, after: number, count = 5): ScheduleView {
  const cron = expression.trim();
  try {
    const job = cronJob(cron);
    const next = job.nextRuns(count, new Date(after)).map((d) => d.getTime());
    job.stop();
    const words = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    return { cron, description: said('cronInWords', { words, zone: CRON_TIME_ZONE }).text, timeZone: CRON_TIME_ZONE, next, error: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { cron, description: null, timeZone: CRON_TIME_ZONE, next: [], error: `"${cron}" is not a valid cron expression: ${reason}` };
  }
}
