import type { BatchEventView } from '../../../shared/model';

/** The colour of an attempt: delivered, retried later, or needing the operator. */
export function statusColor(e: BatchEventView): string {
  const s = e.httpStatus;
  if (s !== null && s >= 200 && s < 300) return 'teal';
  if (s === 400 || s === 401 || s === 403) return 'red';
  if (s === 429) return 'yellow';
  return 'orange';
}

export const statusLabel = (e: BatchEventView) => (e.httpStatus === null ? 'no answer' : String(e.httpStatus));

export const segmentNames = (e: BatchEventView) => Object.keys(e.counts).join(', ') || '—';

export function countsText(e: BatchEventView): string {
  const total = { NEW: 0, MODIFIED: 0, REMOVED: 0 };
  for (const c of Object.values(e.counts)) {
    total.NEW += c.NEW ?? 0;
    total.MODIFIED += c.MODIFIED ?? 0;
    total.REMOVED += c.REMOVED ?? 0;
  }
  return [total.NEW && `${total.NEW} new`, total.MODIFIED && `${total.MODIFIED} mod`, total.REMOVED && `${total.REMOVED} rem`].filter(Boolean).join(' · ');
}
