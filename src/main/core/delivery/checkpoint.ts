import { closeSync, fdatasync, openSync } from 'node:fs';
import type { Db } from '../db/open';
import { CheckpointThread } from './checkpoint-thread';

/**
 * Each batch writes about 700 KB to the WAL (its body, its items, the delivered rows, the queue updates), and
 * all of it is later copied into the database by a checkpoint. SQLite's automatic checkpoint runs inside
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
 *
 * With `onThread` (Delivery's way) the checkpoint runs on a thread of its own (checkpoint-thread.ts) and the
 * event loop does not wait for it at all; where that thread cannot start, the checkpoint runs as above.
 */
export class Checkpointer {
  private sinceLast = 0;
  /** The WAL, opened once to sync it ahead of a checkpoint; null when not wanted (or in memory), undefined until opened. */
  private walFd: number | null | undefined;
  /** A sync of the WAL ahead of the next checkpoint: running (until it settles), or done (the checkpoint may run). */
  private presync: Promise<void> | 'done' | null = null;
  /**
   * For the drain benchmark: checkpoints run, and the wall time they held the event loop (their fsyncs
   * included); of them, how many ran on the thread, and their time there.
   */
  readonly spent = { count: 0, ms: 0, onThread: 0, threadMs: 0 };
  /** The thread's checkpoint ended: the next request copies what was committed while it ran. */
  private catchUp = false;
  /** The checkpoint thread: undefined until first wanted, null when not wanted (or it cannot run). */
  private thread: CheckpointThread | null | undefined;
  private readonly nativeBinding: string | undefined;

  constructor(
    private readonly db: Db,
    /** Requests between two checkpoints: 8 keep the WAL file to about 20 MB (the drain benchmark prints its size). */
    private readonly every = 8,
    {
      syncAhead = false,
      onThread,
    }: {
      /** Sync the WAL off the event loop before each checkpoint; otherwise checkpoint at once. */
      syncAhead?: boolean;
      /** Checkpoint on a thread of its own (Delivery does), loading better-sqlite3 with this native build. */
      onThread?: { nativeBinding?: string };
    } = {},
  ) {
    if (!syncAhead || db.memory) this.walFd = null;
    if (!onThread || db.memory) this.thread = null;
    this.nativeBinding = onThread?.nativeBinding;
  }

  /** Called once per request put on the wire; says whether it checkpointed (or, on the thread, started one). */
  afterSend(): boolean {
    this.sinceLast++;
    return this.thread === null ? this.afterSendHere() : this.afterSendOnThread();
  }

  private afterSendHere(): boolean {
    if (this.sinceLast < this.every) return false;
    if (this.presync !== 'done' && this.syncWalAhead()) return false;
    this.sinceLast = 0;
    this.presync = null;
    this.checkpointHere();
    this.spent.count++;
    return true;
  }

  /**
   * Every `every` requests a checkpoint on the thread (while the one before still runs, a slow disk, the next
   * request tries again). Once it ended, a short one here copies the frames the drain committed meanwhile
   * (after syncing them ahead, as above): SQLite starts the WAL over only at a write that finds every frame
   * copied, which the thread cannot see to while the drain writes; without it the WAL would grow through the
   * whole drain, and past wal_autocheckpoint every commit would checkpoint as well.
   */
  private afterSendOnThread(): boolean {
    if (this.catchUp && !this.thread?.busy && (this.presync === 'done' || !this.syncWalAhead())) {
      this.catchUp = false;
      this.presync = null;
      this.checkpointHere();
    }
    if (this.sinceLast < this.every || this.thread?.busy) return false;
    const thread = this.startedThread();
    if (!thread) return this.afterSendHere();
    this.sinceLast = 0;
    void thread.checkpoint().then((ms) => {
      if (ms === null) return;
      this.spent.count++;
      this.spent.onThread++;
      this.spent.threadMs += ms;
      this.catchUp = true;
    });
    return true;
  }

  /** A PASSIVE checkpoint on this connection (it never waits for a lock), timed as time the event loop spent. */
  private checkpointHere(): void {
    const started = performance.now();
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.spent.ms += performance.now() - started;
  }

  /**
   * Closes the WAL file it opened and ends the checkpoint thread, after the checkpoint under way (a later
   * checkpoint opens them again). The database may be closed or replaced once this resolves.
   */
  async close(): Promise<void> {
    if (typeof this.walFd === 'number') {
      closeSync(this.walFd);
      this.walFd = undefined;
    }
    const thread = this.thread;
    if (thread) {
      this.thread = undefined;
      await thread.close();
    }
  }

  /** The checkpoint thread, started at the first checkpoint (a short flush never starts it); null once it has ended. */
  private startedThread(): CheckpointThread | null {
    if (this.thread === undefined) {
      try {
        this.thread = new CheckpointThread(this.db.name, this.nativeBinding);
      } catch {
        this.thread = null;
      }
    }
    if (this.thread && !this.thread.usable) this.thread = null;
    return this.thread ?? null;
  }

  /** Resolves once the WAL sync or the thread's checkpoint under way, if any, has ended. */
  async synced(): Promise<void> {
    if (this.presync instanceof Promise) await this.presync;
    if (this.thread?.busy) await this.thread.checkpoint();
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
