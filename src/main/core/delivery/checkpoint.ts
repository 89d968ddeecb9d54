import type { Db } from '../db/open';

/**
 * Each batch writes ~200 pages to the WAL (its body, its items, the delivered rows, the queue updates), and
 * each of them is later copied into the database by a checkpoint. SQLite's automatic checkpoint runs inside
 * whichever commit crosses its threshold, so every few batches one freeze or acknowledgement took 10-100 ms
 * longer. During a drain we checkpoint ourselves instead, every few requests, while a request is on the wire
 * and the receiver is busy with it. PASSIVE never waits for a lock; the automatic checkpoint stays as a
 * safety net (see db/open.ts) for other writers, such as imports.
 */
export class Checkpointer {
  private sinceLast = 0;
  /** Checkpoints run and the wall time they blocked for (their fsyncs included), for the drain benchmark. */
  readonly spent = { count: 0, ms: 0 };

  constructor(
    private readonly db: Db,
    /** Requests between two checkpoints: about 8 × 200 pages keeps the WAL near 7 MB. */
    private readonly every = 8,
  ) {}

  /** Called once per request put on the wire; says whether it checkpointed. */
  afterSend(): boolean {
    if (++this.sinceLast < this.every) return false;
    this.sinceLast = 0;
    const started = performance.now();
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.spent.count++;
    this.spent.ms += performance.now() - started;
    return true;
  }
}
