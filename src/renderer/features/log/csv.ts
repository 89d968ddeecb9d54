import type { BatchEventView } from '../../../shared/model';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** One CSV cell: quoted when needed, and never read by a spreadsheet as a formula. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const sum = (e: BatchEventView, status: 'NEW' | 'MODIFIED' | 'REMOVED') =>
  Object.values(e.counts).reduce((n, c) => n + (c[status] ?? 0), 0);

export const CSV_HEADER = ['time', 'connector', 'batch_uuid', 'kind', 'outcome', 'http_status', 'meaning', 'latency_ms', 'customers', 'new', 'modified', 'removed', 'segments', 'next_retry'];

/** The log as a spreadsheet: one line per attempt, times in ISO 8601 (UTC). */
export function eventsToCsv(events: BatchEventView[]): string {
  const lines = events.map((e) =>
    [
      iso(e.at), e.connectorName, e.batchUuid, e.kind, e.outcome, e.httpStatus, e.meaning, e.latencyMs, e.customers,
      sum(e, 'NEW'), sum(e, 'MODIFIED'), sum(e, 'REMOVED'), Object.keys(e.counts).join(' | '), iso(e.nextRetryAt),
    ].map(csvCell).join(','),
  );
  return [CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Saves text as a file through the browser's own download, no server round trip. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
