import type { DeliveryOutlook } from './model';
import { english, englishFormats, message, type Message, type MessageFormats } from './messages';

/**
 * What will happen to the pending changes after an import, in one or two sentences, for the CLI and the
 * Import screen alike. `at` formats a moment (the operator's local time with its zone by default).
 */
export function describeOutlook(o: DeliveryOutlook, connector: string, at?: (ms: number) => string): string {
  const formats: MessageFormats = { ...englishFormats(o.at), ...(at ? { clock: at, time: at } : {}) };
  return outlookMessages(o, connector).map((m) => english(m, formats)).join(' ');
}

/** A connector's state reason as the outlook quotes it: in parentheses, without its closing stop. */
export const quotedReason = (reason: string | null) => (reason ? ` (${reason.replace(/[.:]\s*$/, '')})` : '');

/** The outlook's sentences as messages (shared/messages.ts), which the screens word in their language. */
export function outlookMessages(o: DeliveryOutlook, connector: string): Message[] {
  const sending = sendingMessages(o, connector);
  if (!o.heldForReview) return sending;
  const held = message('outlookHeld', { count: o.heldForReview, connector });
  return o.changes === 0 && o.when === 'nothing' ? [held] : [held, ...sending];
}

/** What happens to the changes that are not held for review. */
function sendingMessages(o: DeliveryOutlook, connector: string): Message[] {
  const count = o.changes;
  const reason = quotedReason(o.stateReason);
  switch (o.when) {
    case 'nothing':
      return [message('outlookNothing', { connector })];
    case 'halted':
      return [message('outlookHalted', { connector, reason })];
    case 'paused':
      return [
        o.nextFlushAt !== null
          ? message('outlookPausedUntil', { count, connector, reason, until: o.nextFlushAt })
          : message('outlookPaused', { count, connector, reason }),
      ];
    case 'on-flush':
      return [message('outlookOnFlush', { count, connector })];
    case 'now':
      return [message('outlookNow', { count, connector, batches: o.batches, batchSize: o.batchSize }), ...budgetMessages(o)];
    case 'next-flush':
      if (o.requestsLeftToday === 0 && o.nextFlushAt !== null) return [message('outlookBudgetSpent', { count, connector, until: o.nextFlushAt })];
      return [
        o.nextFlushAt !== null
          ? message('outlookNextFlushAt', { count, batchSize: o.batchSize, until: o.nextFlushAt })
          : message('outlookNextFlush', { count, batchSize: o.batchSize }),
      ];
  }
}

/** When the daily limit cannot carry every request today, says so. */
function budgetMessages(o: DeliveryOutlook): Message[] {
  if (o.requestsLeftToday === null || o.batches <= o.requestsLeftToday || o.budgetRenewsAt === null) return [];
  return [message('outlookBudgetShort', { left: o.requestsLeftToday, until: o.budgetRenewsAt })];
}
