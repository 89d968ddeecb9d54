/**
 * One part of an import's file, read on a thread of its own (started by read-thread.ts): decodes, parses and
 * hashes its rows, matches them against the segment's members (shared memory, so nothing is copied), and
 * answers with messages: matched chunks (at most READ_AHEAD_CHUNKS ahead of the stager, so memory stays
 * flat), rejected rows, then its counts and how the part ended, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors';
import { keyWriterFor } from '../reconcile/member-state';
import { rowMatcher } from '../reconcile/staging';
import { openImport } from './records';
import type { RejectedRow } from './rejects';
import { lineAt, type RangeEnd } from './source';
import { packMatched, type PartMessage, type PartStart } from './read-thread';

const READ_AHEAD_CHUNKS = 4;
/** Rejected rows are passed on in groups, so a file of mostly bad rows is not held in memory here. */
const REJECTS_PER_MESSAGE = 1000;

const port = parentPort!;
let credits = READ_AHEAD_CHUNKS;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
});

const post = (message: PartMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function read({ file, options, range, members }: PartStart): Promise<void> {
  let rejects: RejectedRow[] = [];
  const takeRejects = () => {
    const taken = rejects;
    rejects = [];
    return taken;
  };
  try {
    const reader = await openImport(file, options);
    const match = rowMatcher(members, keyWriterFor(options.identifierType));
    const ended: { as: RangeEnd | null } = { as: null };
    const part = { ...range, firstLine: await lineAt(reader.layout, range.start), onEnd: (end: RangeEnd) => (ended.as = end) };
    const hooks = {
      onReject: (row: RejectedRow) => {
        rejects.push(row);
        if (rejects.length >= REJECTS_PER_MESSAGE) post({ type: 'rejects', rejects: takeRejects() });
      },
    };
    for await (const chunk of reader.records(hooks, part)) {
      const matched = packMatched(match(chunk));
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      credits--;
      const progress = { rowsRead: reader.summary.rowsRead, bytesRead: reader.summary.bytesRead - range.start };
      post({ type: 'chunk', matched, progress, rejects: takeRejects() }, [matched.members.buffer, matched.kinds.buffer, matched.newKeys.buffer, matched.staged.ends.buffer, matched.staged.hashes.buffer, matched.staged.removes.buffer, ...(matched.hashes ? [matched.hashes.buffer] : [])] as ArrayBuffer[]);
    }
    post({ type: 'done', counts: reader.counts(), end: ended.as!, rejects: takeRejects() });
  } catch (error) {
    // The part is read again in the main thread, which then meets the same problem at its place in the file.
    post({ type: 'error', message: error instanceof UserError ? error.message : String((error as Error)?.message ?? error), rejects: takeRejects() });
  }
}

void read(workerData as PartStart);
