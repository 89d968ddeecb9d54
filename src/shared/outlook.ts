import type { DeliveryOutlook } from './model';
import { localTime } from './local-time';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * What will happen to the pending changes after an import, in one or two sentences, for the CLI and the
 * Import screen alike. `at` formats a moment (the operator's local time with its zone by default).
 */
export function describeOutlook(o: DeliveryOutlook, connector: string, at: (ms: number) => string = (ms) => localTime(ms, { now: o.at })): string {
  if (!o.heldForReview) return describeSending(o, connector, at);
  const held = `${count(o.heldForReview, 'change')} for ${connector} ${o.heldForReview === 1 ? 'is' : 'are'} held for review: nothing of ${o.heldForReview === 1 ? 'it' : 'them'} is sent until you release ${o.heldForReview === 1 ? 'it' : 'them'} (Release in the Queue or Preview, or \`release --connector ${connector}\`).`;
  return o.changes === 0 && o.when === 'nothing' ? held : `${held} ${describeSending(o, connector, at)}`;
}

/** What happens to the changes that are not held for review. */
function describeSending(o: DeliveryOutlook, connector: string, at: (ms: number) => string): string {
  const changes = count(o.changes, 'change');
  const reason = o.stateReason ? ` (${o.stateReason.replace(/[.:]\s*$/, '')})` : '';
  switch (o.when) {
    case 'nothing':
      return `Nothing to send: ${connector} has no pending changes.`;
    case 'halted':
      return `Nothing is sent: ${connector} is halted${reason}. Give it a new token or endpoint under Connectors (or \`connector edit\`) to send again.`;
    case 'paused':
      return o.nextFlushAt !== null
        ? `Nothing is sent before ${at(o.nextFlushAt)}: ${connector} is paused${reason}. The ${changes} go when the pause ends.`
        : `Nothing is sent: ${connector} is paused${reason}. Resume it in the Queue to send the ${changes}.`;
    case 'on-flush':
      return `No scheduler is running here: the ${changes} for ${connector} wait until a flush (Flush now in the Queue, or \`flush\`).`;
    case 'now':
      return `Sending now: the scheduler sends all ${changes} for ${connector} in one flush, about ${count(o.batches, 'request')} of up to ${o.batchSize}.${budgetClause(o, at)}`;
    case 'next-flush':
      if (o.requestsLeftToday === 0 && o.nextFlushAt !== null) {
        return `The daily limit is spent: the ${changes} for ${connector} go when it renews, at ${at(o.nextFlushAt)}.`;
      }
      return `Less than a full batch (${changes} of ${o.batchSize}): they go at the next scheduled flush${o.nextFlushAt !== null ? `, at ${at(o.nextFlushAt)}` : ''}, or now with Flush now.`;
  }
}

/** When the daily limit cannot carry every request today, says so. */
function budgetClause(o: DeliveryOutlook, at: (ms: number) => string): string {
  if (o.requestsLeftToday === null || o.batches <= o.requestsLeftToday || o.budgetRenewsAt === null) return '';
  return ` The daily limit leaves ${count(o.requestsLeftToday, 'request')} today: the rest go after it renews at ${at(o.budgetRenewsAt)}.`;
}
