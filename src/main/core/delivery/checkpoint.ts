import { closeSync, fdatasync, openSync } from 'node:fs';
import type { Db } from '../db/open';

/**
 * Each batch writes ~200 pages to the WAL (its body, its items, the delivered rows, the queue updates), and
 * each of them is later copied into the database by a checkpoint. SQLite's automatic checkpoint runs inside
 * whichever commit crosses its threshold, so every few batches one freeze or acknowledgement took 10-100 ms
 * longer. During a drain we checkpoint ourselves instead, every few requests, while a request is on the wire
 * and the receiver is busy with it. PASSIVE never waits for a lock; the automatic checkpoint stays as a
 * safety net (see db/open.ts) for other writers, such as imports.
 *
 * A checkpoint first makes the WAL durable (fsync), then copies it into the database and makes that durable.
 * With `syncAhead` the first fsync is done ahead, off the event loop (libuv's thread pool), and the checkpoint
 * runs at the first request after it ended: its own fsync of the WAL then finds almost nothing left to write
 * (under load that halved the time checkpoints held the event loop). An extra fsync never weakens anything;
 * the checkpoint still syncs the WAL and the database itself.
 */
export class Checkpointer {
  private sinceLast = 0;
  /** The WAL, opened once to sync it ahead of a checkpoint; null when not wanted (or in memory), undefined until opened. */
  private walFd: number | null | undefined;
  /** A sync of the WAL ahead of the next checkpoint: running (until it settles), or done (the checkpoint may run). */
  private presync: Promise<void> | 'done' | null = null;
  /** Checkpoints run and the wall time they blocked for (their fsyncs included), for the drain benchmark. */
  readonly spent = { count: 0, ms: 0 };

  constructor(
    private readonly db: Db,
    /** Requests between two checkpoints: about 8 × 200 pages keeps the WAL near 7 MB. */
    private readonly every = 8,
    /** Sync the WAL off the event loop before each checkpoint (Delivery does); otherwise checkpoint at once. */
    { syncAhead = false }: { syncAhead?: boolean } = {},
  ) {
    if (!syncAhead || db.memory) this.walFd = null;
  }

  /** Called once per request put on the wire; says whether it checkpointed. */
  afterSend(): boolean {
    if (++this.sinceLast < this.every) return false;
    if (this.presync !== 'done' && this.syncWalAhead()) return false;
    this.sinceLast = 0;
    this.presync = null;
    const started = performance.now();
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.spent.count++;
    this.spent.ms += performance.now() - started;
    return true;
  }

  /** Closes the WAL file it opened (a later checkpoint opens it again). */
  close(): void {
    if (typeof this.walFd !== 'number') return;
    closeSync(this.walFd);
    this.walFd = undefined;
  }

  /** Resolves once the WAL sync under way, if any, has ended. */
  async synced(): Promise<void> {
    if (this.presync instanceof Promise) await this.presync;
  }

  /**
   * Starts syncing the WAL if it has not yet; true while that runs (a later send checkpoints). A failed sync
   * lets the checkpoint go ahead too: it syncs the WAL itself.
   */
  private syncWalAhead(): boolean {
    if (this.presync instanceof Promise) return true;
    const fd = this.wal();
    if (fd === null) return false;
    this.presync = new Promise<void>((resolve) =>
      fdatasync(fd, () => {
        this.presync = 'done';
        resolve();
      }),
    );
    return true;
  }

  /** The WAL's descriptor, opened on first use; null when it cannot be opened now (the checkpoint then syncs it). */
  private wal(): number | null {
    if (this.walFd === undefined) {
      try {
        // Only the WAL: closing a descriptor drops all of the process's POSIX locks on its file, and SQLite keeps
        // its locks on the database file and -shm, never on the WAL, so this one may be closed at any time.
        this.walFd = openSync(`${this.db.name}-wal`, 'r+');
      } catch {
        return null;
      }
    }
    return this.walFd;
  }
}
