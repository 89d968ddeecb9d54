import { localTime } from '../../shared/time';
import i18n from 'i18next';

/** Small formatters shared by the screens, in the format of the chosen language (50,000 / 50.000; 24 h clock). */
const locale = () => (i18n.language === 'nl' ? 'nl-NL' : 'en-GB');

export const formatNumber = (n: number) => n.toLocaleString(locale());

/**
 * A time in this computer's time zone, with the zone shown: in English as the engine's own sentences write it
 * (2026-03-10 10:00:00 CET), in Dutch as Dutch writes it (10-03-2026 10:00:00 CET); never throws on a bad value.
 */
export const formatTime = (ms: number | null | undefined) => {
  if (ms == null || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '—';
  return i18n.language === 'nl' ? new Date(ms).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'long', hourCycle: 'h23' }) : localTime(ms);
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "in 4 min 10 s", "in 2 h 5 min", "due now". */
export function formatCountdown(target: number, now: number): string {
  const seconds = Math.round((target - now) / 1000);
  // Overdue (the scheduler is about to run it, or is not running): a count of hours past helps nobody.
  if (seconds < 1) return i18n.t('common.dueNow');
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = h > 0 ? i18n.t('common.hours', { h, m }) : m > 0 ? i18n.t('common.minutes', { m, s }) : i18n.t('common.seconds', { s });
  return i18n.t('common.inTime', { time: text });
}

/** The translation key naming each delimiter the reader detects. */
export const DELIMITER_KEYS: Record<string, string> = {
  ',': 'importing.delim_comma',
  ';': 'importing.delim_semicolon',
  '\t': 'importing.delim_tab',
  '|': 'importing.delim_pipe',
};

/** "1 profile", "2 profiles" in English: only for sentences not yet translated (prefer t() with count). */
export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;
