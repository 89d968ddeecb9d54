/**
 * Forgetting a profile (a data-subject request, issue 12), in two steps:
 * 1. `forgetProfile`, in one transaction: the profile leaves the desired state of every segment that holds
 *    it, through the import's own staging (so the member state stays the mirror of desired), which queues a
 *    REMOVED wherever Deployteq was sent the profile. The keys to wipe are noted beside the erasure record.
 *    Rejects files naming the profile are deleted at once (they never go to Deployteq).
 * 2. `finishErasures`, after every flush: once no key of an erasure is desired, delivered or pending any more
 *    (Deployteq acknowledged the REMOVED), the history goes too: the batch items, and the stored bodies of
 *    every batch that carried the profile. Bodies are deleted, not rewritten: a stored body is the exact
 *    request that was sent (an audit of bytes), and a rewritten one would be a request nobody sent. Retention
 *    deletes them after 14 days anyway; the batch rows, their counts and the attempt log stay.
 * An unacknowledged frozen batch is never rewritten either (a retry must resend the same uuid and bytes): a
 * NEW inside one is acknowledged as sent, then re-derived as REMOVED since the profile is no longer desired,
 * and the erasure waits for that REMOVED. Only the erasure record remains: when, and how many segments.
 */
import { rejectReasonMessage, said } from '../../../shared/messages';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open';
import type { ErasureView, ForgetResult, IdentifierType } from '../../../shared/model';
import { UserError, saidError } from '../errors';
import { customerId as customerIdOf, hashedEmail } from '../imports/identifiers';
import { SegmentStaging } from '../reconcile/staging';
import { dataFiles } from '../paths';
import { sql } from '../db/sql';

export interface ForgetRequest {
  email?: string;
  customerId?: string;
  dryRun?: boolean;
}

export interface ForgetContext {
  db: Db;
  dataDir: string;
  now: () => number;
}

interface HeldKey {
  connectorName: string;
  segmentId: number;
  segmentName: string;
  customerId: string;
  desired: boolean;
}

/** The customer id a connector of this identifier type keeps for the profile, or null when it cannot hold it. */
function keyFor(type: IdentifierType, request: ForgetRequest): string | null {
  if (request.email !== undefined) {
    if (type !== 'hashed-email') return null;
    const hashed = hashedEmail(request.email);
    if ('reason' in hashed) throw cannotForget(request.email, hashed.reason);
    return hashed.id;
  }
  if (type !== 'customer-id') return null;
  const id = customerIdOf(request.customerId ?? '');
  return 'id' in id ? id.id : null;
}

/** Why an email cannot be forgotten: the reason an import would reject it for (rejectEmptyEmail, rejectNotEmail). */
function cannotForget(email: string, reason: string): UserError {
  const why = rejectReasonMessage(reason);
  const code = why?.code === 'rejectEmptyEmail' ? 'forgetEmptyEmail' : why?.code === 'rejectNotEmail' ? 'forgetNotEmail' : null;
  if (!code) return new UserError(`Cannot forget ${JSON.stringify(email)}: ${reason}.`, 'invalid-input');
  return saidError(code, { email: JSON.stringify(email), ...why!.params }, 'invalid-input');
}

/** Every segment key that holds anything about the profile: desired, delivered, pending or a batch's history. */
function heldKeys(db: Db, request: ForgetRequest): HeldKey[] {
  const connectors = sql(db, 'SELECT id, name, identifier_type AS type FROM connectors ORDER BY name').all() as Array<{ id: number; name: string; type: IdentifierType }>;
  const segmentsWith = sql(
    db,
    `SELECT s.id, s.name, EXISTS (SELECT 1 FROM desired_state d WHERE d.segment_id = s.id AND d.customer_id = @key) AS desired
     FROM segments s WHERE s.connector_id = @connector AND (
          EXISTS (SELECT 1 FROM delivered v WHERE v.segment_id = s.id AND v.customer_id = @key)
       OR EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = s.id AND p.customer_id = @key)
       OR EXISTS (SELECT 1 FROM batch_items i WHERE i.customer_id = @key AND i.segment_id = s.id))
     ORDER BY s.name`,
  );
  const keys: HeldKey[] = [];
  for (const connector of connectors) {
    const key = keyFor(connector.type, request);
    if (key === null) continue;
    for (const s of segmentsWith.all({ connector: connector.id, key }) as Array<{ id: number; name: string; desired: number }>) {
      keys.push({ connectorName: connector.name, segmentId: s.id, segmentName: s.name, customerId: key, desired: s.desired === 1 });
    }
  }
  return keys;
}

