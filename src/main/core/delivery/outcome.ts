import { DEFAULT_BACKOFF, type BackoffPolicy } from './types';
import { nextAmsterdamMidnight } from './amsterdam';

/**
 * What an answer (or its absence) means for a batch, following the source description's error table
 * (status codes as DESIGN.md reads them):
 *   2xx delivered · 400 failed for good · 401/403 connector halted · 429 connector paused
 *   408 / 504 / other 5xx / network errors: retried with backoff, same uuid, same body.
 */
export type OutcomeKind = 'delivered' | 'failed' | 'halted' | 'paused' | 'retrying';

/** A sentence as a code and its values, so the screens word it in their language (the CLI and logs keep `meaning`). */
export interface Said {
  code: string;
  values: Record<string, string | number>;
}

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
}

export interface OutcomeContext {
  now: number;
  /** Attempts made before this one. */
  attempts: number;
  customers: number;
  timeoutMs: number;
  backoff?: Partial<BackoffPolicy>;
}

/** The delay before retry number `attempt` (1-based): doubling from baseMs, capped at maxMs, with jitter. */
export function backoffDelay(attempt: number, policy: Partial<BackoffPolicy> = {}): number {
  const { baseMs, maxMs, jitter, random } = { ...DEFAULT_BACKOFF, ...policy };
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const spread = exponential * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(maxMs, exponential + spread)));
}

/** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : date;
}

const clock = (at: number) => new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

function inWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 6) / 10} h`;
}

function retry(ctx: OutcomeContext, what: string): Outcome {
  const delay = backoffDelay(ctx.attempts + 1, ctx.backoff);
  const nextAttemptAt = ctx.now + delay;
  return {
    kind: 'retrying',
    nextAttemptAt,
    meaning: `${what}: the same batch is sent again in ${inWords(delay)} (attempt ${ctx.attempts + 2}).`,
  };
}

/** Classifies an HTTP answer. */
export function classifyResponse(status: number, retryAfter: string | undefined, ctx: OutcomeContext): Outcome {
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
        meaning: `429 Daily limit reached (50,000 requests per day): connector paused until ${clock(until)}.`,
        said: { code: 'outcome.paused429', values: { status, until } },
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

/** Classifies a request that got no answer: refused, reset, timed out, or any other network failure. */
export function classifyNetworkError(error: unknown, ctx: OutcomeContext): Outcome {
  return retry(ctx, describeNetworkError(error, ctx.timeoutMs));
}

export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = err?.code ?? err?.cause?.code ?? '';
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'Network error: connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Network error: the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Timed out connecting after ${seconds}`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `Timed out waiting for the response after ${seconds}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Network error: the host name could not be resolved';
  }
  return `Network error: ${err?.message ?? String(error)}`;
}
