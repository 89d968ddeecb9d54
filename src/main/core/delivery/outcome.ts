import { DEFAULT_BACKOFF, type BackoffPolicy } from './types';
import { nextAmsterdamMidnight } from './amsterdam';
import { localTime, plural } from '../../../shared/time';
import type { EventSeverity } from '../../../shared/model';

/**
 * What an answer (or its absence) means for a batch, following Deployteq's error table for the Webhook Receiver:
 *   2xx delivered · 400/413/other 4xx failed for good · 401/403 connector halted · 404/405/410/3xx halted
 *   (the endpoint is wrong) · 429 connector paused · 408 / 5xx / network errors: retried with backoff, same
 *   uuid, same body. This file is the only place that reads a status code or a network error for its meaning:
 *   the batch keeps whether it may have been applied (mayHaveApplied), the screens colour by severityOf.
 */
export type OutcomeKind = 'delivered' | 'failed' | 'halted' | 'paused' | 'retrying';

/** A sentence as a code and its values, so the screens word it in their language (the CLI and logs keep `meaning`). */
export type { Said } from '../../../shared/messages';
import type { Said } from '../../../shared/messages';

export interface Outcome {
  kind: OutcomeKind;
  /** One sentence for the operator: the status, what it means, and what happens now. */
  meaning: string;
  /** The same sentence as a code (outcome.<name>) and values; absent for retries, whose sentence stays English. */
  said?: Said;
  /** For 'paused': when the connector may send again. */
  pausedUntil?: number;
  /** For 'retrying': when the batch is sent again. */
  nextAttemptAt?: number;
  /** For 'retrying': what went wrong, without what happens next ("500 Internal server error"). */
  reason?: string;
  /** Whether Deployteq may have applied the batch on this attempt (see mayHaveApplied). */
  mayHaveApplied: boolean;
}

/** An attempt's end as the rules read it: an HTTP answer, no answer (the request's error), or abandoned on stopping. */
export type AttemptEnd = { status: number } | { error: unknown } | { abandoned: true };

/** Failures before any connection existed: the body cannot have reached Deployteq. */
const NEVER_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'];

/**
 * Whether Deployteq may have applied the batch on this attempt. A clear refusal (3xx, 4xx but 408) and a
 * request that never connected leave it unapplied. A 2xx applied it. A 5xx, a 408, a timeout, a reset, any
 * other network error or a request abandoned mid-flight may have: the receiver can have applied the body
 * before its answer was lost, and a reset on an open connection cannot tell whether the body had arrived.
 */
export function mayHaveApplied(end: AttemptEnd): boolean {
  if ('status' in end) return (end.status >= 200 && end.status < 300) || end.status === 408 || end.status >= 500;
  if ('abandoned' in end) return true;
  return !NEVER_CONNECTED.includes(errorCode(end.error));
}

/**
 * How the screens colour a logged event, from its outcome: delivered is ok; retried and abandoned attempts
 * go again by themselves; a pause (429, the operator, the daily budget) waits for a time; a halt and a
 * batch failed for good need the operator; resumes and releases are notes.
 */
export function severityOf(outcome: string): EventSeverity {
  switch (outcome) {
    case 'delivered':
      return 'ok';
    case 'retrying':
    case 'abandoned':
      return 'retrying';
    case 'paused':
    case 'deferred':
      return 'paused';
    case 'halted':
      return 'halted';
    case 'failed':
      return 'failed';
  }
  return 'note';
}

/** The code of a request's error (undici puts it on the error or on its cause). */
function errorCode(error: unknown): string {
  const err = error as { code?: string; cause?: { code?: string } } | null;
  return err?.code ?? err?.cause?.code ?? '';
}

export interface OutcomeContext {
  now: number;
  /** Attempts made before this one. */
  attempts: number;
  customers: number;
  timeoutMs: number;
  backoff?: Partial<BackoffPolicy>;
  /** A quick retry within the flush: its delay, instead of the long backoff. */
  retryInMs?: number;
  /** The connector's own daily limit (0: none), for the 429 sentence. */
  dailyLimit?: number;
  /** Deployteq's count of today's requests, when its X-Clang-Request-Count header gave a plausible one. */
  requestCount?: number | null;
}

/** The delay before retry number `attempt` (1-based): doubling from baseMs, capped at maxMs, with jitter. */
export function backoffDelay(attempt: number, policy: Partial<BackoffPolicy> = {}): number {
  const { baseMs, maxMs, jitter, random } = { ...DEFAULT_BACKOFF, ...policy };
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const spread = exponential * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(maxMs, exponential + spread)));
}

/** The longest pause a Retry-After may impose: a day (the daily limit renews within one anyway). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Retry-After as seconds or as an HTTP date, of any size, as an instant between now and 24 hours from now;
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const clamp = (at: number) => Math.min(now + MAX_RETRY_AFTER_MS, Math.max(now, at));
  if (/^\d+$/.test(trimmed)) return clamp(now + Math.min(Number(trimmed), MAX_RETRY_AFTER_MS / 1000) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? clamp(date) : null;
}

function inWords(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 6) / 10} h`;
}

/** What an outcome says before the rule of mayHaveApplied is added to it. */
type Meaning = Omit<Outcome, 'mayHaveApplied'>;

function retry(ctx: OutcomeContext, what: string): Meaning {
  const delay = ctx.retryInMs ?? backoffDelay(ctx.attempts + 1, ctx.backoff);
  const nextAttemptAt = ctx.now + delay;
  return {
    kind: 'retrying',
    nextAttemptAt,
    reason: what,
    meaning: `${what}: the same batch is sent again in ${inWords(delay)} (attempt ${ctx.attempts + 2}).`,
  };
}

