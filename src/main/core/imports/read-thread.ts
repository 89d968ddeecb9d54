/**
 * An import's file read in parts, at once: this thread reads the first part while worker threads
 * (read-worker.ts) read the others, each decoding, parsing, hashing and matching its rows against the
 * segment's members, which they share. Parsing is most of an import's work, so on a machine with cores to
 * spare it takes a fraction of the time.
 *
 * The result is exactly a read from start to end: the staging keeps, of a customer's rows, the last of the
 * latest part (SegmentStaging.addMatched), the rejects are written in line order, the counts and hints add
 * up. Whatever a part cannot settle alone is read again from the start in one thread, which then meets it at
 * its place in the file: a problem in a worker's part (its error, with its line, comes from that read), a
 * cut that fell inside a quoted field, UTF-8 in one part and another encoding's bytes in another, many rejects.
 *
 * The worker's code must be loadable by itself: from the sources (tsx, vitest) that is read-worker.ts with
 * tsx's loader; in a bundled build it is `import-read-worker.js`, which the bundler must emit beside the
 * code that uses this module (electron.vite.config.ts lists it as an entry of the main build).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IdentifierType } from '../../../shared/model';
import { VALUES_PER_ROW, type MatchedRows, type SegmentStaging, type SharedMembers, type StagedValues } from '../reconcile/staging';
import { ImportCancelledError, type ImportReader, type ReadCounts, type ReadHooks, type ReadOptions } from './records';
import type { RejectedRow } from './rejects';
import { MAX_PARTS } from '../reconcile/member-outcomes';
import { partsOf, refuseChanged, type RangeEnd } from './source';
import type { EncodingSeen } from './encoding';

/** What a worker is given: the file, how to read it, its part, and the segment's members in shared memory. */
export interface PartStart {
  file: string;
  options: ReadOptions & { identifierType: IdentifierType };
  range: { start: number; end: number };
  members: SharedMembers;
}

export type PartMessage =
  | { type: 'rejects'; rejects: RejectedRow[] }
  | { type: 'chunk'; matched: PackedMatched; progress: { rowsRead: number; bytesRead: number }; rejects: RejectedRow[] }
  | { type: 'done'; counts: ReadCounts; end: RangeEnd; rejects: RejectedRow[] }
  | { type: 'error'; message: string; rejects: RejectedRow[] };

/** Files smaller than this are read in one thread: starting a worker costs more than it saves. */
export const PARTS_MIN_BYTES = 8 * 1024 * 1024;
/** A file whose other parts reject more rows than this is read again in one thread (rejects wait here until their turn). */
const MAX_WAITING_REJECTS = 20_000;

/** How many parts to read a file in: 1 (this thread alone) for a small file or a machine of one core. */
export function partsFor(totalBytes: number): number {
  if (totalBytes < PARTS_MIN_BYTES || workerStarter() === null) return 1;
  return Math.max(1, Math.min(MAX_PARTS, availableParallelism()));
}

/**
 * Reads the file in `parts` parts into the staging, this thread taking the first. 'read': the file is read
 * and the reader's summary complete; 'whole': the file could not be cut, nothing was read; 'again': a part
 * could not be settled alone (see above): the staging and the rejects are to be dropped, the file read
 * again in one thread.
 */
