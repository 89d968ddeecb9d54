import { said, type Message } from '../../../shared/messages';
import type { Db } from '../db/open';
import type { Delivery } from '../delivery/delivery';
import { recordEvent } from '../events/log';
import { basename } from 'node:path';
import { UserError } from '../errors';
import { sql } from '../db/sql';
import { inFlight } from '../reconcile/pending';

/**
 * "Hold new changes for review", a per-connector setting (off by default). With it on, an import that leaves
 * changes to send in a segment holds that segment binding (segments.held_since, held_by_import: placed by the
 * trigger of migration 007, inside the import's transaction). Delivery freezes nothing of a held segment
 * (NOT_HELD_FOR_REVIEW, in the one query that picks the next batch and in the scheduler's "is a batch due"
 * count); a batch frozen before the hold goes as it was. `release` lifts the holds of a connector.
 * Turning the setting off places no new holds and leaves the ones placed: they still wait for a release.
 */

/**
 * The filter on pending rows (by their segment_id column) that leaves out held segments. IN over the
 * segments not held (rather than NOT IN the held ones) lets the queue query seek segment by segment in
 * pending_queue, in order: a held backlog at the head of the queue is skipped, not read row by row (a
 * NOT IN read 300,000 held rows for every batch, about 30 ms each). `segmentsWhere` (a condition on the
 * segments' id) narrows the list further, so a read of a range of segments seeks only in those.
 */
export const notHeldForReview = (segmentColumn = 'segment_id', segmentsWhere?: string) =>
  `${segmentColumn} IN (SELECT id FROM segments WHERE held_since IS NULL${segmentsWhere ? ` AND ${segmentsWhere}` : ''})`;

export interface HeldSegment {
  segmentId: number;
  segmentName: string;
  /** Changes waiting in the segment, not yet in a batch (and not held back after a 400). */
  changes: number;
  heldSince: number;
  /** The latest import that added to the hold, and its file (null once that import's record was pruned). */
  importId: number | null;
  file: string | null;
}

/** The held segments of a connector, with how many changes each holds back. */
export function heldSegments(db: Db, connectorId: number): HeldSegment[] {
  return sql(
      db,
      `SELECT s.id AS segmentId, s.name AS segmentName, s.held_since AS heldSince, s.held_by_import AS importId, i.file,
              (SELECT count(*) FROM pending p WHERE p.segment_id = s.id AND p.held_by IS NULL AND NOT ${inFlight('p')}) AS changes
       FROM segments s LEFT JOIN imports i ON i.id = s.held_by_import
       WHERE s.connector_id = ? AND s.held_since IS NOT NULL ORDER BY s.name`,
    )
    .all(connectorId) as HeldSegment[];
}

/** How many of a connector's changes wait for a release. */
export const heldForReviewCount = (db: Db, connectorId: number) => heldSegments(db, connectorId).reduce((n, s) => n + s.changes, 0);

/** What a flush or the preview says about what it leaves alone: one sentence per held segment that holds changes. */
export function heldNotes(db: Db, connector: { id: number; name: string }): Array<{ text: string; message: Message }> {
  return heldSegments(db, connector.id)
    .filter((s) => s.changes > 0)
    .map((s) => said('heldNote', { count: s.changes, segment: s.segmentName, connector: connector.name }));
}

export interface Released {
  segments: string[];
  changes: number;
}

/** The latest import the holds of a connector carry: a screen sends it back with its Release. */
export function heldThroughImport(held: HeldSegment[]): number | undefined {
  const ids = held.filter((s) => s.changes > 0 && s.importId !== null).map((s) => s.importId!);
  return ids.length > 0 ? Math.max(...ids) : undefined;
}

/**
 * Lifts every hold of the connector; returns the segments released and the changes they let go. With
 * `throughImport` (what the operator's screen showed), refuses if a later import added to a hold since:
 * the operator would let go of changes never seen.
 */
export function releaseHolds(db: Db, connectorId: number, throughImport?: number): Released {
  return db.transaction((): Released => {
    const held = heldSegments(db, connectorId);
    const newer = throughImport === undefined ? [] : held.filter((s) => s.changes > 0 && s.importId !== null && s.importId > throughImport);
    if (newer.length > 0) {
      const what = newer.map((s) => `segment ${s.segmentName}${s.file ? ` (${basename(s.file)})` : ''}`).join(', ');
      throw new UserError(`Not released: a later import added changes to ${what} since you looked. Look at them again, then release.`, 'conflict');
    }
    sql(db, 'UPDATE segments SET held_since = NULL, held_by_import = NULL WHERE connector_id = ? AND held_since IS NOT NULL').run(connectorId);
    return { segments: held.map((s) => s.segmentName), changes: held.reduce((n, s) => n + s.changes, 0) };
  }).immediate();
}

/** The sentence of a release, for the log, the CLI and the screens (with its message). */
export function describeRelease(connectorName: string, released: Released): { text: string; message: Message } {
  if (released.segments.length === 0) return said('releasedNothing', { connector: connectorName });
  return said('released', { count: released.changes, connector: connectorName, segmentCount: released.segments.length, segments: released.segments.join(', ') });
}

/** Said when the setting is turned off while holds remain: turning it off releases nothing by itself. */
export function holdsKeptNotice(db: Db, connector: { id: number; name: string }): Array<{ text: string; message: Message }> {
  const waiting = heldForReviewCount(db, connector.id);
  if (waiting === 0) return [];
  return [said('holdsKept', { connector: connector.name, count: waiting })];
}

/**
 * The operator's release (Release in the Queue or Preview, `release --connector N`): lifts the holds, logs
 * it, and wakes the scheduler, so a full batch released goes at once.
 */
export function releaseForReview(delivery: Delivery, connector: { id: number; name: string }, throughImport?: number) {
  const released = releaseHolds(delivery.db, connector.id, throughImport);
  const { text: message, message: sentence } = describeRelease(connector.name, released);
  if (released.segments.length > 0) {
    recordEvent(
      delivery.db,
      { at: delivery.now(), connectorId: connector.id, connectorName: connector.name, kind: 'connector', outcome: 'released', meaning: message, customers: released.changes },
      (event) => delivery.emit(event),
    );
    delivery.emit({ type: 'queue', queue: delivery.queueStatus() });
    delivery.notifyPending(connector.id);
  }
  return { connector: connector.name, ...released, message, sentence };
}
