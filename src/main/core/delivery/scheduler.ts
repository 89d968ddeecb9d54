import type { Delivery } from './delivery';
import { nextDueAt } from './due';
import type { FlushReport } from '../../../shared/api';
import { SCHEDULER_LEASE, acquireLease, releaseLease, stillHeld, type Lease, type LeaseHolder } from './lease';

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
  /** Another scheduler runs on this data folder: this one stands by (told once per change of holder). */
  onStandby?: (holder: LeaseHolder) => void;
  /** This scheduler took over (at start, or after the other one stopped). */
  onActive?: () => void;
}

/** What a transport hears from the engine's scheduler (the CLI's `run` prints it). */
export type SchedulerListeners = Pick<SchedulerOptions, 'onFlush' | 'onError' | 'onStandby' | 'onActive'>;

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
  /** The scheduler lease: one scheduler per data folder; the others stand by and take over when it stops. */
  private lease: Lease | null = null;
  private standby: LeaseHolder | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly maxSleepMs: number;
  private readonly errorCooldownMs: number;

  constructor(
    private readonly delivery: Delivery,
    private options: SchedulerOptions = {},
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

  /** The other scheduler this one stands by for, or null when this one runs. */
  get standingBy(): LeaseHolder | null {
    return this.standby;
  }

  /** Replaces the listeners given so far; call it before start() to hear the first lease change. */
  listen(listeners: SchedulerListeners): void {
    this.options = { ...this.options, ...listeners };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.windDown = new AbortController();
    this.unsubscribe = this.delivery.onPending(() => this.wake());
    this.keepLeaseOrSay();
    this.leaseTimer = setInterval(() => this.keepLeaseOrSay(), Math.max(50, this.delivery.leaseTtlMs / 4));
    this.leaseTimer.unref();
    this.wake();
  }

  private keepLeaseOrSay(): void {
    try {
      this.keepLease();
    } catch (error) {
      // A busy database (a long import commits): the next renewal tries again; the lease outlasts a few misses.
      this.options.onError?.(error, 0);
    }
  }

  /** Takes or renews the scheduler lease; without it the scheduler stands by. */
  private keepLease(): void {
    const { db, holder, leaseTtlMs } = this.delivery;
    if (!db.open) return;
    if (this.lease && stillHeld(db, this.lease, holder, leaseTtlMs)) return;
    const attempt = acquireLease(db, SCHEDULER_LEASE, holder, leaseTtlMs);
    if (attempt.lease) {
      const tookOver = this.lease === null;
      this.lease = attempt.lease;
      this.standby = null;
      if (tookOver) {
        this.options.onActive?.();
        this.wake();
      }
      return;
    }
    const changed = this.standby?.pid !== attempt.busy.pid || this.standby?.host !== attempt.busy.host;
    this.lease = null;
    this.standby = attempt.busy;
    if (changed) this.options.onStandby?.(attempt.busy);
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
    if (!this.paused && this.lease) {
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
      .then((report) => {
        // Another process is sending for this connector: look again once its lease could have changed hands.
        if (report.busy) this.cooldownUntil.set(connectorId, this.delivery.now() + this.delivery.leaseTtlMs / 4);
        this.options.onFlush?.(report);
      })
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
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
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
    if (this.lease && this.delivery.db.open) releaseLease(this.delivery.db, this.lease, this.delivery.holder);
    this.lease = null;
    this.standby = null;
  }
}
