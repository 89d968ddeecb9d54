import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConnector } from './src/main/core/delivery/connector-rows';
import { freezeBatch } from './src/main/core/delivery/freeze';
import { acknowledgeBatch } from './src/main/core/delivery/acknowledge';
import { populate } from './test/bench/drain-bench';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const { db, connectorId } = populate(join(dir, 'p.db'), 200000, 'http://x/');
db.pragma('wal_checkpoint(TRUNCATE)');
const c = readConnector(db, connectorId);
console.log('ready', process.pid);
await new Promise((r) => setTimeout(r, 3000));
const t0 = performance.now();
for (let i = 0; i < 300; i++) {
  const b = freezeBatch(db, c, Date.now())!;
  acknowledgeBatch(db, b.id, Date.now(), 200);
}
console.log('per batch', ((performance.now() - t0) / 300).toFixed(2));
