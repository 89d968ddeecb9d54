/**
 * Undo the last import of a segment (issue 12): its changed keys get back the desired rows they had before it
 * (import_before, migration 008), and their pending changes are derived again against delivered, as an import
 * does: a change not yet sent vanishes, a change already delivered is reversed (queued). Only the segment's
 * latest import, and only while the segment is at the state version that import left (no later import, undo
 * or adoption touched it). The plan is the act run in a transaction that is rolled back: what the operator
 * confirms is exactly what the act does.
 */
import { said } from '../../../shared/messages';
import type { Db } from '../db/open';
import type { StatusCounts, UndoPlan } from '../../../shared/model';
import { UserError } from '../errors';
import { refuseMassRemoval } from '../imports/run';
import { memberCount, rebuildMemberState } from './member-state';
import { inFlight, segmentPendingCounts } from './pending';
import { rederivePending } from './staging';
import { sql } from '../db/sql';

export interface UndoTarget {
  connectorId: number;
  connectorName: string;
  segmentId: number;
  segmentName: string;
}

interface ImportRow {
  id: number;
  file: string;
  finishedAt: number;
  stateVersion: number | null;
  undoneAt: number | null;
  /** The segment had no members before it: every member now joined through it (staging.ts saveBeforeImage). */
  fromEmpty: 0 | 1;
}

let nextUndoId = 0;

