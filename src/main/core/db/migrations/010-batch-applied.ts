import type Database from 'better-sqlite3';

/**
 * Whether Deployteq may have applied a batch is kept on the batch (issue 13), not inferred from its events:
 * batches.unclear_attempts counts the attempts whose end did not rule it out. Each attempt counts as it
 * starts (a crash mid-request leaves it counted) and is taken back when its answer rules it out
 * (delivery/outcome.ts mayHaveApplied).
 *
 * Existing batches are back-filled as the engine read their events until now: every attempt counts except
 * those answered by a halt, a pause or a refusal for good (older events do not keep a network error's code,
 * so a refused connection counts too: the cautious reading).
 */
export function m010BatchApplied(db: Database.Database): void {
  db.exec(`
    ALTER TABLE batches ADD COLUMN unclear_attempts INTEGER NOT NULL DEFAULT 0;
    UPDATE batches SET unclear_attempts = max(0, attempts - (SELECT count(*) FROM events e
      WHERE e.batch_uuid = batches.uuid AND e.kind = 'attempt' AND e.outcome IN ('halted', 'paused', 'failed')));
  `);
}
