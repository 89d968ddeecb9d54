import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyNetworkError, classifyResponse, parseRetryAfter } from '../../../src/main/core/delivery/outcome';
import { amsterdamDay, nextAmsterdamMidnight } from '../../../src/main/core/delivery/amsterdam';
import { brandOf } from '../../../src/main/core/delivery/budget';
import { displayUrl, redact, withTokenParam } from '../../../src/main/core/delivery/redact';

const ctx = { now: Date.parse('2026-03-10T09:00:00Z'), attempts: 0, customers: 500, timeoutMs: 30_000, backoff: { random: () => 0.5 } };

describe('what an HTTP status means (the source description\'s error table)', () => {
  it.each([
    [200, 'delivered', '200 OK: Deployteq accepted the batch; its 500 profiles are delivered.'],
    [202, 'delivered', '202 OK: Deployteq accepted the batch; its 500 profiles are delivered.'],
    [400, 'failed', '400 Unsupported API call or invalid request: the batch failed for good; its profiles wait until their data changes or you retry it.'],
    [401, 'halted', '401 Authentication failed (token or user invalid): connector halted until the token is changed.'],
    [403, 'halted', '403 Token is invalid or expired: connector halted until the token is changed.'],
    [404, 'halted', '404 The endpoint URL does not accept webhooks: connector halted until its endpoint is corrected.'],
    [500, 'retrying', '500 Internal server error or unsupported call: the same batch is sent again in 30 s (attempt 2).'],
    [408, 'retrying', '408 Request timed out: the same batch is sent again in 30 s (attempt 2).'],
    [504, 'retrying', '504 Request timed out (gateway timeout): the same batch is sent again in 30 s (attempt 2).'],
    [502, 'retrying', '502 Server error: the same batch is sent again in 30 s (attempt 2).'],
  ])('%i → %s', (status, kind, meaning) => {
    expect(classifyResponse(status, undefined, ctx)).toMatchObject({ kind, meaning });
  });

  it('429 pauses until Retry-After, or until midnight in Amsterdam without one', () => {
    expect(classifyResponse(429, '90', ctx)).toMatchObject({ kind: 'paused', pausedUntil: ctx.now + 90_000 });
    expect(classifyResponse(429, undefined, ctx)).toMatchObject({ kind: 'paused', pausedUntil: Date.parse('2026-03-10T23:00:00Z') });
    expect(classifyResponse(429, undefined, ctx).meaning).toBe('429 Daily limit reached: connector paused until 2026-03-10 23:00:00 UTC.');
  });

  it('429 says the same facts as a code and values, for the screens to word in their language', () => {
    const until = Date.parse('2026-03-10T23:00:00Z');
    expect(classifyResponse(429, undefined, ctx).said).toEqual({ code: 'outcome.paused429', values: { status: 429, until } });
    expect(classifyResponse(429, undefined, { ...ctx, dailyLimit: 1000, requestCount: null }).said).toEqual({ code: 'outcome.paused429Limit', values: { status: 429, until, limit: 1000 } });
    expect(classifyResponse(429, undefined, { ...ctx, dailyLimit: 0, requestCount: 7 }).said).toEqual({ code: 'outcome.paused429Count', values: { status: 429, until, count: 7 } });
    expect(classifyResponse(429, undefined, { ...ctx, dailyLimit: 1000, requestCount: 1001 }).said).toEqual({
      code: 'outcome.paused429LimitCount',
      values: { status: 429, until, limit: 1000, count: 1001 },
    });
  });

  it("429 names the connector's own daily limit, and Deployteq's count when its header gave one", () => {
    expect(classifyResponse(429, undefined, { ...ctx, dailyLimit: 1000, requestCount: 1001 }).meaning).toBe(
      "429 Daily limit reached (this connector's limit is 1,000 requests a day; Deployteq counts 1,001 requests today): connector paused until 2026-03-10 23:00:00 UTC.",
    );
    expect(classifyResponse(429, undefined, { ...ctx, dailyLimit: 1, requestCount: null }).meaning).toMatch(/^429 Daily limit reached \(this connector's limit is 1 request a day\):/);
  });

  it('a Retry-After of any size pauses at most 24 hours, and its sentence never throws', () => {
    for (const huge of ['9999999999999', '1' + '0'.repeat(400), 'Fri, 31 Dec 275759 23:59:59 GMT', 'Tue, 01 Jan 9999 00:00:00 GMT']) {
      const outcome = classifyResponse(429, huge, ctx);
      expect(outcome, huge).toMatchObject({ kind: 'paused', pausedUntil: ctx.now + 24 * 3_600_000 });
      expect(outcome.meaning).toBe('429 Daily limit reached: connector paused until 2026-03-11 09:00:00 UTC.');
    }
    expect(classifyResponse(429, 'Thu, 01 Jan 1970 00:00:00 GMT', ctx).pausedUntil).toBe(ctx.now + 1000);
  });

  it('network errors are retried, saying what happened', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyNetworkError(refused, ctx)).toMatchObject({ kind: 'retrying', meaning: 'Network error: connection refused: the same batch is sent again in 30 s (attempt 2).' });
    const timeout = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(classifyNetworkError(timeout, ctx).meaning).toMatch(/^Timed out waiting for the response after 30 s/);
  });
});