/** Classifies an HTTP answer. */
export function classifyResponse(status: number, retryAfter: string | undefined, ctx: OutcomeContext): Outcome {
  return { ...meaningOfStatus(status, retryAfter, ctx), mayHaveApplied: mayHaveApplied({ status }) };
}

function meaningOfStatus(status: number, retryAfter: string | undefined, ctx: OutcomeContext): Meaning {
  if (status >= 200 && status < 300) {
    return {
      kind: 'delivered',
      meaning: `${status} OK: Deployteq accepted the batch; ${ctx.customers === 1 ? 'its profile is' : `its ${ctx.customers} profiles are`} delivered.`,
      said: { code: 'outcome.delivered', values: { status, count: ctx.customers } },
    };
  }
  switch (status) {
    case 400:
      return {
        kind: 'failed',
        meaning: '400 Unsupported API call or invalid request: the batch failed for good; its profiles wait until their data changes or you retry it.',
        said: { code: 'outcome.failed400', values: { status } },
      };
    case 401:
      return {
        kind: 'halted',
        meaning: '401 Authentication failed (token or user invalid): connector halted until the token is changed.',
        said: { code: 'outcome.halted401', values: { status } },
      };
    case 403:
      return {
        kind: 'halted',
        meaning: '403 Token is invalid or expired: connector halted until the token is changed.',
        said: { code: 'outcome.halted403', values: { status } },
      };
    case 429: {
      const until = Math.max(ctx.now + 1000, parseRetryAfter(retryAfter, ctx.now) ?? nextAmsterdamMidnight(ctx.now));
      return {
        kind: 'paused',
        pausedUntil: until,
        meaning: `${tooManyRequests(ctx)}: connector paused until ${localTime(until)}.`,
        said: tooManyRequestsSaid(ctx, status, until),
      };
    }
    case 408:
      return retry(ctx, '408 Request timed out');
    case 504:
      return retry(ctx, '504 Request timed out (gateway timeout)');
    case 500:
      return retry(ctx, '500 Internal server error or unsupported call');
    case 404:
    case 405:
    case 410:
      return {
        kind: 'halted',
        meaning: `${status} The endpoint URL does not accept webhooks: connector halted until its endpoint is corrected.`,
        said: { code: 'outcome.haltedEndpoint', values: { status } },
      };
  }
  if (status >= 500) return retry(ctx, `${status} Server error`);
  if (status >= 300 && status < 400) {
    return {
      kind: 'halted',
      meaning: `${status} The endpoint redirects elsewhere: connector halted until its endpoint is corrected.`,
      said: { code: 'outcome.haltedRedirect', values: { status } },
    };
  }
  if (status === 413) {
    return {
      kind: 'failed',
      meaning: '413 The batch is too large for Deployteq: it failed for good; its profiles wait until you retry them.',
      said: { code: 'outcome.failed413', values: { status } },
    };
  }
  return {
    kind: 'failed',
    meaning: `${status} Refused by Deployteq: the batch failed for good; its profiles wait until their data changes or you retry it.`,
    said: { code: 'outcome.failedOther', values: { status } },
  };
}

/** "429 Daily limit reached (this connector's limit is 50,000 requests a day; Deployteq counts 50,012 today)" */
function tooManyRequests(ctx: OutcomeContext): string {
  const facts: string[] = [];
  if (ctx.dailyLimit) facts.push(`this connector's limit is ${plural(ctx.dailyLimit, 'request')} a day`);
  if (ctx.requestCount !== null && ctx.requestCount !== undefined) facts.push(`Deployteq counts ${plural(ctx.requestCount, 'request')} today`);
  return `429 Daily limit reached${facts.length ? ` (${facts.join('; ')})` : ''}`;
}

/** The same facts as tooManyRequests, as a code and values: outcome.paused429[Limit][Count]. */
function tooManyRequestsSaid(ctx: OutcomeContext, status: number, until: number): Said {
  const values: Record<string, number> = { status, until };
  let code = 'outcome.paused429';
  if (ctx.dailyLimit) {
    code += 'Limit';
    values.limit = ctx.dailyLimit;
  }
  if (ctx.requestCount !== null && ctx.requestCount !== undefined) {
    code += 'Count';
    values.count = ctx.requestCount;
  }
  return { code, values };
}

/** Classifies a request that got no answer: refused, reset, timed out, or any other network failure. */
export function classifyNetworkError(error: unknown, ctx: OutcomeContext): Outcome {
  return { ...retry(ctx, describeNetworkError(error, ctx.timeoutMs)), mayHaveApplied: mayHaveApplied({ error }) };
}

/**
 * A request that ran out of time (connecting, waiting, or over the whole exchange). It is not retried
 * within the flush: a receiver that slow would hold the flush for another full timeout per try.
 */
export function isTimeout(error: unknown): boolean {
  return ['CANOPY_DEADLINE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].includes(errorCode(error));
}

export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { message?: string } | null;
  const code = errorCode(error);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'Network error: connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Network error: the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Timed out connecting after ${seconds}`;
    case 'CANOPY_DEADLINE':
      return `Timed out: no complete answer within ${seconds}`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `Timed out waiting for the response after ${seconds}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Network error: the host name could not be resolved';
  }
  return `Network error: ${err?.message ?? String(error)}`;
}