/** What undoing the segment's latest import would do; refused (UserError) when it cannot be undone. */
export function planUndo(db: Db, target: UndoTarget): UndoPlan {
  const rollback = new Error('plan only');
  let plan: UndoPlan | null = null;
  try {
    db.transaction(() => {
      plan = undo(db, target, { now: 0, allowRemovals: true, rebuildState: false });
      throw rollback;
    })();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return plan!;
}

/** Undoes the segment's latest import; the mass-removal guard applies unless the removals are allowed. */
export function undoLatestImport(db: Db, target: UndoTarget, options: { now: number; allowRemovals?: boolean }): UndoPlan {
  return db.transaction(() => undo(db, target, { now: options.now, allowRemovals: options.allowRemovals ?? false, rebuildState: true })).immediate();
}

function undo(db: Db, target: UndoTarget, options: { now: number; allowRemovals: boolean; rebuildState: boolean }): UndoPlan {
  const latest = undoableImport(db, target);
  const { segmentId } = target;
  const pendingBefore = segmentPendingCounts(db, target.connectorId, segmentId);
  const members = memberCount(db, segmentId);
  const keys = latest.fromEmpty ? { leave: members, rejoin: 0, restore: 0 } : beforeImageCounts(db, segmentId, latest.id);
  if (!options.allowRemovals) refuseMassRemoval(db, target, { REMOVED: keys.leave, members });
  if (latest.fromEmpty) removeEveryMember(db, target);
  else restoreBeforeImage(db, target, latest.id);
  if (options.rebuildState) rebuildMemberState(db, segmentId);
  sql(db, 'UPDATE segments SET state_version = state_version + 1 WHERE id = ?').run(segmentId);
  sql(db, 'UPDATE imports SET undone_at = ? WHERE id = ?').run(options.now, latest.id);
  // An import is undone once: its before-image has served.
  sql(db, 'DELETE FROM import_before WHERE import_id = ?').run(latest.id);
  const pendingAfter = segmentPendingCounts(db, target.connectorId, segmentId);
  placeHoldAfterChange(db, segmentId, options.now);
  return {
    connector: target.connectorName,
    segment: target.segmentName,
    importId: latest.id,
    file: latest.file,
    importedAt: latest.finishedAt,
    membersLeave: keys.leave,
    membersRejoin: keys.rejoin,
    paramsRestored: keys.restore,
    pendingBefore,
    pendingAfter,
    ...undoSentence(target.segmentName, latest.file, keys, pendingBefore, pendingAfter),
  };
}

/** The segment's latest import, if it can be undone; else a sentence saying why not. */
function undoableImport(db: Db, target: UndoTarget): ImportRow {
  const latest = sql(
      db,
      `SELECT id, file, finished_at AS finishedAt, state_version AS stateVersion, undone_at AS undoneAt, from_empty AS fromEmpty
       FROM imports WHERE segment_id = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(target.segmentId) as ImportRow | undefined;
  const segment = `segment ${target.segmentName} of ${target.connectorName}`;
  if (!latest) throw new UserError(`There is no import of ${segment} to undo.`, 'conflict');
  if (latest.undoneAt !== null) {
    throw new UserError(`The last import of ${segment} (${latest.file}) was already undone; only the most recent import of a segment can be undone, once.`, 'conflict');
  }
  if (latest.stateVersion === null) throw new UserError(`The last import of ${segment} (${latest.file}) was made before this version kept what undo needs; it cannot be undone.`, 'conflict');
  const version = sql(db, 'SELECT state_version FROM segments WHERE id = ?', 'pluck').get(target.segmentId) as number;
  if (version !== latest.stateVersion) {
    throw new UserError(`The ${segment} changed after its last import (${latest.file}), by an adoption or another change; that import can no longer be undone.`, 'conflict');
  }
  return latest;
}

/** What the before-image of an import does to its keys: members who leave, come back, get their params back. */
function beforeImageCounts(db: Db, segmentId: number, importId: number): { leave: number; rejoin: number; restore: number } {
  return sql(
      db,
      `SELECT count(*) FILTER (WHERE b.params_hash IS NULL) AS leave,
              count(*) FILTER (WHERE b.params_hash IS NOT NULL AND NOT b.desired) AS rejoin,
              count(*) FILTER (WHERE b.params_hash IS NOT NULL AND b.desired) AS restore
       FROM (SELECT params_hash, EXISTS (SELECT 1 FROM desired_state d WHERE d.segment_id = @segment AND d.customer_id = i.customer_id) AS desired
             FROM import_before i WHERE i.import_id = @import) b`,
    )
    .get({ segment: segmentId, import: importId }) as { leave: number; rejoin: number; restore: number };
}

/** The undo of an import into a segment without members: every member leaves, their pending changes derived again. */
function removeEveryMember(db: Db, target: UndoTarget): void {
  const { segmentId } = target;
  withTouchedKeys(db, (touched) => {
    db.prepare(
      `INSERT INTO temp.${touched} (customer_id, params_hash, params, delivered_hash)
       SELECT d.customer_id, NULL, NULL, (SELECT v.params_hash FROM delivered v WHERE v.segment_id = d.segment_id AND v.customer_id = d.customer_id)
       FROM desired_state d WHERE d.segment_id = ?`,
    ).run(segmentId);
    rederivePending(db, touched, target.connectorId, segmentId);
  });
}

/**
 * Runs `change` with a TEMP table of the keys an undo touches (customer, new hash and params, delivered hash), which
 * rederivePending reads; the table is dropped whatever happens. Its name is new each time: staging's rule.
 */
function withTouchedKeys(db: Db, change: (touched: string) => void): void {
  const touched = `undo_touched_${process.pid}_${nextUndoId++}`;
  db.exec(`CREATE TEMP TABLE ${touched} (customer_id TEXT PRIMARY KEY, params_hash TEXT, params TEXT, delivered_hash TEXT) WITHOUT ROWID`);
  try {
    change(touched);
  } finally {
    db.exec(`DROP TABLE IF EXISTS temp.${touched}`);
  }
}

/** The import's keys get the desired state they had before it: their pending changes derived again (as an import does). */
function restoreBeforeImage(db: Db, target: UndoTarget, importId: number): void {
  const { segmentId } = target;
  withTouchedKeys(db, (touched) => {
    db.prepare(
      `INSERT INTO temp.${touched} (customer_id, params_hash, params, delivered_hash)
       SELECT b.customer_id, b.params_hash, b.params, v.params_hash FROM import_before b
       LEFT JOIN delivered v ON v.segment_id = ? AND v.customer_id = b.customer_id WHERE b.import_id = ?`,
    ).run(segmentId, importId);
    rederivePending(db, touched, target.connectorId, segmentId);
  });
}

const total = (counts: StatusCounts) => counts.NEW + counts.MODIFIED + counts.REMOVED;
/** The undo's sentence (`message`, the CLI's) and its message (`sentence`, for the screens). */
function undoSentence(segment: string, file: string, keys: { leave: number; rejoin: number; restore: number }, before: StatusCounts, after: StatusCounts) {
  const { text, message } = said('undoDone', {
    file,
    segment,
    ...keys,
    before: total(before),
    beforeNew: before.NEW,
    beforeModified: before.MODIFIED,
    beforeRemoved: before.REMOVED,
    after: total(after),
    afterNew: after.NEW,
    afterModified: after.MODIFIED,
    afterRemoved: after.REMOVED,
  });
  return { message: text, sentence: message };
}

/**
 * "Hold new changes for review" holds a segment that an import leaves with changes to send (the trigger of
 * migration 007); the reverse changes of an undo are held the same way.
 */
function placeHoldAfterChange(db: Db, segmentId: number, now: number): void {
  sql(
    db,
    `UPDATE segments SET held_since = coalesce(held_since, ?)
     WHERE id = ? AND (SELECT hold_for_review FROM connectors WHERE id = segments.connector_id) = 1
       AND EXISTS (SELECT 1 FROM pending WHERE segment_id = ? AND NOT ${inFlight('pending')})`,
  ).run(now, segmentId, segmentId);
}
