import type { Db } from '../db/open';
import { amsterdamDay, nextAmsterdamMidnight } from './amsterdam';
import { inWriteTransaction, sql } from '../db/sql';

/**
 * Deployteq's daily request limit applies per brand: every webhook of the brand shares it. Connectors with
 * the same endpoint (origin and path, query left out) count as one brand, per calendar day in Amsterdam.
 */
export function brandOf(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}${url.pathname}`;
  } catch {
    return endpoint.split(/[?#]/)[0];
  }
}

export function requestsToday(db: Db, endpoint: string, now: number): number {
  const row = sql(db, 'SELECT count FROM request_counts WHERE brand = ? AND day = ?').get(brandOf(endpoint), amsterdamDay(now)) as
    | { count: number }
    | undefined;
  return row?.count ?? 0;
}

/**
 * Counts one request against today's budget before it is made. Returns false, counting nothing, when the
 * connector's daily limit (0: unlimited) is already used up.
 */
export function reserveRequest(db: Db, endpoint: string, dailyLimit: number, now: number): boolean {
  return inWriteTransaction(db, () => {
    if (dailyLimit > 0 && requestsToday(db, endpoint, now) >= dailyLimit) return false;
    sql(
      db,
      `INSERT INTO request_counts (brand, day, count) VALUES (?, ?, 1)
       ON CONFLICT (brand, day) DO UPDATE SET count = count + 1`,
    ).run(brandOf(endpoint), amsterdamDay(now));
    return true;
  });
}

/** The receiver's own count (X-Clang-Request-Count) is the truth: it includes the brand's other senders. */
export function correctRequestCount(db: Db, endpoint: string, count: number, now: number): void {
  if (!Number.isFinite(count) || count < 0) return;
  sql(
    db,
    `INSERT INTO request_counts (brand, day, count) VALUES (?, ?, ?)
     ON CONFLICT (brand, day) DO UPDATE SET count = excluded.count`,
  ).run(brandOf(endpoint), amsterdamDay(now), Math.floor(count));
}

export function budgetLeft(db: Db, endpoint: string, dailyLimit: number, now: number): number {
  return dailyLimit === 0 ? Number.POSITIVE_INFINITY : Math.max(0, dailyLimit - requestsToday(db, endpoint, now));
}

/** When a spent budget is renewed. */
export const budgetRenewsAt = (now: number) => nextAmsterdamMidnight(now);
