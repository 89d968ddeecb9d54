import type { Db } from '../db/open';
import type { ChangeStatus, ProfileTrace } from '../../../shared/model';
import { hashedEmail } from '../imports/identifiers';
import { decodeParams } from './params';
import { sql } from '../db/sql';

/**
 * Finds a profile by email (hashed as an import would) or customer id, and shows per segment whether it
 * should be there, whether Deployteq acknowledged it, what is pending, and every batch that carried it.
 */
export function traceProfile(db: Db, query: string): ProfileTrace {
  const text = query.trim();
  const hashed = hashedEmail(text);
  // An email is looked up as its hash (as imported for Hashed Email connectors), else as a customer id.
  const candidates = 'id' in hashed && hashed.id !== text ? [hashed.id, text] : [text];
  const customerId = candidates.find((id) => isKnown(db, id)) ?? candidates[0];
  const memberships = sql(
      db,
      // desired_state as a correlated subquery: a join would materialize the whole view, every segment's members.
      `SELECT * FROM (
         SELECT c.name AS connectorName, s.name AS segmentName, v.params AS deliveredParams, p.status AS pending, p.customer_id AS pendingKey,
                (SELECT d.params FROM desired_state d WHERE d.segment_id = s.id AND d.customer_id = @id) AS desiredParams
         FROM segments s JOIN connectors c ON c.id = s.connector_id
         LEFT JOIN delivered v ON v.segment_id = s.id AND v.customer_id = @id
         LEFT JOIN pending p ON p.segment_id = s.id AND p.customer_id = @id)
       WHERE desiredParams IS NOT NULL OR deliveredParams IS NOT NULL OR pendingKey IS NOT NULL
       ORDER BY connectorName, segmentName`,
    )
    .all({ id: customerId }) as Array<{
    connectorName: string;
    segmentName: string;
    desiredParams: string | null;
    deliveredParams: string | null;
    pending: ChangeStatus | null;
  }>;
  const batches = sql(
      db,
      `SELECT b.uuid, c.name AS connectorName, s.name AS segmentName, i.status, b.state, b.created_at AS createdAt
       FROM batch_items i JOIN batches b ON b.id = i.batch_id JOIN segments s ON s.id = i.segment_id JOIN connectors c ON c.id = b.connector_id
       WHERE i.customer_id = ? ORDER BY b.id DESC LIMIT 200`,
    )
    .all(customerId) as ProfileTrace['batches'];
  return {
    query: text,
    customerId,
    memberships: memberships.map((m) => ({
      connectorName: m.connectorName,
      segmentName: m.segmentName,
      desired: m.desiredParams !== null,
      delivered: m.deliveredParams !== null,
      pending: m.pending,
      params: decodeParams(m.desiredParams ?? m.deliveredParams ?? '[]'),
    })),
    batches,
  };
}

function isKnown(db: Db, customerId: string): boolean {
  return !!sql(
      db,
      // Driven from segments so each probe is a primary-key lookup, not a scan.
      `SELECT 1 FROM segments s
       WHERE EXISTS (SELECT 1 FROM desired_state d WHERE d.segment_id = s.id AND d.customer_id = ?)
          OR EXISTS (SELECT 1 FROM delivered v WHERE v.segment_id = s.id AND v.customer_id = ?)
       UNION ALL SELECT 1 FROM batch_items WHERE customer_id = ? LIMIT 1`,
    )
    .get(customerId, customerId, customerId);
}
