import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUE_HEAD_QUERY } from './src/main/core/delivery/freeze';
import { buildBody } from './src/main/core/delivery/payload';
import { populate } from './test/bench/drain-bench';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const { db, connectorId } = populate(join(dir, 'p.db'), 50000, 'http://x/');
db.pragma('wal_checkpoint(TRUNCATE)');
const q = db.prepare(QUEUE_HEAD_QUERY);
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  const rows = q.all(connectorId, 500) as any[];
  const tq = performance.now() - t;
  t = performance.now();
  const items = rows.map((r) => ({ pendingId: r.id, segmentId: r.segmentId, segmentName: 'N', customerId: r.customerId, status: 'NEW' as const, params: r.params, paramsHash: r.paramsHash }));
  const body = buildBody(crypto.randomUUID(), 'HASHED_EMAIL', items);
  const tb = performance.now() - t;
  t = performance.now();
  const ins = db.prepare("INSERT INTO batches (uuid, connector_id, body, customers, counts, state, created_at) VALUES (?, ?, ?, ?, '{}', 'queued', 0)");
  const item = db.prepare('INSERT INTO batch_items (batch_id, segment_id, customer_id, status, params, params_hash) VALUES (?, ?, ?, ?, ?, ?)');
  const carry = db.prepare('UPDATE pending SET batch_id = ? WHERE id = ?');
  let ti = 0, tc = 0, tbody = 0;
  db.transaction(() => {
    let s = performance.now();
    const id = ins.run(crypto.randomUUID(), connectorId, body.text, 500).lastInsertRowid;
    tbody = performance.now() - s;
    s = performance.now();
    for (const it of items) item.run(id, it.segmentId, it.customerId, it.status, it.params, it.paramsHash);
    ti = performance.now() - s;
    s = performance.now();
    for (const it of items) carry.run(id, it.pendingId);
    tc = performance.now() - s;
  }).immediate();
  const tw = performance.now() - t;
  console.log({ query: tq.toFixed(2), build: tb.toFixed(2), bodyInsert: tbody.toFixed(2), items: ti.toFixed(2), carry: tc.toFixed(2), writeTotal: tw.toFixed(2), bytes: body.bytes });
}
