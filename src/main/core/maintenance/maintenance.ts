/**
 * The data folder's upkeep, off the hot path: a timer in the engine takes one small retention step at a
 * time (each its own short transaction) and makes the daily backup. It never keeps a process alive, and a
 * short CLI command exits long before its first tick.
 */
import type { Db } from '../db/open';
import { dailyBackup } from './backup';
import { pruneStep } from './retention';

export interface MaintenanceOptions {
  /** Between steps while there is work (pruning a backlog). */
  busyIntervalMs?: number;
  /** Between looks when there was nothing to do. */
  idleIntervalMs?: number;
  /** Before the first look: a process that only runs a command is gone by then. */
  firstDelayMs?: number;
  onError?: (error: unknown) => void;
}

export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly now: () => number,
    private readonly options: MaintenanceOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.options.firstDelayMs ?? 60_000);
  }

  /** One look: the daily backup if it is due, then one retention step. True when there is more to prune. */
  async tick(): Promise<boolean> {
    await dailyBackup(this.db, this.dataDir, this.now());
    const step = await pruneStep(this.db, this.now());
    return !step.done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((more) => this.schedule(more ? (this.options.busyIntervalMs ?? 1000) : (this.options.idleIntervalMs ?? 15 * 60_000)))
        .catch((error: unknown) => {
          this.options.onError?.(error);
          this.schedule(this.options.idleIntervalMs ?? 15 * 60_000);
        });
    }, delayMs);
    this.timer.unref();
  }
}
