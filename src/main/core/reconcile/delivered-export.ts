/**
 * The one query behind `segment export`: a segment's delivered state (what Deployteq acknowledged), read in
 * customer-id order, a page at a time by key, so a segment of millions never sits in memory and the
 * connection is free between pages for the scheduler. If the delivered-state tables change shape, only
 * this file changes.
 */
import type { Db } from '../db/open';
import type { Param } from '../../../shared/model';

export interface DeliveredProfile {
  customerId: string;
  params: Param[];
  deliveredAt: number;
}

export interface DeliveredState {
  /** Every param name any delivered profile of the segment has, in the order they are sent. */
  paramNames: string[];
  /** The profiles in customer-id order, `pageSize` at a time. */
  pages(pageSize?: number): Generator<DeliveredProfile[]>;
}

export function deliveredState(db: Db, segmentId: number): DeliveredState {
  const names = db
    .prepare(`SELECT j.value ->> '$.name' AS name FROM delivered d, json_each(d.params) j
              WHERE d.segment_id = ? GROUP BY name ORDER BY min(j.key), name`)
    .all(segmentId) as Array<{ name: string }>;
  const page = db.prepare(
    `SELECT customer_id AS customerId, params, delivered_at AS deliveredAt FROM delivered
     WHERE segment_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?`,
  );
  return {
    paramNames: names.map((n) => n.name),
    *pages(pageSize = 5000) {
      let after = '';
      for (;;) {
        const rows = page.all(segmentId, after, pageSize) as Array<{ customerId: string; params: string; deliveredAt: number }>;
        if (rows.length === 0) return;
        yield rows.map((r) => ({ customerId: r.customerId, params: JSON.parse(r.params) as Param[], deliveredAt: r.deliveredAt }));
        after = rows[rows.length - 1].customerId;
      }
    },
  };
}
