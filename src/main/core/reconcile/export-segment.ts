import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Engine } from '../engine';
import { notFound } from '../errors';
import type { SegmentExportResult } from '../../../shared/model';
import { defaultExportFile, exportDeliveredToFile, writeDeliveredCsv } from './delivered-csv';

function segmentOf(engine: Engine, connectorName: string, segmentName: string) {
  const connector = engine.connectors.get(connectorName);
  const segment = engine.connectors.segments(connector.id).find((s) => s.name === segmentName.trim());
  if (!segment) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  return { connector, segment };
}

/**
 * Exports to `file` (the CLI's --out), or to a new file in the data folder's exports: the screens' button,
 * whose transport may not choose where the engine writes.
 */
export async function exportSegment(engine: Engine, input: { connector: string; segment: string }, file?: string): Promise<SegmentExportResult> {
  const { connector, segment } = segmentOf(engine, input.connector, input.segment);
  const target = resolve(file ?? defaultExportFile(engine.dataDir, connector.name, segment.name, engine.now()));
  const rows = await exportDeliveredToFile(engine.db, segment.id, target);
  return { connector: connector.name, segment: segment.name, file: target, rows };
}

/** The CLI's export to standard output (no byte-order mark: it is meant for pipes). */
export async function exportSegmentTo(engine: Engine, input: { connector: string; segment: string }, out: Writable): Promise<number> {
  const { segment } = segmentOf(engine, input.connector, input.segment);
  return writeDeliveredCsv(engine.db, segment.id, out);
}
