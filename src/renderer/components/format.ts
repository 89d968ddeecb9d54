import { localTime } from '../../shared/time';
/** Small formatters shared by the screens. */
export const formatNumber = (n: number) => n.toLocaleString('en-GB');

/** A time in this computer's time zone, with the zone shown (the engine's sentences use the same format). */
export const formatTime = (ms: number | null | undefined) => (ms == null ? '—' : localTime(ms));

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "in 4 min 10 s", "in 2 h 5 min", "due now". */
export function formatCountdown(target: number, now: number): string {
  const seconds = Math.round((target - now) / 1000);
  // Overdue (the scheduler is about to run it, or is not running): a count of hours past helps nobody.
  if (seconds < 1) return 'due now';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
  return `in ${text}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)' };
