/**
 * What each end of an attempt means, in one table (delivery/outcome.ts is the only place that reads a status
 * code or a network error): what happens to the batch, how the log shows it, and whether Deployteq may have
 * applied the batch (kept on the batch: a later refusal for good then marks its keys' state unknown).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError, classifyResponse, mayHaveApplied, severityOf, type Outcome } from '../../../src/main/core/delivery/outcome';
import { DeadlineError } from '../../../src/main/core/delivery/sender';

const ctx = { now: Date.parse('2026-03-10T09:00:00Z'), attempts: 0, customers: 500, timeoutMs: 30_000, backoff: { random: () => 0.5 } };
const netError = (code: string) => Object.assign(new Error(code), { code });
/** undici reports most socket failures on the error's cause. */
const undiciError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });

type Row = [answer: string, outcome: () => Outcome, kind: Outcome['kind'], severity: string, applied: boolean];

const TABLE: Row[] = [
  ['200', () => classifyResponse(200, undefined, ctx), 'delivered', 'ok', true],
  ['202', () => classifyResponse(202, undefined, ctx), 'delivered', 'ok', true],
  ['400', () => classifyResponse(400, undefined, ctx), 'failed', 'failed', false],
  ['401', () => classifyResponse(401, undefined, ctx), 'halted', 'halted', false],
  ['403', () => classifyResponse(403, undefined, ctx), 'halted', 'halted', false],
  ['404', () => classifyResponse(404, undefined, ctx), 'halted', 'halted', false],
  ['408', () => classifyResponse(408, undefined, ctx), 'retrying', 'retrying', true],
  ['413', () => classifyResponse(413, undefined, ctx), 'failed', 'failed', false],
  ['429', () => classifyResponse(429, '60', ctx), 'paused', 'paused', false],
  ['500', () => classifyResponse(500, undefined, ctx), 'retrying', 'retrying', true],
  ['502', () => classifyResponse(502, undefined, ctx), 'retrying', 'retrying', true],
  ['503', () => classifyResponse(503, undefined, ctx), 'retrying', 'retrying', true],
  // No connection yet, so the body cannot have left.
  ['connection refused', () => classifyNetworkError(netError('ECONNREFUSED'), ctx), 'retrying', 'retrying', false],
  ['host name not found', () => classifyNetworkError(undiciError('ENOTFOUND'), ctx), 'retrying', 'retrying', false],
  ['timed out connecting', () => classifyNetworkError(undiciError('UND_ERR_CONNECT_TIMEOUT'), ctx), 'retrying', 'retrying', false],
  // On an open connection a reset cannot say whether the receiver had the whole body: it may have applied it.
  ['reset before the body was all sent', () => classifyNetworkError(netError('ECONNRESET'), ctx), 'retrying', 'retrying', true],
  ['reset after the body left (other side closed)', () => classifyNetworkError(undiciError('UND_ERR_SOCKET'), ctx), 'retrying', 'retrying', true],
  ['timeout: no complete answer', () => classifyNetworkError(new DeadlineError(30_000), ctx), 'retrying', 'retrying', true],
  ['timeout waiting for the headers', () => classifyNetworkError(undiciError('UND_ERR_HEADERS_TIMEOUT'), ctx), 'retrying', 'retrying', true],
];

describe('what the end of an attempt means', () => {
  it.each(TABLE)('%s → %s, shown as %s, may have been applied: %s', (_answer, outcome, kind, severity, applied) => {
    const result = outcome();
    expect(result.kind).toBe(kind);
    expect(severityOf(result.kind)).toBe(severity);
    expect(result.mayHaveApplied).toBe(applied);
  });

  it('counts a request abandoned mid-flight (the app stopping) as possibly applied: its body may have arrived', () => {
    expect(mayHaveApplied({ abandoned: true })).toBe(true);
    expect(severityOf('abandoned')).toBe('retrying');
  });

  it('shows the notes by what they mean: a budget deferral and an operator pause wait, a resume or release is a note', () => {
    expect(['deferred', 'paused', 'resumed', 'released'].map(severityOf)).toEqual(['paused', 'paused', 'note', 'note']);
  });

  it('for every HTTP status: the batch may have been applied exactly when it was delivered or is sent again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        const outcome = classifyResponse(status, undefined, ctx);
        expect(outcome.mayHaveApplied).toBe(outcome.kind === 'delivered' || outcome.kind === 'retrying');
      }),
    );
  });
});
