import type { Delivery } from './delivery';
import { nextDueAt } from './due';
import type { FlushReport } from '../../../shared/api';

export interface SchedulerOptions {
  /**
   * The longest the scheduler sleeps before looking again. Due times are wall-clock instants, so after a
   * sleep of the machine (or a clock jump) the next look finds overdue flushes and runs them at once.
   */
  maxSleepMs?: number;
  /** After a flush threw (a missing token, a locked database), wait this long before trying that connector again. */
  errorCooldownMs?: number;
  onFlush?: (report: FlushReport) => void;
  onError?: (error: unknown, connectorId: number) => void;
}

/**
 * Flushes each connector when it is due (see nextDueAt): as soon as a full batch is pending, every flush
 * interval or at its cron times for whatever is pending, at a batch's retry time, and at once for flushes
 * that became overdue while the app was closed or the machine slept.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private paused = false;
  private readonly inFlight = new Map<number, Promise<unknown>>();
  private readonly cooldownUntil = new Map<number, number>();
  private abort = new AbortController();
  private windDown = new AbortController();
  private unsubscribe: (() => void) | null = null;
  private readonly maxSleepMs: number;
  private readonly errorCooldownMs: number;

  constructor(
    private readonly delivery: Delivery,
    private readonly options: SchedulerOptions = {},
  ) {
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
    this.errorCooldownMs = options.errorCooldownMs ?? 60_000;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.windDown = new AbortController();
    this.unsubscribe = this.delivery.onPending(() => this.wake());
    this.wake();
  }

  /** New changes are pending (an import finished, a failed batch was retried): look now. */
  notifyPending(_connectorId?: number): void {
    this.wake();
  }

  /** Look at every connector now, e.g. after the machine resumed from sleep. */
  wake(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), 0);
  }

  /** Stops automatic flushes (manual flushes still work) until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** When each connector is next due, as the scheduler sees it now. */
  dueTimes(): Map<number, number | null> {
    const now = this.delivery.now();
    return new Map(this.delivery.connectors().map((c) => [c.id, nextDueAt(this.delivery.db, c, now)]));
  }

  private tick(): void {
    this.timer = null;
    if (!this.running) return;
    let sleep = this.maxSleepMs;
    if (!this.paused) {
      const now = this.delivery.now();
      for (const connector of this.delivery.connectors()) {
        if (this.inFlight.has(connector.id)) continue;
        const cooldown = this.cooldownUntil.get(connector.id) ?? 0;
        let due: number | null;
        try {
          due = nextDueAt(this.delivery.db, connector, now);
        } catch (error) {
          this.options.onError?.(error, connector.id);
          continue;
        }
        if (due === null) continue;
        due = Math.max(due, cooldown);
        if (due <= now) this.flush(connector.id);
        else sleep = Math.min(sleep, due - now);
      }
    }
    this.timer = setTimeout(() => this.tick(), Math.max(10, sleep));
  }

  private flush(connectorId: number): void {
    const run = this.delivery
      .flush(connectorId, { signal: this.abort.signal, windDown: this.windDown.signal })
      .then((report) => this.options.onFlush?.(report))
      .catch((error: unknown) => {
        this.cooldownUntil.set(connectorId, this.delivery.now() + this.errorCooldownMs);
        this.options.onError?.(error, connectorId);
      })
      .finally(() => {
        this.inFlight.delete(connectorId);
        this.wake();
      });
    this.inFlight.set(connectorId, run);
  }

  /**
   * Stops scheduling. Flushes in progress may finish their request until `deadlineMs` has passed; then the
   * request in flight is aborted (its batch stays unacknowledged and goes again, unchanged, next time).
   */
  async stop({ deadlineMs = 10_000 }: { deadlineMs?: number } = {}): Promise<void> {
    this.running = false;
    this.windDown.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const all = Promise.all([...this.inFlight.values()]);
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (deadline = setTimeout(resolve, deadlineMs)));
    await Promise.race([all, timedOut]);
    clearTimeout(deadline);
    if (this.inFlight.size > 0) {
      this.abort.abort();
      await all;
    }
  }
}
