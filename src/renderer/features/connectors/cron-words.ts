import cronstrue from 'cronstrue';
import 'cronstrue/locales/nl';
import i18n from 'i18next';
import type { ScheduleView } from '../../../shared/model';
import { wordMessage } from '../../i18n/say';

/**
 * A valid schedule in words, in the screens' language: cronstrue (the library the engine words it with) in
 * that language, and the time zone the scheduler uses. English reads exactly as the engine's description.
 */
export function scheduleInWords(schedule: ScheduleView): string | null {
  if (!schedule.description) return null;
  try {
    const words = cronstrue.toString(schedule.cron, { locale: i18n.language, use24HourTimeFormat: true, throwExceptionOnParseError: true });
    return wordMessage({ code: 'cronInWords', params: { words, zone: schedule.timeZone } }, schedule.description);
  } catch {
    return schedule.description; // the engine read it; this copy of the library could not: its English serves
  }
}