export async function readInParts(
  reader: ImportReader,
  staging: SegmentStaging,
  start: { file: string; options: ReadOptions & { identifierType: IdentifierType }; parts: number },
  hooks: ReadHooks & { onReject: (row: RejectedRow) => void },
  afterChunk: () => Promise<void>,
): Promise<'read' | 'whole' | 'again'> {
  const ranges = await partsOf(reader.layout, start.parts);
  const startWorker = workerStarter();
  if (ranges.length < 2 || startWorker === null) return 'whole';
  const members = staging.sharedMembers;
  const others = ranges.slice(1).map((range, i) => new PartReader(i + 1, startWorker({ file: start.file, options: start.options, range, members })));
  try {
    const first: { end: RangeEnd | null } = { end: null };
    const progress = (own: { rowsRead: number; bytesRead: number }) =>
      hooks.onProgress?.({ rowsRead: own.rowsRead + sum(others, (p) => p.rowsRead), bytesRead: own.bytesRead + sum(others, (p) => p.bytesRead), totalBytes: reader.layout.totalBytes });
    const own = { ...hooks, onProgress: progress };
    for await (const chunk of reader.records(own, { ...ranges[0], firstLine: 1, onEnd: (end) => (first.end = end) })) {
      staging.add(chunk);
      await afterChunk();
      for (const part of others) part.stage(staging);
      if (others.some((part) => part.failed)) return 'again';
    }
    if (!first.end?.atRowStart) return 'again';
    const ends: RangeEnd[] = [first.end];
    for (const part of others) {
      const end = await part.finish(staging, hooks.signal);
      if (end === null || !end.atRowStart) return 'again';
      ends.push(end);
    }
    if (mixed(ends.map((end) => end.encoding))) return 'again';
    for (const part of others) {
      for (const row of part.rejects) hooks.onReject(row);
      reader.addCounts(part.counts!);
    }
    reader.summary.bytesRead = reader.layout.totalBytes;
    reader.finish();
    await refuseChanged(reader.layout, reader.layout.totalBytes);
    return 'read';
  } finally {
    await Promise.all(others.map((part) => part.stop()));
  }
}

const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);

/** Whether the parts together show UTF-8 and another encoding's bytes (each part alone may not). */
function mixed(seen: Array<EncodingSeen | null>): boolean {
  return seen.some((s) => s !== null && s.utf8Line > 0) && seen.some((s) => s !== null && s.invalidLine > 0);
}

/** A worker's part: its messages queued as they come, staged when this thread gets to them. */
class PartReader {
  private readonly queue: PartMessage[] = [];
  private notify: (() => void) | null = null;
  readonly rejects: RejectedRow[] = [];
  counts: ReadCounts | null = null;
  private end: RangeEnd | null = null;
  failed = false;
  /** Its last message (done or error) has arrived: the thread may stop now. */
  private settled = false;
  rowsRead = 0;
  bytesRead = 0;

  constructor(
    private readonly part: number,
    private readonly worker: Worker,
  ) {
    worker.on('message', (message: PartMessage) => this.arrive(message));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.settled || this.fail());
  }

  private arrive(message: PartMessage): void {
    if (message.type === 'done' || message.type === 'error') this.settled = true;
    this.queue.push(message);
    this.notify?.();
  }

  private fail(): void {
    this.failed = true;
    this.notify?.();
  }

  /** Stages the chunks that have arrived. */
  stage(staging: SegmentStaging): void {
    for (let message = this.queue.shift(); message; message = this.queue.shift()) {
      if (message.type !== 'error') this.rejects.push(...message.rejects);
      if (this.rejects.length > MAX_WAITING_REJECTS) this.failed = true;
      if (message.type === 'error') this.failed = true;
      if (message.type === 'done') [this.counts, this.end] = [message.counts, message.end];
      if (message.type !== 'chunk' || this.failed) continue;
      staging.addMatched(unpackMatched(message.matched), this.part);
      [this.rowsRead, this.bytesRead] = [message.progress.rowsRead, message.progress.bytesRead];
      this.worker.postMessage('more');
    }
  }

  /** Stages the rest of the part; its end, or null when it failed. */
  async finish(staging: SegmentStaging, signal: AbortSignal | undefined): Promise<RangeEnd | null> {
    for (;;) {
      this.stage(staging);
      if (this.failed) return null;
      if (this.counts !== null) return this.end;
      if (signal?.aborted) throw new ImportCancelledError();
      // One abort listener per wait, removed with it: a long read waits thousands of times on one signal.
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.notify = wake;
        signal?.addEventListener('abort', wake, { once: true });
      });
      this.notify = null;
    }
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners();
    await this.worker.terminate();
  }
}

/**
 * Matched rows as a worker sends them: the typed arrays transferred, the staged rows' texts as one string
 * and the offsets where they end (TEXTS_PER_ROW a row: customer id, params JSON and its MD5). Copying one string
 * between threads costs a fraction of copying many small ones.
 */
