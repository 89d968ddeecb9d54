/**
 * Import benchmark (issue #2): a snapshot of `rows` profiles (email + 6 variables) imported into a segment
 * that already holds the previous snapshot, which differs by 2.5% entered, 2.5% left and 2.5% changed;
 * beside the time the sqlite3 command-line shell takes to `.import --csv` the same file into an empty table.
 * Prints figures only: speed is never a pass/fail test.
 *
 *   npx tsx test/bench/import-bench.ts [rows]      (default 1,000,000)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../src/main/core/db/open';
import { readRecords } from '../../src/main/core/imports/records';
import { runImport, type ImportTarget } from '../../src/main/core/imports/run';

const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen', 'Tilburg', 'Almere', 'Breda', 'Nijmegen'];
const FIRST = ['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Julia', 'Lucas', 'Noor', 'Sem', 'Zoë', 'Jan "JJ"'];
const LAST = ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder'];

/** One profile as an export line; `version` changes the variables of a changed profile. */
function profileLine(id: number, version: number): string {
  const first = FIRST[id % FIRST.length];
  const quotedFirst = first.includes('"') ? `"${first.replace(/"/g, '""')}"` : first;
  const day = 1 + (id % 28);
  const month = 1 + (id % 12);
  const birth = `${day < 10 ? '0' : ''}${day}-${month < 10 ? '0' : ''}${month}-${1950 + (id % 50)}`;
  return (
    `user${id}@example.com,${quotedFirst},${LAST[id % LAST.length]},${CITIES[(id + version) % CITIES.length]},` +
    `${birth},${(id * 7 + version * 13) % 1000},${id % 3 === 0 ? 'nee' : 'ja'}\n`
  );
}

const HEADER = 'email,first_name,last_name,city,birthdate,score,newsletter\n';

/**
 * previous: ids 0..rows-1. next: without every 40th id (2.5% left), every 40th id + 1 changed (2.5%),
 * and rows/40 new ids after the last (2.5% entered): again `rows` lines.
 */
async function writeExports(workDir: string, rows: number): Promise<{ previous: string; next: string }> {
  const previous = join(workDir, 'previous.csv');
  const next = join(workDir, 'next.csv');
  await writeLines(previous, rows, (i) => profileLine(i, 0));
  const entered = Math.floor(rows / 40);
  await writeLines(next, rows + entered, (i) => {
    if (i >= rows) return profileLine(i, 0);
    if (i % 40 === 0) return '';
    return profileLine(i, i % 40 === 1 ? 1 : 0);
  });
  return { previous, next };
}

async function writeLines(file: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let buffer = HEADER;
  for (let i = 0; i < count; i++) {
    buffer += line(i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

function createTarget(db: ReturnType<typeof openDatabase>): ImportTarget {
  const now = Date.now();
  const connectorId = Number(
    db
      .prepare(
        `INSERT INTO connectors (name, endpoint, secret_ref, token_hint, identifier_type, partner_number, created_at, updated_at)
         VALUES ('bench', 'https://example.invalid/hook', 'bench', '****', 'hashed-email', 1022, ?, ?)`,
      )
      .run(now, now).lastInsertRowid,
  );
  const segmentId = Number(db.prepare('INSERT INTO segments (connector_id, name, created_at) VALUES (?, ?, ?)').run(connectorId, 'bench', now).lastInsertRowid);
  return { connectorId, connectorName: 'bench', identifierType: 'hashed-email', segmentId, segmentName: 'bench' };
}

/** The previous snapshot as Deployteq has acknowledged it, so the next import's changes are NEW / MODIFIED / REMOVED. */
function markDelivered(db: ReturnType<typeof openDatabase>, segmentId: number): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at)
       SELECT segment_id, customer_id, params, params_hash, 0 FROM desired WHERE segment_id = ?`,
    ).run(segmentId);
    db.prepare('DELETE FROM pending WHERE segment_id = ?').run(segmentId);
  })();
}

/** The reader alone (decode, parse, hash, convert), without the store: how much of the import is the file. */
async function readOnlySeconds(file: string): Promise<number> {
  const started = performance.now();
  for await (const _chunk of readRecords(file, { identifierType: 'hashed-email' })) {
    // Records are dropped: only the reading is timed.
  }
  return (performance.now() - started) / 1000;
}

function sqliteImportSeconds(workDir: string, file: string): number {
  const db = join(workDir, 'sqlite-baseline.db');
  rmSync(db, { force: true });
  const started = performance.now();
  const result = spawnSync('/usr/bin/sqlite3', [db, `.import --csv ${file} t`], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`sqlite3 .import failed: ${result.stderr || result.error}`);
  rmSync(db, { force: true });
  return seconds;
}

export async function importBench(opts: { rows: number; workDir: string }): Promise<Record<string, number | string>> {
  const { rows, workDir } = opts;
  const { previous, next } = await writeExports(workDir, rows);
  const db = openDatabase(join(workDir, 'bench.db'));
  try {
    const target = createTarget(db);
    const dataDir = join(workDir, 'data');
    const before = performance.now();
    await runImport({ db, dataDir }, target, { file: previous, connector: 'bench', segment: 'bench', mode: 'snapshot' });
    const firstSeconds = (performance.now() - before) / 1000;
    markDelivered(db, target.segmentId);
    const started = performance.now();
    const result = await runImport({ db, dataDir }, target, { file: next, connector: 'bench', segment: 'bench', mode: 'snapshot' });
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const readerSeconds = await readOnlySeconds(next);
    const sqliteSeconds = sqliteImportSeconds(workDir, next);
    return {
      rows: result.rowsRead,
      fileMB: Math.round(statSync(next).size / 1e5) / 10,
      'first import into empty segment s': round(firstSeconds),
      'import s': round(seconds),
      'rows/s': Math.round(result.rowsRead / seconds),
      NEW: result.pending.NEW,
      MODIFIED: result.pending.MODIFIED,
      REMOVED: result.pending.REMOVED,
      'peak RSS MB': Math.round(peakRssMb),
      'reading the file alone s': round(readerSeconds),
      'sqlite3 .import s': round(sqliteSeconds),
      'ratio (target <= 1.5)': round(seconds / sqliteSeconds),
    };
  } finally {
    db.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const workDir = mkdtempSync(join(tmpdir(), 'canopy-import-bench-'));
  try {
    const figures = await importBench({ rows, workDir });
    for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(36)} ${value}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
