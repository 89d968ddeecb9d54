import { Cron } from 'croner';
import { saidFieldError } from '../errors';
import { CRON_TIME_ZONE } from '../../../shared/send-time';

/** The one way a cron expression is read: paused (we ask it for times, it runs nothing), in the send time zone. */
export const cronJob = (expression: string): Cron => new Cron(expression, { paused: true, timezone: CRON_TIME_ZONE });

/** Checks a cron expression for fixed send times (e.g. "0 8,12,17 * * 1-5"), in Europe/Amsterdam time. */
export function validateCron(expression: string): void {
  try {
    cronJob(expression).stop();
  } catch (error) {
    throw saidFieldError('cronInvalid', { expression, problem: (error as Error).message }, 'invalid-input', { path: 'cron', message: 'Not a valid cron expression' });
  }
}
