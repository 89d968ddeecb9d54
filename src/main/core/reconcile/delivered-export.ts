/**
 * The one query behind `segment export`: a segment's delivered state (what Deployteq acknowledged), read in
 * customer-id order, a page at a time by key, so a segment of millions never sits in memory and the
 * connection is free between pages for the scheduler. If the delivered-state tables change shape, only
 * this file changes.
 */
import type { Db } from '../db/open';
import type { Param } from '../../../shared/model';
import { decodeParams } from './params';
import { sql } from '../db/sql';

export interface DeliveredProfile {
  customerId: string;
  params: Param[];
  deliveredAt: number;
}

export interface DeliveredState {
  /** Every param name any delivered profile of the segment has, in the order they are sent (first seen first). */
  paramNames: string[];
  /** The profiles in customer-id order, `pageSize` at a time. */
  pages(pageSize?: number): Generator<DeliveredProfile[]>;
}

export function deliveredState(db: Db, segmentId: number): DeliveredState {
  const page = sql(
    db,
    `SELECT customer_id AS customerId, params, delivered_at AS deliveredAt FROM delivered
     WHERE segment_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?`,
  );
  const rawPages = function* (pageSize: number) {
    let after = '';
    for (;;) {
      const rows = page.all(segmentId, after, pageSize) as Array<{ customerId: string; params: string; deliveredAt: number }>;
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].customerId;
    }
  };
  return {
    paramNames: paramNamesOf(rawPages(20_000)),
    *pages(pageSize = 5000) {
      for (const rows of rawPages(pageSize)) {
        yield rows.map((r) => ({ customerId: r.customerId, params: decodeParams(r.params), deliveredAt: r.deliveredAt }));
      }
    },
  };
}

/**
 * The param names, in the order they are sent, from the stored text without decoding it: params are stored
 * as exactly JSON.stringify([{ name, type, value }, ...]) (encodeParams), where `{"name":` can only open an
 * object, since a quote inside a string is escaped. Several times faster than json_each over millions of rows.
 */
function paramNamesOf(pages: Iterable<Array<{ params: string }>>): string[] {
  const names = new Set<string>();
  const seenLists = new Set<string>();
  for (const rows of pages) {
    for (const { params } of rows) {
      const list = params.match(NAME_FIELDS);
      const key = list?.join('') ?? '';
      if (seenLists.has(key)) continue;
      seenLists.add(key);
      for (const field of list ?? []) names.add(JSON.parse(field.slice(NAME_KEY.length)) as string);
    }
  }
  return [...names];
}

const NAME_KEY = '{"name":';
const NAME_FIELDS = /\{"name":"(?:[^"\\]|\\.)*"/g;
