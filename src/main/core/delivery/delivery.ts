import type { Db } from '../db/open';
import type { ConnectorState, PayloadPreview, QueueView, StatusCounts } from '../../../shared/model';
import type { EngineEvent, FlushReport } from '../../../shared/api';
import { LIMITS } from '../../../shared/model';
import { listEvents, recordEvent, type EventFilter, type NewEvent } from '../events/log';
import { finishErasures } from '../privacy/forget';
import { acknowledgeBatch, countAttempt, failBatch, keepQueued, retryFailedBatch, scheduleRetry, settleAttempt } from './acknowledge';
import { budgetRenewsAt, correctRequestCount, requestsToday, reserveRequest } from './budget';
import { nextDueAt, receiverLooksDown } from './due';
import { freezeBatch, peekNextBatch, type FrozenBatch } from './freeze';
import { PAUSED_BY_OPERATOR, PAUSED_BY_OPERATOR_SAID, stateReasonSaid, withStateReason } from '../events/state-said';
import { said, type Message, type MessageCode, type MessageParams } from '../../../shared/messages';
import { classifyNetworkError, classifyResponse, describeNetworkError, isTimeout, mayHaveApplied, type Outcome, type Said } from './outcome';
import { displayUrl, redact, redactedForStorage } from './redact';
import { payloadSchemaErrors } from './schema';
import { Sender, type PostResult } from './sender';
import { stopHere } from './test-hooks';
import { DEFAULT_BACKOFF, type BackoffPolicy, type DeliveryConnector, type DeliveryDeps } from './types';
import { inWriteTransaction, sql } from '../db/sql';
import { Checkpointer } from './checkpoint';
import { brandOf } from './budget';
import {
  DEFAULT_LEASE_TTL_MS,
  acquireLease,
  connectorLease,
  holderValues,
  newHolderId,
  otherHolder,
  releaseLease,
  stillHeld,
  type Lease,
  type LeaseAttempt,
} from './lease';
import { localTime, plural } from '../../../shared/time';
import { heldForReviewCount, heldNotes } from '../connectors/hold';
import { emptyCounts } from '../reconcile/pending';

export interface FlushOptions {
  /** An operator's Flush now: also resends at once what waits out a backoff. */
  manual?: boolean;
  /** Aborts the request in flight (the batch stays unacknowledged and is resent later, unchanged). */
  signal?: AbortSignal;
  /** Once aborted, no new request is started: the one in flight finishes and the flush ends. */
  windDown?: AbortSignal;
}

interface OpenBatchRow {
  id: number;
  uuid: string;
  body: string;
  customers: number;
  counts: string;
  attempts: number;
  state: 'queued' | 'retrying';
  next_attempt_at: number | null;
}

/** A connector by id, or any record that carries its id (the connectors store's ConnectorRecord). */
export type ConnectorRef = number | { id: number };
const idOf = (ref: ConnectorRef) => (typeof ref === 'number' ? ref : ref.id);

type Answer = { result: PostResult; error?: undefined } | { result?: undefined; error: unknown };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before quick retry number `n` (1-based) within a flush: tripling from quickBaseMs, with jitter. */
function quickDelay(n: number, policy: BackoffPolicy): number {
  const base = policy.quickBaseMs * 3 ** (n - 1);
  return Math.max(0, Math.round(base + base * policy.jitter * (policy.random() * 2 - 1)));
}

/** A flush's hold on its connector's lease; `lost` once another process took it over. */
interface LeaseGuard {
  lease: Lease;
  lost: boolean;
}

/** What a flush learns about the batches it tried, for its closing sentences. */
interface Tried {
  ids: Set<number>;
  /** Per batch still in backoff: why (the last transient failure). */
  retryReasons: Map<number, string>;
  /** Per batch that failed for good: what the answer meant. */
  failures: Map<number, string>;
}

const toFrozen = (row: OpenBatchRow, connectorId: number): FrozenBatch => ({
  id: row.id,
  uuid: row.uuid,
  connectorId,
  body: row.body,
  bytes: Buffer.byteLength(row.body),
  customers: row.customers,
  counts: JSON.parse(row.counts) as FrozenBatch['counts'],
  attempts: row.attempts,
});

