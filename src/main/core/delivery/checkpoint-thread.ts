import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The drain's WAL checkpoints on a thread of their own, through a second connection to the same database
 * file, so the event loop goes on acknowledging and freezing while pages are copied and synced. A PASSIVE
 * checkpoint is the same work whichever connection runs it: it never takes the write lock, syncs the WAL
 * before copying and the database after (a new connection syncs as FULL does), so durability is unchanged.
 *
 * Plain JavaScript evaluated in the worker, loading the same better-sqlite3 (and native build) as the engine:
 * nothing extra to bundle for the CLI or the desktop app.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const options = { fileMustExist: true };
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
const db = new Database(workerData.file, options);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  const started = performance.now();
  // The drain commits while a pass copies: further passes copy what came in meanwhile, each a shorter one,
  // until one finds nothing new, so the drain's own catch-up (Checkpointer) has little left to copy.
  let frames = -1;
  for (let pass = 0; pass < workerData.maxPasses; pass++) {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result.busy !== 0 || result.log === frames) break;
    frames = result.log;
  }
  parentPort.postMessage({ ms: performance.now() - started });
});
`;

/** Passes of one checkpoint at most (see the worker's loop); they shrink fast, since each copies less. */
const MAX_PASSES = 4;

/** The worker holds one connection and little JavaScript. */
const LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 };

export class CheckpointThread {
  private readonly worker: Worker;
  /** The checkpoint under way: resolves with the ms it took on the thread (null: the thread ended first). */
  private running: { done: Promise<number | null>; finish: (ms: number | null) => void } | null = null;
  private ended = false;
  private readonly exited: Promise<void>;

  constructor(file: string, nativeBinding?: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { driver, file, nativeBinding, maxPasses: MAX_PASSES }, resourceLimits: LIMITS });
    // A drain that ends without closing its Delivery must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: { ms: number }) => this.settle(message.ms));
    // A thread that cannot load the driver or open the file ends: the Checkpointer checkpoints inline then.
    this.worker.on('error', () => this.end());
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve(this.end())));
  }

  /** False once the thread has ended (it failed to start, or it was closed). */
  get usable(): boolean {
    return !this.ended;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts a checkpoint on the thread; resolves with the ms it took there, or null if the thread ended first. */
  checkpoint(): Promise<number | null> {
    if (this.running) return this.running.done;
    let finish: (ms: number | null) => void = () => undefined;
    const done = new Promise<number | null>((resolve) => (finish = resolve));
    this.running = { done, finish };
    this.worker.postMessage('run');
    return done;
  }

  /** Lets a checkpoint under way finish, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    if (!this.ended) this.worker.postMessage('close');
    await this.exited;
  }

  private settle(ms: number | null): void {
    const running = this.running;
    this.running = null;
    running?.finish(ms);
  }

  private end(): void {
    this.ended = true;
    this.settle(null);
  }
}
