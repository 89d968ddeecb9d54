import i18n from 'i18next';
import type { BatchEventView } from '../../../shared/model';
import { SEVERITY_COLORS } from '../../components/severity';
import { wordSaid } from '../../i18n/say';

/** The colour of an event, by what the engine says it means (a 404 that halts is red, like a 401). */
export const statusColor = (e: BatchEventView): string => SEVERITY_COLORS[e.severity];

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