export interface PackedMatched {
  rows: number;
  members: Int32Array;
  kinds: Uint8Array;
  newKeys: Uint32Array;
  staged: { text: string; ends: Int32Array; hashes: Uint32Array; removes: Uint8Array };
  hashes?: Uint32Array;
}

/** Where each staged text is among a row's values (StagedValues). */
const TEXT_VALUES = [0, 4, 5];
const TEXTS_PER_ROW = TEXT_VALUES.length;

export function packMatched(matched: MatchedRows): PackedMatched {
  const { staged } = matched;
  const rows = staged.length / VALUES_PER_ROW;
  const texts: string[] = new Array(rows * TEXTS_PER_ROW);
  const ends = new Int32Array(rows * TEXTS_PER_ROW);
  const hashes = new Uint32Array(rows * 2);
  const removes = new Uint8Array(rows);
  let end = 0;
  for (let row = 0; row < rows; row++) {
    const at = row * VALUES_PER_ROW;
    for (let t = 0; t < TEXTS_PER_ROW; t++) {
      const text = staged[at + TEXT_VALUES[t]] as string;
      texts[row * TEXTS_PER_ROW + t] = text;
      ends[row * TEXTS_PER_ROW + t] = end += text.length;
    }
    hashes[row * 2] = staged[at + 1] as number;
    hashes[row * 2 + 1] = staged[at + 2] as number;
    removes[row] = staged[at + 3] as number;
  }
  return { ...matched, newKeys: matched.newKeys.slice(), staged: { text: texts.join(''), ends, hashes, removes } };
}

export function unpackMatched(packed: PackedMatched): MatchedRows {
  const { text, ends, hashes, removes } = packed.staged;
  const staged: StagedValues = new Array(removes.length * VALUES_PER_ROW);
  let start = 0;
  for (let row = 0; row < removes.length; row++) {
    const at = row * VALUES_PER_ROW;
    for (let t = 0; t < TEXTS_PER_ROW; t++) staged[at + TEXT_VALUES[t]] = text.slice(start, (start = ends[row * TEXTS_PER_ROW + t]));
    staged[at + 1] = hashes[row * 2];
    staged[at + 2] = hashes[row * 2 + 1];
    staged[at + 3] = removes[row];
  }
  return { ...packed, staged };
}

/**
 * A part's reader keeps a few chunks and its value caches. Both generations are bounded, since a busy thread's
 * heap would otherwise grow lazily with garbage the import's memory budget cannot spare. The old one at 64 MB: the
 * 1,000,000-row import peaked at 282-286 MB instead of 293-303 with 128, in the same time (48 MB saved 10 MB more for
 * 0.4 s more CPU). The young one at 16 MB instead of V8's default (three 16 MB semi-spaces' worth): 1,000,000 rows
 * peaked at 253-283 MB instead of 282-292, 5,000,000 at 347-364 instead of 367-402, the CPU time the same within the
 * machine's noise (at 8 MB a million rows took 3.4 s instead of 2.4 s, most of it collecting). A worker that runs
 * out ends its part, which is then read in this thread.
 */
const LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };
/**
 * A large segment's file (read by key range, reconcile/staging.ts) is long, and its reader's heap has the time to
 * fill whatever it may: 32 and 8 MB. At 5,000,000 rows the import peaked at 274-302 MB instead of 323-338, for
 * about 0.5 s more CPU of the 21 (48 and 8 MB: 316-366).
 */
const LARGE_FILE_LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };

/** The limits of a part's reader. */
const limitsFor = (start: PartStart) => (start.members.kind === 'filter' ? LARGE_FILE_LIMITS : LIMITS);

/** Starts the worker with its start data. */
type WorkerStarter = (start: PartStart) => Worker;

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
      starter = (workerData) => new Worker(code, { eval: true, workerData, resourceLimits: limitsFor(workerData) });
    }
  } else {
    const found = bundled.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
    if (found) starter = (workerData) => new Worker(found, { workerData, resourceLimits: limitsFor(workerData) });
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

