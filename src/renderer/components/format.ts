/** Small formatters shared by the screens. */
export const formatNumber = (n: number) => n.toLocaleString('en-GB');

export const formatTime = (ms: number | null | undefined) =>
  ms == null ? '—' : new Date(ms).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "in 4 min 10 s", "now", "2 min ago". */
export function formatCountdown(target: number, now: number): string {
  const seconds = Math.round((target - now) / 1000);
  if (Math.abs(seconds) < 1) return 'now';
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text = h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
  return seconds > 0 ? `in ${text}` : `${text} overdue`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)' };
