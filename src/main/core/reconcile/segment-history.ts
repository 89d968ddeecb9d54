/** The handlers of issue 12's undo, adoption and a segment's import history: by connector and segment name. */
import type { Engine } from '../engine';
import { notFound } from '../errors';
import type { AdoptPlan, ImportHistoryEntry, UndoPlan } from '../../../shared/model';
import { Adoption, type AdoptOptions } from './adopt';
import { planUndo, undoLatestImport, type UndoTarget } from './undo';
import { sql } from '../db/sql';

function undoTarget(engine: Engine, connectorName: string, segmentName: string): UndoTarget {
  const connector = engine.connectors.get(connectorName);
  const segment = engine.connectors.segments(connector.id).find((s) => s.name === segmentName.trim());
  if (!segment) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  return { connectorId: connector.id, connectorName: connector.name, segmentId: segment.id, segmentName: segment.name };
}

/** `dryRun` says what the undo would do, changing nothing; else it is done and said. */
export function undoImport(engine: Engine, input: { connector: string; segment: string; dryRun?: boolean; allowRemovals?: boolean }): UndoPlan {
  const target = undoTarget(engine, input.connector, input.segment);
  if (input.dryRun) return planUndo(engine.db, target);
  const done = undoLatestImport(engine.db, target, { now: engine.now(), allowRemovals: input.allowRemovals });
  engine.delivery.notifyPending(target.connectorId);
  return done;
}

/** The segment's imports, newest first, with which one (if any) an undo would take back. */
export function segmentHistory(engine: Engine, input: { connector: string; segment: string; limit?: number }): ImportHistoryEntry[] {
  const target = undoTarget(engine, input.connector, input.segment);
  const version = sql(engine.db, 'SELECT state_version FROM segments WHERE id = ?', 'pluck').get(target.segmentId) as number;
  const rows = sql(
      engine.db,
      `SELECT id, file, mode, finished_at AS finishedAt, rows_read AS rowsRead, rejected, changed, undone_at AS undoneAt, state_version AS stateVersion
       FROM imports WHERE segment_id = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(target.segmentId, input.limit ?? 50) as Array<Omit<ImportHistoryEntry, 'undoable'> & { stateVersion: number | null }>;
  return rows.map(({ stateVersion, ...row }, i) => ({ ...row, undoable: i === 0 && row.undoneAt === null && stateVersion === version }));
}

/** `dryRun` says what adopting the file would do; else the segment (created if new) adopts it. */
export async function adoptSegment(engine: Engine, input: AdoptOptions & { connector: string; segment: string; dryRun?: boolean }): Promise<AdoptPlan> {
  const connector = engine.connectors.get(input.connector);
  const target = { connectorId: connector.id, connectorName: connector.name, identifierType: connector.identifierType, segmentName: input.segment.trim() };
  const adoption = await Adoption.read(engine.db, target, input);
  try {
    const existing = engine.connectors.segments(connector.id).find((s) => s.name === target.segmentName);
    if (input.dryRun) return adoption.plan(target, existing?.id ?? null);
    const segment = existing ?? engine.connectors.ensureSegment(connector, target.segmentName);
    try {
      return adoption.apply(target, segment.id, { now: engine.now(), allowRemovals: input.allowRemovals });
    } catch (error) {
      if (!existing) engine.connectors.removeSegment(connector, segment.name);
      throw error;
    }
  } finally {
    adoption.dispose();
  }
}
