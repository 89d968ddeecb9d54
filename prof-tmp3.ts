import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConnector } from './src/main/core/delivery/connector-rows';
import { freezeBatch } from './src/main/core/delivery/freeze';
import { acknowledgeBatch } from './src/main/core/delivery/acknowledge';
import { populate } from './test/bench/drain-bench';
const mode = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const { db, connectorId } = populate(join(dir, 'p.db'), Number(process.env.N ?? 100000), 'http://x/');
db.pragma('wal_checkpoint(TRUNCATE)');
if (mode === 'nockpt') db.pragma('wal_autocheckpoint = 0');
if (mode === 'syncoff') db.pragma('synchronous = OFF');
if (mode === 'big') db.pragma('wal_autocheckpoint = 20000');
if (mode === 'noidx') db.exec('DROP INDEX batch_items_by_customer');
if (mode === 'cache') db.pragma('cache_size = -512000');
if (mode === 'mmap') db.pragma('mmap_size = 1073741824');
if (mode === 'both') { db.pragma('mmap_size = 1073741824'); db.pragma('cache_size = -262144'); }
if (mode === 'all') { db.exec('DROP INDEX batch_items_by_customer'); db.pragma('cache_size = -512000'); db.pragma('synchronous = OFF'); }
const c = readConnector(db, connectorId);
const t0 = performance.now();
let fz = 0, ak = 0;
for (let i = 0; i < 100; i++) {
  let t = performance.now();
  const b = freezeBatch(db, c, Date.now())!;
  fz += performance.now() - t;
  t = performance.now();
  acknowledgeBatch(db, b.id, Date.now(), 200);
  ak += performance.now() - t;
}
console.log(mode, 'per batch total', ((performance.now() - t0) / 100).toFixed(2), 'freeze', (fz / 100).toFixed(2), 'ack', (ak / 100).toFixed(2));
