import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConnector } from '/work/main/src/main/core/delivery/connector-rows';
import { freezeBatch } from '/work/main/src/main/core/delivery/freeze';
import { acknowledgeBatch } from '/work/main/src/main/core/delivery/acknowledge';
import { populate } from '/work/main/test/bench/drain-bench';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const N = Number(process.argv[2] ?? 50000);
const { db, connectorId } = populate(join(dir, 'p.db'), N, 'http://x/');
db.pragma('wal_checkpoint(TRUNCATE)');
const c = readConnector(db, connectorId);
const fz: number[] = [], ak: number[] = [];
for (let i = 0; i < 40; i++) {
  let t = performance.now();
  const b = freezeBatch(db, c, Date.now())!;
  fz.push(performance.now() - t);
  t = performance.now();
  acknowledgeBatch(db, b.id, Date.now(), 200);
  ak.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(2);
const max = (a: number[]) => Math.max(...a).toFixed(2);
console.log('freeze median', med(fz), 'max', max(fz), ' ack median', med(ak), 'max', max(ak));
console.log('wal_autocheckpoint', db.pragma('wal_autocheckpoint', { simple: true }), 'page_size', db.pragma('page_size', { simple: true }), 'cache', db.pragma('cache_size', { simple: true }));
