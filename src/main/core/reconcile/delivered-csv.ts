/**
 * `segment export`'s CSV: a segment's delivered state as customerId, one column per param, and deliveredAt in
 * ISO 8601 UTC, streamed page by page with backpressure. Values are written as they are (no spreadsheet
 * formula guard): the file is meant to equal what Deployteq holds.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Db } from '../db/open';
import { deliveredState } from './delivered-export';
import type { Param } from '../../../shared/model';
import { csvLine } from '../csv-line';


/** A profile's param values in the columns' order, '' for a param it lacks (most have every param, in order). */
function valuesInOrder(params: readonly Param[], names: readonly string[]): string[] {
  if (params.length === names.length && params.every((p, i) => p.name === names[i])) return params.map((p) => p.value);
  const values = new Map(params.map((p) => [p.name, p.value]));
  return names.map((n) => values.get(n) ?? '');
}

/** Writes the delivered state of a segment to `out`; resolves with the number of profiles written. */
export async function writeDeliveredCsv(db: Db, segmentId: number, out: Writable, { bom = false } = {}): Promise<number> {
  const state = deliveredState(db, segmentId);
  let text = (bom ? '\uFEFF' : '') + csvLine(['customerId', ...state.paramNames, 'deliveredAt']);
  let rows = 0;
  for (const page of state.pages()) {
    for (const profile of page) {
      text += csvLine([profile.customerId, ...valuesInOrder(profile.params, state.paramNames), new Date(profile.deliveredAt).toISOString()]);
    }
    rows += page.length;
    if (!out.write(text)) await once(out, 'drain');
    text = '';
  }
  if (text) out.write(text);
  return rows;
}

/** Writes the CSV to a file: into FILE.partial first, renamed when complete, so a failure leaves no half file. */
export async function exportDeliveredToFile(db: Db, segmentId: number, file: string): Promise<number> {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  try {
    const rows = await writeDeliveredCsv(db, segmentId, out, { bom: true });
    out.end();
    await once(out, 'finish');
    renameSync(partial, file);
    return rows;
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Where the screens' export goes: the data folder's exports, one file per export. */
export function defaultExportFile(dataDir: string, connector: string, segment: string, at: number): string {
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  return join(dataDir, 'exports', `${safe(connector)}-${safe(segment)}-${stamp}.csv`);
}