/** Takes the profile out of a segment's desired state as a one-row delta import would (state and pending). */
function removeFromDesired(db: Db, segmentId: number, customerId: string): void {
  const staging = new SegmentStaging(db, segmentId);
  try {
    staging.add([{ line: 0, customerId, params: [], action: 'remove' }]);
    staging.apply(segmentId, 'delta');
  } finally {
    staging.dispose();
  }
}

/** After the removal: a change is pending (a REMOVED, or a NEW in flight that turns into one once acknowledged). */
const removedPending = (db: Db, key: HeldKey) =>
  !!sql(db, 'SELECT 1 FROM pending WHERE segment_id = ? AND customer_id = ?').get(key.segmentId, key.customerId);

/** Before it: Deployteq holds the profile, or a batch on its way carries it. */
const deployteqMayHold = (db: Db, key: HeldKey) =>
  !!sql(
      db,
      `SELECT 1 FROM delivered WHERE segment_id = @s AND customer_id = @c
       UNION ALL SELECT 1 FROM in_flight WHERE segment_id = @s AND customer_id = @c
       UNION ALL SELECT 1 FROM pending WHERE segment_id = @s AND customer_id = @c AND status = 'REMOVED'`,
    )
    .get({ s: key.segmentId, c: key.customerId });

/** Forgets a profile by email (as each hashed-email connector keeps it) or customer id (customer-id connectors). */
export function forgetProfile(ctx: ForgetContext, request: ForgetRequest): ForgetResult {
  const { db } = ctx;
  if (request.dryRun) {
    const keys = heldKeys(db, request);
    const segments = keys.map((k) => ({ connectorName: k.connectorName, segmentName: k.segmentName, removedPending: deployteqMayHold(db, k) }));
    return { erasureId: null, segments, rejectsFilesDeleted: 0, complete: false, ...telling(describePlan(segments)) };
  }
  const recorded = db.transaction(() => {
    const keys = heldKeys(db, request);
    if (keys.length === 0) return null;
    for (const key of keys) if (key.desired) removeFromDesired(db, key.segmentId, key.customerId);
    // Undo's before-images hold the profile's old row too: gone now, so no undo can bring the profile back.
    const forgetBeforeImage = sql(db, 'DELETE FROM import_before WHERE customer_id = ? AND import_id IN (SELECT id FROM imports WHERE segment_id = ?)');
    for (const key of keys) forgetBeforeImage.run(key.customerId, key.segmentId);
    const segments = keys.map((k) => ({ connectorName: k.connectorName, segmentName: k.segmentName, removedPending: removedPending(db, k) }));
    const erasureId = Number(sql(db, 'INSERT INTO erasures (requested_at, segments) VALUES (?, ?)').run(ctx.now(), keys.length).lastInsertRowid);
    const note = sql(db, 'INSERT INTO erasure_keys (erasure_id, segment_id, customer_id) VALUES (?, ?, ?)');
    for (const key of keys) note.run(erasureId, key.segmentId, key.customerId);
    return { erasureId, segments };
  }).immediate();
  const rejectsFilesDeleted = deleteRejectsNaming(ctx, request);
  if (recorded === null) {
    const nothing = rejectsFilesDeleted > 0 ? said('forgetNothingRejects', { rejects: rejectsFilesDeleted }) : said('forgetNothing');
    return { erasureId: null, segments: [], rejectsFilesDeleted, complete: true, ...telling(nothing) };
  }
  finishErasures(db, ctx.now());
  const complete = (sql(db, 'SELECT completed_at FROM erasures WHERE id = ?', 'pluck').get(recorded.erasureId) as number | null) !== null;
  return { ...recorded, rejectsFilesDeleted, complete, ...telling(describeDone(recorded.segments, complete, rejectsFilesDeleted)) };
}

const segmentList = (segments: ForgetResult['segments']) => segments.map((s) => `${s.connectorName} / ${s.segmentName}`).join(', ');

/** The result's sentence and, next to it, its message for the screens (ForgetResult.sentence). */
const telling = ({ text, message }: Told) => ({ message: text, sentence: message });
type Told = ReturnType<typeof said>;

function describePlan(segments: ForgetResult['segments']): Told {
  if (segments.length === 0) return said('forgetPlanNone');
  const removals = segments.filter((s) => s.removedPending).length;
  return said('forgetPlan', { segmentCount: segments.length, segments: segmentList(segments), removals });
}

