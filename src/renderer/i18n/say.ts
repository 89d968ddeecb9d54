import i18n from 'i18next';
import { english, englishFormats, fillMessage, joinClauses, type Message, type MessageFormats, type Said, type TemplateSource } from '../../shared/messages';
import { localTime as clockTime } from '../../shared/local-time';
import type { ApiErrorShape, FlushReport } from '../../shared/api';
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

/** How the screens write a message's values: numbers and moments as the chosen language writes them. */
const screenFormats = (): MessageFormats => ({
  number: formatNumber,
  time: formatTime,
  clock: (ms) => clockTime(ms, { locale: i18n.language === 'nl' ? 'nl-NL' : 'en-GB' }),
  word: wordValue,
});

/** A code value of a kind (`words.batchState.failed`) in the chosen language; the code itself for one we lack. */
export const wordValue = (kind: string, value: string): string => i18n.t(`words.${kind}.${value}`, { defaultValue: value });

/** A message's template in the chosen language (its plural form by `count`), as the translations hold it. */
const screenTemplate: TemplateSource = (code, params) => {
  const key = `messages.${code}`;
  if (!known(key)) return undefined;
  return i18n.t(key, { count: typeof params.count === 'number' ? params.count : undefined, skipInterpolation: true, nest: false });
};

/**
 * An engine message (shared/messages.ts) in the screens' language, its nested sentences worded too, written out
 * by the engine's own fillMessage; `englishText` for a code these screens do not know, or where the engine sent no message.
 */
export function wordMessage(m: Message | null | undefined, englishText: string): string {
  if (!m) return englishText;
  const params: Record<string, string | number | null> = { ...m.params };
  for (const [name, said] of Object.entries(m.nested ?? {})) {
    const english = params[name];
    params[name] = wordSaid(said, typeof english === 'string' ? english : '');
  }
  return fillMessage({ ...m, params }, screenFormats(), screenTemplate) ?? englishText;
}

/** What a failed call threw (an ApiErrorShape), in the screens' language where the engine sent its message. */
export function wordError(error: unknown): string {
  const { sentence, message } = error as ApiErrorShape;
  return wordMessage(sentence, message);
}

/**
 * A sentence the engine sent as clauses (an adoption's, AdoptPlan.sentences), each worded and joined as the
 * engine joins them; `englishText` where it sent none, or a clause these screens do not know.
 */
export function wordClauses(clauses: readonly Message[] | undefined, englishText: string): string {
  const worded = (clauses ?? []).map((m) => wordMessage(m, ''));
  return worded.length === 0 || worded.includes('') ? englishText : joinClauses(worded);
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

/**
 * What a flush said besides its problems, one line each, in the screens' language: every line of `messages` by
 * its message (lineMessages, the held notes that open them included; absent from an older engine: English).
 */
export function flushNotes(report: FlushReport): string[] {
  const problems = report.problems ?? [];
  const messages = report.lineMessages ?? [];
  return report.messages.flatMap((line, i) => (problems.includes(line) ? [] : [wordMessage(messages[i], line)]));
}
