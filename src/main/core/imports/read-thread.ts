/**
 * Runs the import reader (read-worker.ts) on a worker thread, so parsing and hashing the file use the
 * second core while this thread writes SQLite. The chunks, progress, rejects, cancel and errors behave as
 * with `ImportReader.records` in this thread.
 *
 * The worker's code must be loadable by itself: from the sources (tsx, vitest) that is read-worker.ts with
 * tsx's loader; in a bundled build it is `import-read-worker.js`, which the bundler must emit beside the
 * code that uses this module (electron.vite.config.ts lists it as an entry of the main build).
 *
 * Opt-in (runImport's `reader: 'thread'`): on the 2-vCPU benchmark machine the two threads ran ~10% slower
 * than one (two busy threads there each run ~1.5× slower), so the default stays in one thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportProgress } from '../../../shared/model';
import { UserError } from '../errors';
import { messageSchema } from '../../../shared/messages';
import { VALUES_PER_ROW, type StagedValues } from '../reconcile/staging';
import { ImportCancelledError, NoValidRowsError, type ImportReader, type ReadHooks, type ReadOptions, type ReadSummary } from './records';
import type { RejectedRow } from './rejects';

export interface ReadThreadStart {
  file: string;
  options: ReadOptions;
}

export type ReadThreadMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'rejects'; rejects: RejectedRow[] }
  | { type: 'chunk'; values: PackedValues; rejects: RejectedRow[] }
  | { type: 'done'; summary: ReadSummary; rejects: RejectedRow[] }
  | { type: 'error'; error: ThreadError; rejects: RejectedRow[] };

/**
 * A chunk of staged values as one string and the offsets where its texts end (two a row: customer id and
 * params JSON), the state hash words and the remove flags. Copying one string between threads costs a
 * fraction of copying a million small ones, and the arrays are transferred, not copied.
 */
export interface PackedValues {
  text: string;
  ends: Int32Array;
  hashes: Uint32Array;
  removes: Uint8Array;
}

const ROW = VALUES_PER_ROW;

export function packValues(values: StagedValues): PackedValues {
  const rows = values.length / ROW;
  const texts: string[] = new Array(rows * 2);
  const ends = new Int32Array(rows * 2);
  const hashes = new Uint32Array(rows * 2);
  const removes = new Uint8Array(rows);
  let end = 0;
  for (let row = 0; row < rows; row++) {
    const at = row * ROW;
    texts[row * 2] = values[at] as string;
    ends[row * 2] = end += texts[row * 2].length;
    texts[row * 2 + 1] = values[at + 4] as string;
    ends[row * 2 + 1] = end += texts[row * 2 + 1].length;
    hashes[row * 2] = values[at + 1] as number;
    hashes[row * 2 + 1] = values[at + 2] as number;
    removes[row] = values[at + 3] as number;
  }
  return { text: texts.join(''), ends, hashes, removes };
}

export function unpackValues({ text, ends, hashes, removes }: PackedValues): StagedValues {
  const rows = removes.length;
  const values: StagedValues = new Array(rows * ROW);
  let start = 0;
  for (let row = 0; row < rows; row++) {
    const at = row * ROW;
    values[at] = text.slice(start, ends[row * 2]);
    values[at + 1] = hashes[row * 2];
    values[at + 2] = hashes[row * 2 + 1];
    values[at + 3] = removes[row];
    values[at + 4] = text.slice(ends[row * 2], (start = ends[row * 2 + 1]));
  }
  return values;
}

interface ThreadError {
  kind: 'no-valid-rows' | 'user' | 'other';
  name: string;
  message: string;
  code?: string;
  issues?: unknown;
  /** A UserError's message as a code and values (shared/messages.ts). */
  sentence?: unknown;
}

/**
 * The reader keeps one chunk and its value caches; without limits V8 lets a busy thread's heap grow
 * lazily to well over 100 MB of garbage, which the import's memory budget cannot spare.
 */
const LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };

/** Starts the worker with its start data. */
type WorkerStarter = (start: ReadThreadStart) => Worker;

