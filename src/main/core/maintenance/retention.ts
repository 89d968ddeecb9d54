/**
 * Retention: what the operator needs stays (the attempt log and batches for 180 days, the bodies and
 * per-profile items of delivered batches for 14), the rest is pruned in small steps, each its own short
 * transaction, so a step never holds the database long enough to delay an import or a flush. Freed pages
 * go back to the disk a few at a time (incremental vacuum). Open and failed batches are never pruned:
 * they still have work to do, or wait for the operator.
 */
import { unlink } from 'node:fs/promises';
import type { Db } from '../db/open';
import type { RetentionView } from '../../../shared/model';
import { sql } from '../db/sql';

const DAY_MS = 24 * 3600_000;

export interface RetentionPolicy {
  /** Bodies and items of delivered batches (what the trace and the batch's detail show). */
  bodyDays: number;
  /** The attempt log, delivered batches themselves, and the record of imports with their rejects files. */
  eventDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { bodyDays: 14, eventDays: 180 };

/** Rows deleted per table per step: a few milliseconds of work. */
export const ROWS_PER_STEP = 2000;
/** Pages handed back to the disk per step (4 MB at SQLite's default page size). */
export const PAGES_PER_STEP = 1024;

const SETTING = { bodyDays: 'retention.bodyDays', eventDays: 'retention.eventDays' } as const;

export function retentionPolicy(db: Db): RetentionPolicy {
  const read = (key: string, fallback: number) => {
    const row = sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    const days = row ? Number(row.value) : NaN;
    return Number.isInteger(days) && days >= 1 ? days : fallback;
  };
  return { bodyDays: read(SETTING.bodyDays, DEFAULT_RETENTION.bodyDays), eventDays: read(SETTING.eventDays, DEFAULT_RETENTION.eventDays) };
}

export function setRetentionPolicy(db: Db, policy: Partial<RetentionPolicy>): RetentionPolicy {
  const upsert = sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const key of ['bodyDays', 'eventDays'] as const) if (policy[key] !== undefined) upsert.run(SETTING[key], String(policy[key]));
  return retentionPolicy(db);
}

/** The policy in force and what pruning would remove at `now`: counts over the indexes retention prunes by. */
export function retentionView(db: Db, now: number): RetentionView {
  const policy = retentionPolicy(db);
  const bodiesBefore = now - policy.bodyDays * DAY_MS;
  const eventsBefore = now - policy.eventDays * DAY_MS;
  const count = (statement: string, before: number) => sql(db, statement, 'pluck').get(before) as number;
  return {
    ...policy,
    wouldRemove: {
      bodies: count(
        `SELECT count(*) FROM batches b WHERE b.state = 'delivered' AND b.delivered_at < ? AND EXISTS (SELECT 1 FROM batch_bodies x WHERE x.batch_id = b.id)`,
        bodiesBefore,
      ),
      batches: count(`SELECT count(*) FROM batches WHERE state = 'delivered' AND delivered_at < ?`, eventsBefore),
      logEntries: count('SELECT count(*) FROM events WHERE at < ?', eventsBefore),
      imports: count('SELECT count(*) FROM imports WHERE finished_at < ?', eventsBefore),
    },
  };
}

export interface RetentionStep {
  deleted: number;
  /** Nothing older than the policy is left, and no free pages wait to be handed back. */
  done: boolean;
}

/** One bounded step of pruning at `now`. */
export async function pruneStep(db: Db, now: number, policy = retentionPolicy(db), rows = ROWS_PER_STEP): Promise<RetentionStep> {
  const bodiesBefore = now - policy.bodyDays * DAY_MS;
  const eventsBefore = now - policy.eventDays * DAY_MS;
  // A batch carries at most 600 profiles: this many batches' items is about `rows` rows.
  const batchesPerStep = Math.max(1, Math.floor(rows / 600));
  let deleted = 0;
  const run = (statement: string, ...args: unknown[]) => (deleted += sql(db, statement).run(...args).changes);
  db.transaction(() => {
    run(
      `DELETE FROM batch_bodies WHERE batch_id IN (SELECT x.batch_id FROM batch_bodies x JOIN batches b ON b.id = x.batch_id
         WHERE b.state = 'delivered' AND b.delivered_at < ? LIMIT ?)`,
      bodiesBefore,
      rows,
    );
    const withItems = sql(
        db,
        `SELECT b.id FROM batches b WHERE b.state = 'delivered' AND b.delivered_at < ?
           AND EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_id = b.id) ORDER BY b.delivered_at LIMIT ?`,
        'pluck',
      )
      .all(bodiesBefore, batchesPerStep) as number[];
    for (const id of withItems) run('DELETE FROM batch_items WHERE batch_id = ?', id);
  })();
  db.transaction(() => {
    run(`DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE state = 'delivered' AND delivered_at < ? ORDER BY delivered_at LIMIT ?)`, eventsBefore, batchesPerStep);
    run('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < ? ORDER BY at LIMIT ?)', eventsBefore, rows);
    run('DELETE FROM request_counts WHERE day < ?', new Date(eventsBefore).toISOString().slice(0, 10));
  })();
  deleted += await pruneImports(db, eventsBefore, rows);
  const freePages = db.pragma('freelist_count', { simple: true }) as number;
  if (freePages > 0) db.pragma(`incremental_vacuum(${PAGES_PER_STEP})`);
  return { deleted, done: deleted === 0 && freePages <= PAGES_PER_STEP };
}

/** The record of old imports goes, and with it the rejects file it names (personal data). */
async function pruneImports(db: Db, before: number, rows: number): Promise<number> {
  const old = sql(db, 'SELECT id, rejects_file AS rejectsFile FROM imports WHERE finished_at < ? ORDER BY finished_at LIMIT ?').all(before, rows) as Array<{
    id: number;
    rejectsFile: string | null;
  }>;
  for (const { rejectsFile } of old) if (rejectsFile) await unlink(rejectsFile).catch(() => undefined);
  const remove = sql(db, 'DELETE FROM imports WHERE id = ?');
  db.transaction(() => old.forEach(({ id }) => remove.run(id)))();
  return old.length;
}

/** Every step until nothing is left to prune (the CLI, tests); the engine's timer takes one step at a time instead. */
export async function pruneAll(db: Db, now: number, policy = retentionPolicy(db)): Promise<number> {
  let total = 0;
  for (;;) {
    const step = await pruneStep(db, now, policy);
    total += step.deleted;
    if (step.done) return total;
  }
}