describe('backoff', () => {
  it('starts at about 30 s and doubles up to 30 min, with jitter', () => {
    const middle = { random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffDelay(n, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000, 1_800_000,
    ]);
    expect(backoffDelay(1, { random: () => 0 })).toBe(24_000);
    expect(backoffDelay(1, { random: () => 0.9999 })).toBeCloseTo(36_000, -2);
    expect(backoffDelay(10, { random: () => 0.9999 })).toBe(1_800_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', 1000)).toBe(121_000);
    expect(parseRetryAfter('Wed, 11 Mar 2026 07:28:00 GMT', ctx.now)).toBe(Date.parse('2026-03-11T07:28:00Z'));
    expect(parseRetryAfter('Thu, 12 Mar 2026 07:28:00 GMT', ctx.now)).toBe(ctx.now + 24 * 3_600_000);
    expect(parseRetryAfter('99999999999999999999', ctx.now)).toBe(ctx.now + 24 * 3_600_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });
});

describe('days in Amsterdam', () => {
  it('names the calendar day in Dutch time', () => {
    expect(amsterdamDay(Date.parse('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
    expect(amsterdamDay(Date.parse('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
    expect(amsterdamDay(Date.parse('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(amsterdamDay(Date.parse('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
  });

  it('finds the next midnight in winter, in summer and across the clock changes', () => {
    expect(nextAmsterdamMidnight(Date.parse('2026-01-15T12:00:00Z'))).toBe(Date.parse('2026-01-15T23:00:00Z'));
    expect(nextAmsterdamMidnight(Date.parse('2026-07-15T12:00:00Z'))).toBe(Date.parse('2026-07-15T22:00:00Z'));
    // 29 March 2026: clocks go forward at 02:00; 25 October 2026: back at 03:00.
    expect(nextAmsterdamMidnight(Date.parse('2026-03-28T12:00:00Z'))).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(nextAmsterdamMidnight(Date.parse('2026-03-29T12:00:00Z'))).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(nextAmsterdamMidnight(Date.parse('2026-10-25T12:00:00Z'))).toBe(Date.parse('2026-10-25T23:00:00Z'));
    expect(nextAmsterdamMidnight(Date.parse('2026-01-15T23:00:00Z'))).toBe(Date.parse('2026-01-16T23:00:00Z'));
  });
});

describe('brands and tokens', () => {
  it('counts connectors with the same endpoint (query left out) as one brand', () => {
    expect(brandOf('https://webhook.myclang.com/app/hook/32-a?list=1')).toBe('https://webhook.myclang.com/app/hook/32-a');
    expect(brandOf('https://WEBHOOK.myclang.com:443/app/hook/32-a')).toBe('https://webhook.myclang.com/app/hook/32-a');
  });

  it('appends the token after existing query parameters, URL-encoded', () => {
    expect(withTokenParam('https://h/x', 'a b')).toBe('https://h/x?token=a%20b');
    expect(withTokenParam('https://h/x?list=1', 't')).toBe('https://h/x?list=1&token=t');
    expect(withTokenParam('https://h/x?', 't')).toBe('https://h/x?token=t');
  });

  it('redacts the token parameter and the token value wherever they appear', () => {
    expect(displayUrl('https://h/x?list=1', 'query')).toBe('https://h/x?list=1&token=***');
    expect(displayUrl('https://h/x', 'bearer')).toBe('https://h/x');
    expect(redact('GET https://h/x?token=abc&y=1 failed', null)).toBe('GET https://h/x?token=***&y=1 failed');
    expect(redact('token a/b and a%2Fb', 'a/b')).toBe('token *** and ***');
  });

  it('redacts each token in turn, whichever was redacted before', () => {
    expect(redact('first-secret second-secret', 'first-secret')).toBe('*** second-secret');
    expect(redact('first-secret second-secret', 'second-secret')).toBe('first-secret ***');
    expect(redact('first-secret c2Vjb25kLXNlY3JldA', 'second-secret')).toBe('first-secret ***');
    expect(redact('first-secret second-secret', 'first-secret')).toBe('*** second-secret');
  });
});
