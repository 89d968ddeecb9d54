/**
 * What the desktop shell says outside the window, as pure functions: the tray's queue summary and the
 * desktop notifications for a halted connector or a batch that failed for good.
 */
import type { EngineEvent } from '../../shared/api';
import type { QueueView } from '../../shared/model';

export interface DesktopNotice {
  title: string;
  body: string;
}

/** Outcomes of a batch attempt that need the operator (the delivery engine's vocabulary). */
const HALTED = 'halted';
const FAILED = 'failed';

/** The notification an engine event calls for, or null (most events are for the screens only). */
export function notificationFor(event: EngineEvent): DesktopNotice | null {
  if (event.type === 'watch') return watchNotice(event);
  if (event.type !== 'batch') return null;
  const batch = event.event;
  // The delivery engine's `meaning` is already a full sentence with the status ("401 Authentication failed …").
  const meaning = sentence(batch.meaning) ?? (batch.httpStatus ? `Deployteq answered HTTP ${batch.httpStatus}.` : 'Deployteq refused it.');
  if (batch.outcome === HALTED) {
    return { title: `${batch.connectorName} stopped sending`, body: meaning };
  }
  if (batch.outcome === FAILED) {
    const who = batch.customers === 1 ? '1 profile' : `${batch.customers.toLocaleString('en-US')} profiles`;
    return { title: `A batch for ${batch.connectorName} failed for good`, body: `${who}. ${meaning}` };
  }
  return null;
}

/** A watched file that was not imported (a guard said no, or it could not be read), or a watch that cannot watch. */
function watchNotice(event: Extract<EngineEvent, { type: 'watch' }>): DesktopNotice | null {
  const { watch, problem } = event;
  const target = `${watch.connector} / ${watch.segment}`;
  if (problem) return { title: `Watching for ${target} stopped working`, body: sentence(problem) ?? '' };
  if (watch.last?.result !== 'refused' && watch.last?.result !== 'failed') return null;
  const file = watch.last.path.split(/[\\/]/).pop();
  return { title: `${file} was not imported into ${target}`, body: `${sentence(watch.last.message)} Nothing was sent.` };
}

function sentence(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const pendingTotal = (queue: QueueView) => queue.pending.NEW + queue.pending.MODIFIED + queue.pending.REMOVED;

function minutesUntil(at: number, now: number): string {
  const minutes = Math.ceil((at - now) / 60_000);
  if (minutes <= 0) return 'due now';
  if (minutes < 120) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}

/** One line per connector for the tray menu: its state, pending changes and the next flush. */
export function trayConnectorLine(queue: QueueView, now: number): string {
  const name = queue.connectorName;
  if (queue.state === 'halted') return `${name}: halted${queue.stateReason ? `, ${queue.stateReason}` : ''}`;
  const pending = pendingTotal(queue) + queue.inFlight;
  const count = pending === 0 ? 'up to date' : `${pending.toLocaleString('en-US')} pending`;
  if (queue.state === 'paused') return `${name}: paused, ${count}`;
  if (pending === 0 || queue.nextFlushAt === null) return `${name}: ${count}`;
  return `${name}: ${count}, next flush ${minutesUntil(queue.nextFlushAt, now)}`;
}

export function trayTooltip(queues: QueueView[]): string {
  const halted = queues.filter((q) => q.state === 'halted').length;
  if (halted > 0) return `Canopy Batch: ${halted === 1 ? '1 connector' : `${halted} connectors`} halted`;
  const pending = queues.reduce((sum, q) => sum + pendingTotal(q) + q.inFlight, 0);
  if (queues.length === 0) return 'Canopy Batch: no connectors yet';
  return pending === 0 ? 'Canopy Batch: all segments up to date' : `Canopy Batch: ${pending.toLocaleString('en-US')} changes pending`;
}

/** The error box's text when the engine cannot run, with the fix for the one cause developers meet. */
export function engineFailureText(message: string): string {
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/i.test(message)) {
    return (
      `${message}\n\nbetter-sqlite3 in node_modules is built for Node.js (the tests use it), not for Electron. ` +
      '`npm start` builds an Electron copy into .electron-native/ first; if you started the app another way, ' +
      'run `node scripts/electron-native.mjs` once (it needs internet access) and start again. ' +
      'Packaged builds (`npm run dist`) are rebuilt for Electron automatically.'
    );
  }
  return message;
}