/**
 * The delivery half of the engine: turns pending changes into acknowledged ones. One instance per database;
 * flushes of one connector never overlap (a second one waits for the first), different connectors may run
 * side by side.
 */
export class Delivery {
  readonly db: Db;
  readonly sender = new Sender();
  readonly checkpointer: Checkpointer;
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly pendingListeners = new Set<(connectorId: number) => void>();
  /** This instance's name in the lease table (pid@host and a random part). */
  readonly holder = newHolderId();
  readonly leaseTtlMs: number;
  private readonly policy: BackoffPolicy;

  constructor(private readonly deps: DeliveryDeps) {
    this.db = deps.db;
    this.checkpointer = new Checkpointer(deps.db, undefined, { syncAhead: true, onThread: { nativeBinding: deps.nativeBinding } });
    this.leaseTtlMs = deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.policy = { ...DEFAULT_BACKOFF, ...deps.backoff };
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  connector(id: number): DeliveryConnector {
    return this.deps.connectors.byId(id);
  }

  connectors(): DeliveryConnector[] {
    return this.deps.connectors.list();
  }

  emit(event: EngineEvent): void {
    this.deps.emit?.(event);
  }

  /** Tells listeners (the scheduler) that a connector has new work: after an import, a retry, a resume. */
  notifyPending(connectorId: number): void {
    for (const listener of this.pendingListeners) listener(connectorId);
  }

  onPending(listener: (connectorId: number) => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  setState(connector: DeliveryConnector, state: ConnectorState, reason: string | null, pausedUntil: number | null = null, said: Said | null = null): void {
    this.deps.connectors.setState(connector.id, state, reason, pausedUntil, said);
  }

  private logEvent(event: NewEvent, token?: string | null) {
    return recordEvent(this.db, event, this.deps.emit, token);
  }

  /** The attempt log, newest first (see events/log.ts for the filter). */
  log(filter: EventFilter = {}) {
    return listEvents(this.db, filter);
  }

  /** Runs `work` once no other flush of the connector is running. */
  private exclusive<T>(connectorId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(connectorId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.locks.set(connectorId, tail);
    void tail.then(() => {
      if (this.locks.get(connectorId) === tail) this.locks.delete(connectorId);
    });
    return run;
  }

  /** Flushes every connector, one after the other. */
  flushAll(options: FlushOptions = {}): Promise<FlushReport[]> {
    return this.flush(this.connectors(), options);
  }

  /**
   * Sends everything a connector has pending now, within its limits: first the unacknowledged batches
   * (same uuid, same body), then new batches frozen from the queue, until the queue is empty, the daily
   * budget is spent, or the connector is halted, paused or backing off.
   */
  flush(connector: ConnectorRef, options?: FlushOptions): Promise<FlushReport>;
  /** Flushes several connectors one after the other (a manual flush by default: the operator's Flush now). */
  flush(connectors: readonly ConnectorRef[], options?: FlushOptions): Promise<FlushReport[]>;
  flush(ref: ConnectorRef | readonly ConnectorRef[], options: FlushOptions = {}): Promise<FlushReport | FlushReport[]> {
    if (Array.isArray(ref)) return this.flushEach(ref, { manual: true, ...options });
    const connectorId = idOf(ref as ConnectorRef);
    return this.exclusive(connectorId, () => this.flushNow(connectorId, options));
  }

  private async flushEach(refs: readonly ConnectorRef[], options: FlushOptions): Promise<FlushReport[]> {
    const reports: FlushReport[] = [];
    for (const ref of refs) reports.push(await this.flush(ref, options));
    return reports;
  }

  private async flushNow(connectorId: number, options: FlushOptions): Promise<FlushReport> {
    let connector = this.connector(connectorId);
    const held = heldNotes(this.db, connector);
    const report: FlushReport = {
      connector: connector.name,
      batchesSent: 0,
      customersDelivered: 0,
      failed: 0,
      halted: false,
      paused: false,
      messages: held.map((n) => n.text),
      lineMessages: held.map((n) => n.message),
    };
    connector = this.resumeIfPauseOver(connector);
    if (connector.state === 'halted' || connector.state === 'paused') {
      this.summarize(connector, report, { ids: new Set(), retryReasons: new Map(), failures: new Map() });
      (report.problems ?? []).forEach((text, i) => tell(report, { text, message: report.problemMessages?.[i] ?? null }));
      return report;
    }
    const token = await this.deps.token(connector);
    const taken = await this.takeLease(connector.id, options.manual ? (this.deps.leaseWaitMs ?? 15_000) : 0);
    if (taken.busy) {
      report.busy = taken.busy;
      tell(report, said('flushBusy', { connector: connector.name, ...holderValues(taken.busy) }));
      return report;
    }
    const guard: LeaseGuard = { lease: taken.lease, lost: false };
    const renewal = setInterval(() => {
      try {
        if (!guard.lost && !stillHeld(this.db, guard.lease, this.holder, this.leaseTtlMs)) guard.lost = true;
      } catch {
        // The database is busy (a long import commits): the write that counts the next attempt checks again.
      }
    }, Math.max(50, this.leaseTtlMs / 4));
    renewal.unref();
    const tried: Tried = { ids: new Set(), retryReasons: new Map(), failures: new Map() };
    try {
      this.deps.connectors.recordFlush(connector.id, this.now());
      await this.drain(connector, token, options, report, guard, tried);
    } finally {
      clearInterval(renewal);
      if (!guard.lost) releaseLease(this.db, guard.lease, this.holder);
      // The checkpoint thread lives as long as a flush: nothing of it stays behind between flushes.
      await this.checkpointer.close();
    }
    if (report.batchesSent > 0) finishErasures(this.db, this.now());
    this.summarize(this.connector(connector.id), report, tried);
    if (report.batchesSent + report.failed + (report.retrying ?? 0) > 0 || report.halted || report.paused) this.emit({ type: 'queue', queue: this.queueStatus() });
    return report;
  }

  /** Takes the connector's lease, waiting up to waitMs while another live process holds it. */
  private async takeLease(connectorId: number, waitMs: number): Promise<LeaseAttempt> {
    const started = Date.now();
    for (;;) {
      const attempt = acquireLease(this.db, connectorLease(connectorId), this.holder, this.leaseTtlMs);
      if (attempt.lease || Date.now() - started >= waitMs) return attempt;
      await sleep(Math.min(250, waitMs));
    }
  }

  /**
   * The flush's closing facts: how many of the batches it tried wait for a retry and when, and one sentence
   * per reason it did not deliver everything (a retry, a failure for good, a halted or paused connector).
   */
  private summarize(connector: DeliveryConnector, report: FlushReport, tried: Tried): void {
    const problems: Array<{ text: string; message: Message }> = [];
    const waiting = tried.ids.size
      ? (sql(this.db, `SELECT id, next_attempt_at AS at FROM batches WHERE connector_id = ? AND state = 'retrying'`).all(connector.id) as Array<{ id: number; at: number }>)
          .filter((b) => tried.ids.has(b.id))
      : [];
    report.retrying = waiting.length;
    report.nextRetryAt = waiting.length ? Math.min(...waiting.map((b) => b.at)) : null;
    const byReason = new Map<string, number[]>();
    for (const b of waiting) {
      const reason = tried.retryReasons.get(b.id) ?? 'A transient failure';
      byReason.set(reason, [...(byReason.get(reason) ?? []), b.at]);
    }
    for (const [reason, times] of byReason) {
      problems.push(said('flushWaiting', { connector: connector.name, count: times.length, reason, at: Math.min(...times) }));
    }
    const byMeaning = new Map<string, number>();
    for (const meaning of tried.failures.values()) byMeaning.set(meaning, (byMeaning.get(meaning) ?? 0) + 1);
    for (const [meaning, n] of byMeaning) problems.push(said('flushFailed', { connector: connector.name, count: n, meaning }));
    if (connector.state === 'halted') {
      report.halted = true;
      problems.push(withStateReason(said('flushHalted', { connector: connector.name, reason: connector.stateReason ?? 'resume it to send again.' }), this.db, connector));
    } else if (connector.state === 'paused') {
      report.paused = true;
      problems.push(
        connector.pausedUntil !== null
          ? withStateReason(said('flushPausedUntil', { connector: connector.name, until: connector.pausedUntil, reason: connector.stateReason ?? '' }), this.db, connector)
          : said('flushPaused', { connector: connector.name }),
      );
    }
    report.problems = problems.map((p) => p.text.trim());
    report.problemMessages = problems.map((p) => p.message);
  }

  /** A 429 pause ends by itself once its time has come. */
  private resumeIfPauseOver(connector: DeliveryConnector): DeliveryConnector {
    if (connector.state !== 'paused' || connector.pausedUntil === null || connector.pausedUntil > this.now()) return connector;
    this.setState(connector, 'active', null, null);
    this.logEvent({
      at: this.now(),
      connectorId: connector.id,
      connectorName: connector.name,
      kind: 'connector',
      outcome: 'resumed',
      meaning: `${connector.name} resumed: its pause until ${localTime(connector.pausedUntil)} is over.`,
      said: { code: 'outcome.resumedPauseOver', values: { name: connector.name, until: connector.pausedUntil } },
    });
    return this.connector(connector.id);
  }

  /**
   * The oldest unacknowledged batch after `afterId`; with `dueAt`, only one whose backoff is over by then
   * (a scheduled flush leaves a batch in backoff alone and sends the others).
   */
  private openBatchAfter(connectorId: number, afterId: number, dueAt?: number): FrozenBatch | null {
    const columns = `SELECT b.id, b.uuid, x.body, b.customers, b.counts, b.attempts, b.state, b.next_attempt_at
         FROM batches b JOIN batch_bodies x ON x.batch_id = b.id
         WHERE b.connector_id = ? AND b.state IN ('queued', 'retrying') AND b.id > ?`;
    const row = (
      dueAt === undefined
        ? sql(this.db, `${columns} ORDER BY b.id LIMIT 1`).get(connectorId, afterId)
        : sql(this.db, `${columns} AND (b.state = 'queued' OR b.next_attempt_at <= ?) ORDER BY b.id LIMIT 1`).get(connectorId, afterId, dueAt)
    ) as OpenBatchRow | undefined;
    return row ? toFrozen(row, connectorId) : null;
  }

  /** When the connector's earliest batch in backoff may be resent, if that is still to come. */
  private backoffUntil(connectorId: number): number | null {
    const row = sql(this.db, `SELECT min(next_attempt_at) AS at FROM batches WHERE connector_id = ? AND state IN ('queued', 'retrying') AND state = 'retrying'`)
      .get(connectorId) as { at: number | null };
    return row.at !== null && row.at > this.now() ? row.at : null;
  }

  private async drain(
    connector: DeliveryConnector,
    token: string,
    options: FlushOptions,
    report: FlushReport,
    guard: LeaseGuard,
    tried: Tried,
  ): Promise<void> {
    const waitUntil = options.manual ? null : this.backoffUntil(connector.id);
    if (waitUntil !== null && receiverLooksDown(this.db, connector.id)) {
      tell(report, said('flushBackingOff', { connector: connector.name, at: waitUntil }));
      return;
    }
    const maxBodyBytes = this.deps.maxBodyBytes ?? LIMITS.maxBodyBytes;
    let cursor = 0;
    /** The next batch to send: the oldest unacknowledged one after the cursor, else a newly frozen one. */
    const pickNext = (): { batch: FrozenBatch; frozen: boolean } | null => {
      const open = this.openBatchAfter(connector.id, cursor, options.manual ? undefined : this.now());
      const batch = open ?? freezeBatch(this.db, connector, this.now(), maxBodyBytes);
      if (!batch) return null;
      cursor = batch.id;
      return { batch, frozen: !open };
    };
    const takeNext = async (pick = pickNext()): Promise<FrozenBatch | null> => {
      if (pick?.frozen) await stopHere('after-freeze');
      return pick?.batch ?? null;
    };
    const stopping = () => Boolean(options.signal?.aborted || options.windDown?.aborted || guard.lost);
    const reserve = (batch: FrozenBatch) => this.reserve(connector, report, batch, guard, tried);
    /**
     * Puts a batch on the wire and waits until it has left, so the receiver works on it while we record and
     * freeze. The answer comes back wrapped: an async function that returned the promise itself would adopt
     * it, and the caller would wait for the whole round trip instead of overlapping it.
     */
    const send = async (batch: FrozenBatch): Promise<{ answer: Promise<Answer> }> => {
      const { answer, sent } = this.post(connector, batch, token, options.signal);
      await sent;
      this.checkpointer.afterSend();
      return { answer };
    };

    // Pipelined: while one request is on the wire, the previous answer is recorded and the batch after it
    // frozen, in one transaction (one commit instead of two). Their keys never overlap with the batch on the
    // wire; freezing after recording lets the new batch take changes that the acknowledgement requeued.
    if (stopping()) return;
    let current = await takeNext();
    if (!current || !reserve(current)) return;
    let flight = (await send(current)).answer;
    let next = stopping() ? null : await takeNext();
    /** Quick retries the current batch has used; batches in a row that used them all up. */
    let quickTries = 0;
    let failuresInARow = 0;
    for (;;) {
      const answer = await flight;
      await stopHere('after-response');
      const quick = quickTries < this.policy.quickRetries && !isTimeout(answer.error) ? quickDelay(quickTries + 1, this.policy) : undefined;
      const outcome = this.outcomeOf(connector, current, answer, options.signal, quick);
      const transient = outcome !== 'abandoned' && outcome.kind === 'retrying';
      if (transient && quick !== undefined && !stopping()) {
        // A network error, 408 or 5xx: the same batch again in a moment, before the long backoff.
        const retried = current;
        inWriteTransaction(this.db, () => {
          this.noteRequestCount(connector, answer);
          this.record(connector, retried, answer, outcome, token, report, tried, { quick: true });
        });
        quickTries++;
        await sleep(quick);
        retried.attempts++;
        if (stopping() || !reserve(retried)) break;
        flight = (await send(retried)).answer;
        continue;
      }
      quickTries = 0;
      failuresInARow = transient ? failuresInARow + 1 : 0;
      // An isolated failure (in backoff now, or failed for good) does not hold up the other batches; a run of
      // them means the receiver is down, and the flush ends.
      const goOn =
        outcome !== 'abandoned' &&
        (outcome.kind === 'delivered' || outcome.kind === 'failed' || (transient && failuresInARow < this.policy.failuresToStop));
      const sendNext = inWriteTransaction(this.db, () => {
        this.noteRequestCount(connector, answer);
        return goOn && next !== null && !stopping() && reserve(next);
      });
      if (sendNext) flight = (await send(next!)).answer;
      const recorded = current;
      const keepGoing = goOn && !stopping() && (next === null || sendNext);
      const pick = inWriteTransaction(this.db, () => {
        this.record(connector, recorded, answer, outcome, token, report, tried);
        return keepGoing ? pickNext() : null;
      });
      if (!keepGoing) break;
      if (sendNext) {
        current = next!;
        next = await takeNext(pick);
        continue;
      }
      // Nothing was on the wire (the queue looked empty), but this acknowledgement may have requeued changes.
      const requeued = await takeNext(pick);
      if (!requeued || !reserve(requeued)) break;
      current = requeued;
      flight = (await send(current)).answer;
      next = stopping() ? null : await takeNext();
    }
    if (guard.lost) {
      const by = otherHolder(this.db, guard.lease.name, this.holder);
      tell(report, by ? said('flushLeaseLost', { connector: connector.name, ...holderValues(by) }) : said('flushLeaseLostUnknown', { connector: connector.name }));
    }
  }

  /**
   * Deployteq's X-Clang-Request-Count corrects our count of today's requests, when it is plausible: a whole
   * number from 0 to ten times the daily limit (a broken or hostile header must not stop the connector).
   */
  private requestCountOf(connector: DeliveryConnector, answer: Answer): number | null {
    const header = answer.result?.headers['x-clang-request-count'];
    if (header === undefined || !/^\s*\d{1,15}\s*$/.test(header)) return null;
    const count = Number(header);
    return count <= 10 * (connector.dailyLimit || LIMITS.defaultDailyLimit) ? count : null;
  }

  private noteRequestCount(connector: DeliveryConnector, answer: Answer): void {
    const count = this.requestCountOf(connector, answer);
    if (count !== null) correctRequestCount(this.db, connector.endpoint, count, this.now());
  }

  /**
   * Counts one request against the brand's daily budget and as an attempt of the batch, in one write
   * transaction that also proves this flush still holds the connector's lease and that the batch is still
   * unacknowledged; otherwise nothing is sent. Says why when the budget stops it.
   */
  private reserve(connector: DeliveryConnector, report: FlushReport, batch: FrozenBatch, guard: LeaseGuard, tried: Tried): boolean {
    const now = this.now();
    const verdict = inWriteTransaction(this.db, (): 'ok' | 'lost' | 'closed' | 'budget' => {
      if (!stillHeld(this.db, guard.lease, this.holder, this.leaseTtlMs)) return 'lost';
      const row = sql(this.db, 'SELECT state FROM batches WHERE id = ?').get(batch.id) as { state: string } | undefined;
      if (row?.state !== 'queued' && row?.state !== 'retrying') return 'closed';
      if (!reserveRequest(this.db, connector.endpoint, connector.dailyLimit, now)) return 'budget';
      countAttempt(this.db, batch.id);
      return 'ok';
    });
    if (verdict === 'ok') {
      tried.ids.add(batch.id);
      return true;
    }
    if (verdict === 'lost') guard.lost = true;
    if (verdict !== 'budget') return false;
    const renews = budgetRenewsAt(now);
    const shared = this.sharingMeter(connector);
    const meaning =
      `Daily request limit of ${plural(connector.dailyLimit, 'request')} reached for this Deployteq brand` +
      `${shared.length ? ` (shared with ${shared.join(', ')})` : ''}; the rest waits until ${localTime(renews)} (midnight in Amsterdam).`;
    const outcomeSaid: Said = shared.length
      ? { code: 'outcome.deferredBudgetShared', values: { limit: connector.dailyLimit, until: renews, shared: shared.join(', ') } }
      : { code: 'outcome.deferredBudget', values: { limit: connector.dailyLimit, until: renews } };
    tell(report, lineWithMeaning('flushLine', { connector: connector.name, meaning }, outcomeSaid));
    this.logEvent({ at: now, connectorId: connector.id, connectorName: connector.name, kind: 'budget', outcome: 'deferred', meaning, said: outcomeSaid, nextRetryAt: renews });
    return false;
  }

  /** The other connectors that count against the same daily meter (same brand). */
  private sharingMeter(connector: DeliveryConnector, all = this.connectors()): string[] {
    const brand = brandOf(connector.endpoint);
    return all.filter((c) => c.id !== connector.id && brandOf(c.endpoint) === brand).map((c) => c.name);
  }

  /** Sends one attempt of a batch (already counted by reserve, so an attempt cut short by a crash still counts). */
  private post(connector: DeliveryConnector, batch: FrozenBatch, token: string, signal?: AbortSignal): { answer: Promise<Answer>; sent: Promise<void> } {
    const hold = stopHere('before-request');
    if (hold) return { answer: hold, sent: hold };
    const { answer, sent } = this.sender.send(connector.endpoint, batch.body, {
      token,
      authMode: connector.authMode,
      timeoutMs: connector.timeoutMs,
      signal,
    });
    return { answer: answer.then((result): Answer => ({ result }), (error: unknown): Answer => ({ error })), sent };
  }

  private outcomeOf(connector: DeliveryConnector, batch: FrozenBatch, answer: Answer, signal?: AbortSignal, retryInMs?: number): Outcome | 'abandoned' {
    const context = {
      now: this.now(),
      attempts: batch.attempts,
      customers: batch.customers,
      timeoutMs: connector.timeoutMs,
      backoff: this.deps.backoff,
      retryInMs,
      dailyLimit: connector.dailyLimit,
      requestCount: this.requestCountOf(connector, answer),
    };
    if (answer.result) return classifyResponse(answer.result.status, answer.result.headers['retry-after'], context);
    if (signal?.aborted) return 'abandoned';
    return classifyNetworkError(answer.error, context);
  }

  /** Stores what an attempt's answer means for the batch and the connector, and logs the attempt. */
  private record(
    connector: DeliveryConnector,
    batch: FrozenBatch,
    answer: Answer,
    outcome: Outcome | 'abandoned',
    token: string,
    report: FlushReport,
    tried: Tried,
    { quick = false } = {},
  ): void {
    const now = this.now();
    const status = answer.result?.status ?? null;
    const body = redactedForStorage(answer.result ? answer.result.body : describeNetworkError(answer.error, connector.timeoutMs), token);
    const base = {
      at: now,
      connectorId: connector.id,
      connectorName: connector.name,
      batchUuid: batch.uuid,
      kind: 'attempt' as const,
      httpStatus: status,
      latencyMs: answer.result?.latencyMs ?? null,
      customers: batch.customers,
      counts: batch.counts,
      responseSnippet: body,
    };
    settleAttempt(this.db, batch.id, outcome === 'abandoned' ? mayHaveApplied({ abandoned: true }) : outcome.mayHaveApplied);
    if (outcome === 'abandoned') {
      const meaning = said('requestAbandoned').text;
      this.logEvent({ ...base, outcome: 'abandoned', meaning }, token);
      tell(report, said('flushAbandoned', { connector: connector.name }));
      return;
    }
    // A sentence can quote an error message, and a message can quote a URL: never the token.
    const meaning = redact(outcome.meaning, token);
    tried.retryReasons.delete(batch.id);
    switch (outcome.kind) {
      case 'delivered':
        acknowledgeBatch(this.db, batch.id, now, status ?? 200);
        report.batchesSent++;
        report.customersDelivered += batch.customers;
        break;
      case 'failed':
        failBatch(this.db, batch.id, status, body);
        report.failed++;
        tried.failures.set(batch.id, meaning);
        tell(report, lineWithMeaning('flushBatchFailed', { connector: connector.name, uuid: batch.uuid, meaning }, outcome.said));
        break;
      case 'retrying':
        scheduleRetry(this.db, batch.id, status, body, outcome.nextAttemptAt as number);
        tried.retryReasons.set(batch.id, redact(outcome.reason ?? meaning, token));
        if (!quick) tell(report, lineWithMeaning('flushLine', { connector: connector.name, meaning }, outcome.said));
        break;
      case 'halted':
        keepQueued(this.db, batch.id, status, body);
        this.setState(connector, 'halted', meaning, null, outcome.said ?? null);
        report.halted = true;
        tell(report, lineWithMeaning('flushLine', { connector: connector.name, meaning }, outcome.said));
        break;
      case 'paused':
        keepQueued(this.db, batch.id, status, body);
        this.setState(connector, 'paused', meaning, outcome.pausedUntil ?? null, outcome.said ?? null);
        report.paused = true;
        tell(report, lineWithMeaning('flushLine', { connector: connector.name, meaning }, outcome.said));
        break;
    }
    this.logEvent({ ...base, outcome: outcome.kind, meaning, said: outcome.said, nextRetryAt: outcome.nextAttemptAt ?? outcome.pausedUntil ?? null }, token);
  }

  /** The operator retries a batch that failed for good: its held changes are queued again. */
  retryFailed(uuid: string): { requeued: number } {
    const requeued = retryFailedBatch(this.db, uuid);
    const row = sql(this.db, 'SELECT connector_id AS id FROM batches WHERE uuid = ?').get(uuid) as { id: number };
    this.notifyPending(row.id);
    return { requeued };
  }

  /**
   * The exact body of the connector's next request: the oldest unacknowledged batch, or what the next
   * freeze would take (nothing is frozen or stored: its uuid is drawn afresh when it is frozen), checked
   * against the payload schema, with the URL as sent but the token redacted.
   */
  preview(ref: ConnectorRef): PayloadPreview {
    const connector = this.connector(idOf(ref));
    const open = this.openBatchAfter(connector.id, 0);
    const next = open
      ? { text: open.body, bytes: open.bytes, customers: open.customers, counts: open.counts }
      : peekNextBatch(this.db, connector, this.deps.maxBodyBytes ?? LIMITS.maxBodyBytes);
    const url = displayUrl(connector.endpoint, connector.authMode);
    if (!next) return { connector: connector.name, url, body: null, bytes: 0, customers: 0, counts: {}, schemaErrors: [] };
    const body = JSON.parse(next.text) as unknown;
    return {
      connector: connector.name,
      url,
      body,
      bytes: next.bytes,
      customers: next.customers,
      counts: next.counts,
      schemaErrors: payloadSchemaErrors(body),
    };
  }

  /** Per connector: its state, its pending changes, when it next flushes, and today's requests. */
  queueStatus(): QueueView[] {
    const now = this.now();
    const all = this.connectors();
    return all.map((connector) => {
      const pending = emptyCounts();
      for (const row of sql(this.db, 'SELECT status, count(*) AS n FROM pending WHERE connector_id = ? GROUP BY status')
        .all(connector.id) as Array<{ status: keyof StatusCounts; n: number }>) {
        pending[row.status] = row.n;
      }
      const inFlight = (
        sql(
            this.db,
            `SELECT count(*) AS n FROM in_flight WHERE connector_id = ?`,
          )
          .get(connector.id) as { n: number }
      ).n;
      const held = (
        sql(this.db, `SELECT count(*) AS n FROM pending p JOIN batches b ON b.id = p.held_by WHERE p.held_by IS NOT NULL AND b.connector_id = ?`)
          .get(connector.id) as { n: number }
      ).n;
      return {
        connectorId: connector.id,
        connectorName: connector.name,
        state: connector.state,
        stateReason: connector.stateReason,
        stateSaid: stateReasonSaid(this.db, connector.id),
        pending,
        inFlight,
        held,
        heldForReview: heldForReviewCount(this.db, connector.id),
        nextFlushAt: nextDueAt(this.db, connector, now),
        requestsToday: requestsToday(this.db, connector.endpoint, now),
        dailyLimit: connector.dailyLimit,
        sendingBy: otherHolder(this.db, connectorLease(connector.id), this.holder),
        sharedWith: this.sharingMeter(connector, all),
      };
    });
  }

  /** Pauses a connector at the operator's request (no end time), or lets it send again. */
  pause(ref: ConnectorRef): DeliveryConnector {
    const connectorId = idOf(ref);
    const connector = this.connector(connectorId);
    this.setState(connector, 'paused', PAUSED_BY_OPERATOR, null, PAUSED_BY_OPERATOR_SAID);
    this.logEvent({ at: this.now(), connectorId, connectorName: connector.name, kind: 'connector', outcome: 'paused', meaning: `${connector.name} paused by the operator.`, said: { code: 'outcome.pausedByOperator', values: { name: connector.name } } });
    return this.connector(connectorId);
  }

  resume(ref: ConnectorRef, meaning?: string): DeliveryConnector {
    const connectorId = idOf(ref);
    const connector = this.connector(connectorId);
    this.setState(connector, 'active', null, null);
    // A custom sentence (a new token or endpoint resumed it) is logged as the engine wrote it, without a code.
    const said = meaning === undefined ? { code: 'outcome.resumedByOperator', values: { name: connector.name } } : undefined;
    this.logEvent({ at: this.now(), connectorId, connectorName: connector.name, kind: 'connector', outcome: 'resumed', meaning: meaning ?? `${connector.name} resumed by the operator.`, said });
    this.notifyPending(connectorId);
    return this.connector(connectorId);
  }

  /** Waits for running flushes to finish. */
  async idle(): Promise<void> {
    while (this.locks.size > 0) await Promise.all([...this.locks.values()]);
  }

  async close(): Promise<void> {
    await this.checkpointer.close();
    await this.sender.close();
  }
}

/** One line of a flush's report, its message next to it (FlushReport.lineMessages) for the screens to word. */
function tell(report: FlushReport, line: { text: string; message: Message | null }): void {
  report.messages.push(line.text);
  (report.lineMessages ??= []).push(line.message);
}

/** A line quoting an outcome's meaning: the screens word that meaning by its own code (`outcome.*`), when it has one. */
function lineWithMeaning(code: MessageCode, params: MessageParams, meaningSaid: Said | undefined): { text: string; message: Message } {
  const line = said(code, params);
  return { text: line.text, message: meaningSaid ? { ...line.message, nested: { meaning: meaningSaid } } : line.message };
}
