import i18n from 'i18next';
import type { BatchEventView } from '../../../shared/model';
import { wordSaid } from '../../i18n/say';

/** The colour of an attempt: delivered, retried later, or needing the operator; notes are grey. */
export function statusColor(e: BatchEventView): string {
  if (e.kind !== 'attempt') return e.kind === 'budget' ? 'yellow' : 'gray';
  const s = e.httpStatus;
  if (s !== null && s >= 200 && s < 300) return 'teal';
  if (s === 400 || s === 401 || s === 403) return 'red';
  if (s === 429) return 'yellow';
  return 'orange';
}

/** The HTTP status, "no answer" for a network failure, or for a note what happened (paused, resumed, deferred). */
export const statusLabel = (e: BatchEventView) =>
  e.httpStatus !== null ? String(e.httpStatus) : e.kind === 'attempt' ? i18n.t('log.noAnswer') : i18n.t(`outcomeLabel.outcome_${e.outcome}`, { defaultValue: e.outcome });

/**
 * What an attempt means, in the screens' language: worded from the engine's code and values when it sent them
 * (delivery/outcome.ts `said`), else the engine's own English sentence (retries, notes, older events).
 */
export const meaningText = (e: BatchEventView): string => wordSaid(e.meaningCode ? { code: e.meaningCode, values: e.meaningValues ?? {} } : null, e.meaning);

export const segmentNames = (e: BatchEventView) => Object.keys(e.counts).join(', ') || '—';

export function countsText(e: BatchEventView): string {
  const total = { NEW: 0, MODIFIED: 0, REMOVED: 0 };
  for (const c of Object.values(e.counts)) {
    total.NEW += c.NEW ?? 0;
    total.MODIFIED += c.MODIFIED ?? 0;
    total.REMOVED += c.REMOVED ?? 0;
  }
  return [
    total.NEW && i18n.t('log.countsNew', { count: total.NEW }),
    total.MODIFIED && i18n.t('log.countsModified', { count: total.MODIFIED }),
    total.REMOVED && i18n.t('log.countsRemoved', { count: total.REMOVED }),
  ].filter(Boolean).join(' · ');
}
