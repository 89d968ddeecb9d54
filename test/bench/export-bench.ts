/**
 * Export benchmark (issue 12): `segment export` of a segment whose delivered state holds N profiles with
 * five params each, written to a file. Prints the time, profiles per second and the process's peak RSS,
 * measured at 1·N and 3·N so a flat peak shows the export streams. Prints figures; never passes or fails.
 *
 *   npx tsx test/bench/export-bench.ts [profiles=1000000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/core/db/open';
import { exportDeliveredToFile } from '../../src/main/core/reconcile/delivered-csv';

const n = Number(process.argv[2] ?? 1_000_000);

function fill(db: Db, segmentId: number, count: number) {
  const insert = db.prepare("INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, 'h', ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const params = ['firstName', 'lastName', 'city', 'points', 'optin'].map((name, k) => ({ name, type: 'string', value: k === 2 ? `Den Haag, "Zuid" ${i % 97}` : `${name}-${i}` }));
      insert.run(segmentId, `c${String(i).padStart(9, '0')}`, JSON.stringify(params), 1_700_000_000_000 + i);
    }
  })();
}

const dir = mkdtempSync(join(tmpdir(), 'canopy-export-bench-'));
try {
  const db = openDatabase(join(dir, 'canopy.db'));
  db.prepare("INSERT INTO connectors (id, name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at) VALUES (1, 'Bench', 'https://example.invalid', 'r', '…', 'customer-id', 1020, 0, 0)").run();
  for (const [segmentId, count] of [[1, n], [2, 3 * n]] as const) {
    db.prepare("INSERT INTO segments (id, connector_id, name, created_at) VALUES (?, 1, ?, 0)").run(segmentId, `S${segmentId}`);
    fill(db, segmentId, count);
    const file = join(dir, `s${segmentId}.csv`);
    const started = performance.now();
    const rows = await exportDeliveredToFile(db, segmentId, file);
    const seconds = (performance.now() - started) / 1000;
    const mb = statSync(file).size / 1024 / 1024;
    console.log(
      `export ${rows.toLocaleString('en-US')} profiles: ${seconds.toFixed(2)} s, ${Math.round(rows / seconds).toLocaleString('en-US')} profiles/s, ` +
        `${mb.toFixed(0)} MB CSV, peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
