/**
 * The import reader on a thread of its own: decodes, parses, hashes and encodes the file while the main
 * thread stages the previous chunk in SQLite. Started by `readInWorker` (read-thread.ts), which it answers
 * with messages: chunks of staged values (at most READ_AHEAD_CHUNKS ahead of the stager, so memory stays
 * flat), progress, rejected rows, then the summary or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportProgress } from '../../../shared/model';
import { UserError } from '../errors';
import { stagedValues } from '../reconcile/staging';
import { NoValidRowsError, openImport } from './records';
import type { RejectedRow } from './rejects';
import { packValues, type ReadThreadMessage, type ReadThreadStart } from './read-thread';

const READ_AHEAD_CHUNKS = 2;
/** Rejected rows are passed on in groups, so a file of mostly bad rows is not held in memory. */
const REJECTS_PER_MESSAGE = 1000;

const port = parentPort!;
let credits = READ_AHEAD_CHUNKS;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
});

const post = (message: ReadThreadMessage) => port.postMessage(message);

async function read({ file, options }: ReadThreadStart): Promise<void> {
  let rejects: RejectedRow[] = [];
  const takeRejects = () => {
    const taken = rejects;
    rejects = [];
    return taken;
  };
  try {
    const reader = await openImport(file, options);
    const hooks = {
      onProgress: (progress: ImportProgress) => post({ type: 'progress', progress }),
      onReject: (row: RejectedRow) => {
        rejects.push(row);
        if (rejects.length >= REJECTS_PER_MESSAGE) post({ type: 'rejects', rejects: takeRejects() });
      },
    };
    for await (const chunk of reader.records(hooks)) {
      const values = packValues(stagedValues(chunk));
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      credits--;
      port.postMessage({ type: 'chunk', values, rejects: takeRejects() } satisfies ReadThreadMessage, [values.ends.buffer as ArrayBuffer, values.hashes.buffer as ArrayBuffer, values.removes.buffer as ArrayBuffer]);
    }
    post({ type: 'done', summary: reader.summary, rejects: takeRejects() });
  } catch (error) {
    const kind = error instanceof NoValidRowsError ? 'no-valid-rows' : error instanceof UserError ? 'user' : 'other';
    const { name, message, code, issues, sentence } = error as { name?: string; message?: string; code?: string; issues?: unknown; sentence?: unknown };
    post({ type: 'error', error: { kind, name: name ?? 'Error', message: message ?? String(error), code, issues, sentence }, rejects: takeRejects() });
  }
}

void read(workerData as ReadThreadStart);
