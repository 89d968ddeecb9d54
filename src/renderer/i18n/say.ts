import i18n from 'i18next';
import { english, englishFormats, type Message, type Said } from '../../shared/messages';
import type { FlushReport } from '../../shared/api';
import type { DeliveryOutlook } from '../../shared/model';
import { outlookMessages, quotedReason } from '../../shared/outlook';
import { formatNumber, formatTime } from '../components/format';

const known = (key: string) => i18n.exists(key) || i18n.exists(`${key}_other`);

/**
 * A log outcome's sentence (delivery/outcome.ts `said`: an `outcome.*` key and its values) in the screens'
 * language; `englishText`, the engine's own sentence, for a code these screens do not know (a newer engine).
 */
export function wordSaid(said: Said | null | undefined, englishText: string): string {
  if (!said || !known(said.code)) return englishText;
  const values: Record<string, string | number> = { ...said.values };
  if (typeof values.count === 'number') values.formatted = formatNumber(values.count);
  if (typeof values.until === 'number') values.until = formatTime(values.until);
  if (typeof values.limit === 'number') values.limit = formatNumber(values.limit);
  return i18n.t(said.code, values);
}

/**
 * An engine message (shared/messages.ts) in the screens' language, its nested sentences worded too;
 * `englishText` for a code these screens do not know, or where the engine sent no message.
 */
export function wordMessage(m: Message | null | undefined, englishText: string): string {
  if (!m || !known(`messages.${m.code}`)) return englishText;
  const params: Record<string, string | number | null> = { ...m.params };
  for (const [name, said] of Object.entries(m.nested ?? {})) {
    const english = params[name];
    params[name] = wordSaid(said, typeof english === 'string' ? english : '');
  }
  return i18n.t(`messages.${m.code}`, params);
}

/** What happens to the pending changes after an import (shared/outlook.ts), in the screens' language. */
export function outlookText(o: DeliveryOutlook, connector: string): string {
  const reason = o.stateReason ? quotedReason(wordSaid(o.stateSaid, o.stateReason)) : '';
  return outlookMessages(o, connector)
    .map((m) => wordMessage('reason' in m.params ? { ...m, params: { ...m.params, reason } } : m, english(m, englishFormats(o.at))))
    .join(' ');
}

/** Why a flush did not deliver everything, one line per reason, in the screens' language. */
export const flushProblems = (report: FlushReport): string[] =>
  (report.problems ?? []).map((english, i) => wordMessage(report.problemMessages?.[i], english));