let starter: WorkerStarter | null | undefined;

/** How to start the worker in this build; null when it has none. */
function workerStarter(): WorkerStarter | null {
  if (starter !== undefined) return starter;
  // Names built at run time, so a bundler leaves them alone rather than rewriting them as assets.
  const fromSources = new URL(['.', 'read-worker.ts'].join('/'), import.meta.url);
  const bundled = [new URL(['.', 'import-read-worker.js'].join('/'), import.meta.url), new URL(['..', 'import-read-worker.js'].join('/'), import.meta.url)];
  starter = null;
  if (fromSources.protocol === 'file:' && existsSync(fileURLToPath(fromSources))) {
    // From the sources (tsx, vitest): Node 20 workers do not inherit tsx's loader, so the worker loads
    // the TypeScript entry through tsx's API.
    const tsx = tsxApi();
    if (tsx) {
      const code = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(fromSources.href)}, ${JSON.stringify(import.meta.url)}))`;
      starter = (workerData) => new Worker(code, { eval: true, workerData, resourceLimits: LIMITS });
    }
  } else {
    const found = bundled.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
    if (found) starter = (workerData) => new Worker(found, { workerData, resourceLimits: LIMITS });
  }
  return starter;
}

/** tsx's ESM API (a development dependency: present wherever the sources run). */
function tsxApi(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
    return pathToFileURL(join(dirname(manifest), 'dist', 'esm', 'api', 'index.mjs')).href;
  } catch {
    return null;
  }
}

/**
 * The file's records, encoded for the staging, read on a worker thread. `reader` is the one opened in
 * this thread (options checked, columns settled); its summary is completed when the worker is done.
 */
export async function* readInWorker(reader: ImportReader, start: ReadThreadStart, hooks: ReadHooks = {}): AsyncGenerator<StagedValues> {
  const startWorker = workerStarter();
  if (startWorker === null) throw new Error('The import reader thread is not available in this build');
  const { signal } = hooks;
  if (signal?.aborted) throw new ImportCancelledError();
  const worker = startWorker(start);
  const queue: ReadThreadMessage[] = [];
  let failure: unknown = null;
  let notify: (() => void) | null = null;
  const wake = () => notify?.();
  worker.on('message', (message: ReadThreadMessage) => {
    queue.push(message);
    wake();
  });
  worker.on('error', (error) => {
    failure ??= error;
    wake();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The import reader thread stopped unexpectedly (exit code ${code})`);
    wake();
  });
  signal?.addEventListener('abort', wake);
  const next = async (): Promise<ReadThreadMessage> => {
    for (;;) {
      if (signal?.aborted) throw new ImportCancelledError();
      const message = queue.shift();
      if (message) return message;
      if (failure) throw failure;
      await new Promise<void>((resolve) => (notify = resolve));
      notify = null;
    }
  };
  const passOn = (rejects: RejectedRow[]) => {
    if (hooks.onReject) for (const row of rejects) hooks.onReject(row);
  };
  try {
    for (;;) {
      const message = await next();
      if (message.type === 'progress') {
        hooks.onProgress?.(message.progress);
        continue;
      }
      passOn(message.rejects);
      if (message.type === 'rejects') continue;
      if (message.type === 'error') throw revive(message.error);
      if (message.type === 'done') {
        Object.assign(reader.summary, message.summary);
        return;
      }
      yield unpackValues(message.values);
      if (signal?.aborted) throw new ImportCancelledError();
      worker.postMessage('more');
    }
  } finally {
    signal?.removeEventListener('abort', wake);
    worker.removeAllListeners();
    await worker.terminate();
  }
}

function revive(error: ThreadError): Error {
  if (error.kind === 'no-valid-rows') return new NoValidRowsError(error.message);
  if (error.kind === 'user') {
    const sentence = messageSchema.safeParse(error.sentence);
    return new UserError(error.message, error.code as UserError['code'], error.issues as UserError['issues'], undefined, sentence.success ? sentence.data : undefined);
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
