import { copyFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/core/db/open';
import { runImport, type ImportTarget } from '../../src/main/core/imports/run';
const work = '/work/prof/inproc';
const target: ImportTarget = { connectorId: 1, connectorName: 'bench', identifierType: 'hashed-email', segmentId: 1, segmentName: 'bench' };
for (const reader of (process.argv[2] ?? 'inline,thread').split(',') as Array<'inline' | 'thread'>) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  copyFileSync('/work/prof/saved14.db', join(work, 'canopy-batch.db'));
  const db = openDatabase(join(work, 'canopy-batch.db'));
  const cpu = process.cpuUsage();
  const started = performance.now();
  let timings;
  const r = await runImport({ db, dataDir: work }, target, { file: '/work/prof/next.csv', connector: 'bench', segment: 'bench', mode: 'snapshot' }, { reader, onTimings: (t) => (timings = t) });
  const used = process.cpuUsage(cpu);
  console.log(reader, 'wall', ((performance.now() - started) / 1000).toFixed(2), 'cpu', ((used.user + used.system) / 1e6).toFixed(2), JSON.stringify(r.pending), JSON.stringify(timings, (k, v) => (typeof v === 'number' ? Math.round(v) : v)));
  db.close();
}
