import type { Db } from '../db/open';
import type { ConnectorState, PayloadPreview, QueueView, StatusCounts } from '../../../shared/model';
import type { EngineEvent, FlushReport } from '../../../shared/api';
import { LIMITS } from '../../../shared/model';
import { listEvents, recordEvent, type EventFilter, type NewEvent } from '../events/log';
import { acknowledgeBatch, countAttempt, failBatch, keepQueued, retryFailedBatch, scheduleRetry } from './acknowledge';
import { budgetRenewsAt, correctRequestCount, requestsToday, reserveRequest } from './budget';
import { readConnector, readConnectors, writeConnectorState, writeLastFlushAt } from './connector-rows';
import { nextDueAt } from './due';
import { freezeBatch, peekNextBatch, type FrozenBatch } from './freeze';
import { classifyNetworkError, classifyResponse, describeNetworkError, type Outcome } from './outcome';
import { displayUrl, redact } from './redact';
import { payloadSchemaErrors } from './schema';
import { Sender, type PostResult } from './sender';
import { stopHere } from './test-hooks';
import type { DeliveryConnector, DeliveryDeps } from './types';
import { inWriteTransaction, sql } from './sql';
import { Checkpointer } from './checkpoint';

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

const emptyCounts = (): StatusCounts => ({ NEW: 0, MODIFIED: 0, REMOVED: 0 });
const clock = (at: number) => new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

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
  private readonly checkpointer: Checkpointer;
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly pendingListeners = new Set<(connectorId: number) => void>();

  constructor(private readonly deps: DeliveryDeps) {
    this.db = deps.db;
    this.checkpointer = new Checkpointer(deps.db);
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  connector(id: number): DeliveryConnector {
    return this.deps.getConnector ? this.deps.getConnector(id) : readConnector(this.db, id);
  }

  connectorByName(name: string): DeliveryConnector {
    return readConnector(this.db, name);
  }

  connectors(): DeliveryConnector[] {
    return this.deps.listConnectors ? this.deps.listConnectors() : readConnectors(this.db);
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

  setState(connector: DeliveryConnector, state: ConnectorState, reason: string | null, pausedUntil: number | null = null): void {
    if (this.deps.setState) this.deps.setState(connector.id, state, reason, pausedUntil);
    else writeConnectorState(this.db, connector.id, state, reason, pausedUntil);
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
    const report: FlushReport = {
      connector: connector.name,
      batchesSent: 0,
      customersDelivered: 0,
      failed: 0,
      halted: false,
      paused: false,
      messages: [],
    };
    connector = this.resumeIfPauseOver(connector);
    if (connector.state === 'halted') {
      report.halted = true;
      report.messages.push(`${connector.name} is halted: ${connector.stateReason ?? 'resume it to send again.'}`);
      return report;
    }
    if (connector.state === 'paused') {
      report.paused = true;
      report.messages.push(
        connector.pausedUntil !== null
          ? `${connector.name} is paused until ${clock(connector.pausedUntil)}: ${connector.stateReason ?? ''}`.trim()
          : `${connector.name} is paused; resume it to send.`,
      );
      return report;
    }
    const token = await this.deps.token(connector);
    writeLastFlushAt(this.db, connector.id, this.now());
    await this.drain(connector, token, options, report);
    if (report.batchesSent + report.failed > 0 || report.halted || report.paused) this.emit({ type: 'queue', queue: this.queueStatus() });
    return report;
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
      meaning: `${connector.name} resumed: its pause until ${clock(connector.pausedUntil)} is over.`,
      said: { code: 'outcome.resumedPauseOver', values: { name: connector.name, until: connector.pausedUntil } },
    });
    return this.connector(connector.id);
  }

  /** The oldest unacknowledged batch after `afterId` that may be sent now. */
  private openBatchAfter(connectorId: number, afterId: number): FrozenBatch | null {
    const row = sql(
        this.db,
        `SELECT b.id, b.uuid, x.body, b.customers, b.counts, b.attempts, b.state, b.next_attempt_at
         FROM batches b JOIN batch_bodies x ON x.batch_id = b.id
         WHERE b.connector_id = ? AND b.state IN ('queued', 'retrying') AND b.id > ? ORDER BY b.id LIMIT 1`,
      )
      .get(connectorId, afterId) as OpenBatchRow | undefined;
    return row ? toFrozen(row, connectorId) : null;
  }

  /** When the connector's earliest batch in backoff may be resent, if that is still to come. */
  private backoffUntil(connectorId: number): number | null {
    const row = sql(this.db, `SELECT min(next_attempt_at) AS at FROM batches WHERE connector_id = ? AND state IN ('queued', 'retrying') AND state = 'retrying'`)
      .get(connectorId) as { at: number | null };
    return row.at !== null && row.at > this.now() ? row.at : null;
  }

  private async drain(connector: DeliveryConnector, token: string, options: FlushOptions, report: FlushReport): Promise<void> {
    const waitUntil = options.manual ? null : this.backoffUntil(connector.id);
    if (waitUntil !== null) {
      report.messages.push(`${connector.name} is backing off after a failed attempt; the next one is at ${clock(waitUntil)}.`);
      return;
    }
    const maxBodyBytes = this.deps.maxBodyBytes ?? LIMITS.maxBodyBytes;
    let cursor = 0;
    /** The next batch to send: the oldest unacknowledged one after the cursor, else a newly frozen one. */
    const pickNext = (): { batch: FrozenBatch; frozen: boolean } | null => {
      const open = this.openBatchAfter(connector.id, cursor);
      const batch = open ?? freezeBatch(this.db, connector, this.now(), maxBodyBytes);
      if (!batch) return null;
      cursor = batch.id;
      return { batch, frozen: !open };
    };
    const takeNext = async (pick = pickNext()): Promise<FrozenBatch | null> => {
      if (pick?.frozen) await stopHere('after-freeze');
      return pick?.batch ?? null;
    };
    const stopping = () => Boolean(options.signal?.aborted || options.windDown?.aborted);
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
    if (!current || !this.reserve(connector, report, current)) return;
    let flight = (await send(current)).answer;
    let next = stopping() ? null : await takeNext();
    for (;;) {
      const answer = await flight;
      await stopHere('after-response');
      const outcome = this.outcomeOf(connector, current, answer, options.signal);
      const goOn = outcome !== 'abandoned' && (outcome.kind === 'delivered' || outcome.kind === 'failed');
      const sendNext = inWriteTransaction(this.db, () => {
        this.noteRequestCount(connector, answer);
        return goOn && next !== null && !stopping() && this.reserve(connector, report, next);
      });
      if (sendNext) flight = (await send(next!)).answer;
      const recorded = current;
      const keepGoing = goOn && !stopping() && (next === null || sendNext);
      const pick = inWriteTransaction(this.db, () => {
        this.record(connector, recorded, answer, outcome, token, report);
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
      if (!requeued || !this.reserve(connector, report, requeued)) break;
      current = requeued;
      flight = (await send(current)).answer;
      next = stopping() ? null : await takeNext();
    }
  }

  /** The receiver's X-Clang-Request-Count corrects our count of today's requests. */
  private noteRequestCount(connector: DeliveryConnector, answer: Answer): void {
    const header = answer.result?.headers['x-clang-request-count'];
    if (header !== undefined && /^\s*\d+\s*$/.test(header)) correctRequestCount(this.db, connector.endpoint, Number(header), this.now());
  }

  /**
   * Counts one request against the brand's daily budget and as an attempt of the batch (one transaction),
   * or says why it cannot be made today.
   */
  private reserve(connector: DeliveryConnector, report: FlushReport, batch: FrozenBatch): boolean {
    const now = this.now();
    const reserved = inWriteTransaction(this.db, () => {
      if (!reserveRequest(this.db, connector.endpoint, connector.dailyLimit, now)) return false;
      countAttempt(this.db, batch.id);
      return true;
    });
    if (reserved) return true;
    const renews = budgetRenewsAt(now);
    const meaning = `Daily request limit of ${connector.dailyLimit} reached for this Deployteq brand; the rest waits until ${clock(renews)} (midnight in Amsterdam).`;
    report.messages.push(`${connector.name}: ${meaning}`);
    const said = { code: 'outcome.deferredBudget', values: { limit: connector.dailyLimit, until: renews } };
    this.logEvent({ at: now, connectorId: connector.id, connectorName: connector.name, kind: 'budget', outcome: 'deferred', meaning, said, nextRetryAt: renews });
    return false;
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

  private outcomeOf(connector: DeliveryConnector, batch: FrozenBatch, answer: Answer, signal?: AbortSignal): Outcome | 'abandoned' {
    const context = {
      now: this.now(),
      attempts: batch.attempts,
      customers: batch.customers,
      timeoutMs: connector.timeoutMs,
      backoff: this.deps.backoff,
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
  ): void {
    const now = this.now();
    const status = answer.result?.status ?? null;
    const body = answer.result ? redact(answer.result.body, token) : redact(describeNetworkError(answer.error, connector.timeoutMs), token);
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
      responseSnippet: answer.result ? answer.result.body : body,
    };
    if (outcome === 'abandoned') {
      const meaning = 'The request was abandoned because Canopy Batch is stopping; the same batch is sent again on the next start.';
      this.logEvent({ ...base, outcome: 'abandoned', meaning }, token);
      report.messages.push(`${connector.name}: ${meaning}`);
      return;
    }
    switch (outcome.kind) {
      case 'delivered':
        acknowledgeBatch(this.db, batch.id, now, status ?? 200);
        report.batchesSent++;
        report.customersDelivered += batch.customers;
        break;
      case 'failed':
        failBatch(this.db, batch.id, status, body);
        report.failed++;
        report.messages.push(`${connector.name}: batch ${batch.uuid} failed: ${outcome.meaning}`);
        break;
      case 'retrying':
        scheduleRetry(this.db, batch.id, status, body, outcome.nextAttemptAt as number);
        report.messages.push(`${connector.name}: ${outcome.meaning}`);
        break;
      case 'halted':
        keepQueued(this.db, batch.id, status, body);
        this.setState(connector, 'halted', outcome.meaning, null);
        report.halted = true;
        report.messages.push(`${connector.name}: ${outcome.meaning}`);
        break;
      case 'paused':
        keepQueued(this.db, batch.id, status, body);
        this.setState(connector, 'paused', outcome.meaning, outcome.pausedUntil ?? null);
        report.paused = true;
        report.messages.push(`${connector.name}: ${outcome.meaning}`);
        break;
    }
    this.logEvent({ ...base, outcome: outcome.kind, meaning: outcome.meaning, said: outcome.said, nextRetryAt: outcome.nextAttemptAt ?? outcome.pausedUntil ?? null }, token);
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
    return this.connectors().map((connector) => {
      const pending = emptyCounts();
      for (const row of sql(this.db, 'SELECT status, count(*) AS n FROM pending WHERE connector_id = ? GROUP BY status')
        .all(connector.id) as Array<{ status: keyof StatusCounts; n: number }>) {
        pending[row.status] = row.n;
      }
      const inFlight = (
        sql(
            this.db,
            `SELECT count(*) AS n FROM pending WHERE batch_id IN
               (SELECT id FROM batches WHERE connector_id = ? AND state IN ('queued', 'retrying'))`,
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
        pending,
        inFlight,
        held,
        nextFlushAt: nextDueAt(this.db, connector, now),
        requestsToday: requestsToday(this.db, connector.endpoint, now),
        dailyLimit: connector.dailyLimit,
      };
    });
  }

  /** Pauses a connector at the operator's request (no end time), or lets it send again. */
  pause(ref: ConnectorRef): DeliveryConnector {
    const connectorId = idOf(ref);
    const connector = this.connector(connectorId);
    this.setState(connector, 'paused', 'Paused by the operator.', null);
    this.logEvent({ at: this.now(), connectorId, connectorName: connector.name, kind: 'connector', outcome: 'paused', meaning: `${connector.name} paused by the operator.`, said: { code: 'outcome.pausedByOperator', values: { name: connector.name } } });
    return this.connector(connectorId);
  }

  resume(ref: ConnectorRef): DeliveryConnector {
    const connectorId = idOf(ref);
    const connector = this.connector(connectorId);
    this.setState(connector, 'active', null, null);
    this.logEvent({ at: this.now(), connectorId, connectorName: connector.name, kind: 'connector', outcome: 'resumed', meaning: `${connector.name} resumed by the operator.`, said: { code: 'outcome.resumedByOperator', values: { name: connector.name } } });
    this.notifyPending(connectorId);
    return this.connector(connectorId);
  }

  /** Waits for running flushes to finish. */
  async idle(): Promise<void> {
    while (this.locks.size > 0) await Promise.all([...this.locks.values()]);
  }

  async close(): Promise<void> {
    await this.sender.close();
  }
}