function describeDone(segments: ForgetResult['segments'], complete: boolean, rejectsFilesDeleted: number): Told {
  const withRejects = rejectsFilesDeleted > 0;
  const facts = { segmentCount: segments.length, segments: segmentList(segments), rejects: rejectsFilesDeleted };
  if (complete) return said(withRejects ? 'forgetDoneRejects' : 'forgetDone', facts);
  const waiting = segments.filter((s) => s.removedPending);
  return said(withRejects ? 'forgetWaitingRejects' : 'forgetWaiting', { ...facts, waitingCount: waiting.length, waiting: segmentList(waiting) });
}

/**
 * Finishes every erasure whose REMOVED changes Deployteq acknowledged: wipes the batch history of its keys
 * and its noted keys, and keeps only when and how many segments. Returns how many erasures finished.
 */
export function finishErasures(db: Db, now: number): number {
  const open = sql(db, 'SELECT id FROM erasures WHERE completed_at IS NULL', 'pluck').all() as number[];
  if (open.length === 0) return 0;
  let finished = 0;
  for (const erasureId of open) {
    const done = db.transaction(() => {
      const waiting = sql(
          db,
          // A desired key has a delivered or a pending row (desired_state), so these two cover it.
          `SELECT 1 FROM erasure_keys k WHERE k.erasure_id = ? AND (
              EXISTS (SELECT 1 FROM delivered v WHERE v.segment_id = k.segment_id AND v.customer_id = k.customer_id)
           OR EXISTS (SELECT 1 FROM pending p WHERE p.segment_id = k.segment_id AND p.customer_id = k.customer_id))`,
        )
        .get(erasureId);
      if (waiting) return false;
      sql(
        db,
        `DELETE FROM batch_bodies WHERE batch_id IN (SELECT i.batch_id FROM batch_items i JOIN erasure_keys k
           ON k.segment_id = i.segment_id AND k.customer_id = i.customer_id WHERE k.erasure_id = ?)`,
      ).run(erasureId);
      sql(
        db,
        `DELETE FROM batch_items WHERE (segment_id, customer_id) IN (SELECT segment_id, customer_id FROM erasure_keys WHERE erasure_id = ?)`,
      ).run(erasureId);
      sql(db, 'DELETE FROM erasure_keys WHERE erasure_id = ?').run(erasureId);
      sql(db, 'UPDATE erasures SET completed_at = ? WHERE id = ?').run(now, erasureId);
      return true;
    }).immediate();
    if (done) finished++;
  }
  // Deleted rows are zeroed in the database file (secure_delete, db/open.ts); the WAL still holds the old
  // pages until it is checkpointed and cut back. A reader in another process may keep it: then it is cut at
  // a later checkpoint or when the last connection closes.
  if (finished > 0) db.pragma('wal_checkpoint(TRUNCATE)');
  return finished;
}

/** Every erasure: when asked, how many segments, when finished (null while REMOVED changes wait). */
export function listErasures(db: Db): ErasureView[] {
  return sql(db, 'SELECT id, requested_at AS requestedAt, segments, completed_at AS completedAt FROM erasures ORDER BY id DESC').all() as ErasureView[];
}

/**
 * Deletes every rejects file with a field naming the profile (its email in any case, its hash, or its
 * customer id), and forgets the import's link to it. Deleted, not rewritten: a rejects file is a worklist for
 * fixing the export, which still has the other rows; a rewrite would have to re-quote each file's own dialect.
 */
function deleteRejectsNaming(ctx: ForgetContext, request: ForgetRequest): number {
  const names = namesOf(request);
  const linked = sql(ctx.db, 'SELECT DISTINCT rejects_file FROM imports WHERE rejects_file IS NOT NULL', 'pluck').all() as string[];
  const folder = dataFiles(ctx.dataDir).rejects;
  const inFolder = safeList(folder).map((name) => join(folder, name));
  let deleted = 0;
  for (const file of new Set([...linked, ...inFolder])) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.split(/[,;\t|\r\n"]/).some((field) => names.has(fieldForm(field)))) continue;
    rmSync(file, { force: true });
    sql(ctx.db, 'UPDATE imports SET rejects_file = NULL WHERE rejects_file = ?').run(file);
    deleted++;
  }
  return deleted;
}

/** The forms a rejects field may take for this profile, compared as `fieldForm` gives them. */
function namesOf(request: ForgetRequest): Set<string> {
  if (request.customerId !== undefined) return new Set([fieldForm(request.customerId)]);
  const email = request.email ?? '';
  const hashed = hashedEmail(email);
  return new Set([fieldForm(email.normalize('NFC')), ...('id' in hashed ? [hashed.id] : [])]);
}

const fieldForm = (field: string) => field.trim().normalize('NFC').toLowerCase();

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
