/**
 * Drain benchmark (issue #3): drains N pending changes to the sandbox receiver on loopback (in its own
 * process) and compares with a baseline that POSTs the same pre-serialised bodies with undici, one after the
 * other over keep-alive, to a fresh receiver of the same kind (so the receiver does the same work for both,
 * and neither shares an event loop with it). Also times freezing one batch with a large queue (N and 5·N
 * pending) to show it stays flat, with the WAL checkpoints the engine runs between batches timed apart.
 * Prints figures; never passes or fails.
 *
 *   npx tsx test/bench/drain-bench.ts [changes=1000000] [--random-ids]
 *
 * By default the customer ids are increasing hex strings; --random-ids makes them random like real hashed
 * emails (SHA-256), whose order says nothing about when they were imported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { openDatabase, type Db } from '../../src/main/core/db/open';
import { Delivery } from '../../src/main/core/delivery';
import { connectorsOf } from '../support/temp-db';
import { freezeBatch } from '../../src/main/core/delivery/freeze';
import { Checkpointer } from '../../src/main/core/delivery/checkpoint';
import { withTokenParam } from '../../src/main/core/delivery/redact';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export interface DrainBenchResult {
  changes: number;
  batches: number;
  drainMs: number;
  /** CPU time of this process (the engine, all its threads) per batch while draining. */
  drainCpuMsPerBatch: { user: number; system: number };
  /** Of that, the main thread's (the event loop's) CPU time per batch (Linux; null elsewhere). */
  drainMainThreadCpuMsPerBatch: number | null;
  /**
   * Per batch, wall time this (main) thread spent runnable but waiting for a CPU that other processes held
   * (Linux /proc/thread-self/schedstat; null elsewhere). On a shared machine this is most of the wall time
   * beyond CPU time; the receiver, in its own process, waits likewise and is not counted here.
   */
  drainRunQueueMsPerBatch: number | null;
  /** Per batch, wall time the engine's WAL checkpoints held the event loop (their fsyncs included). */
  drainCheckpointMsPerBatch: number;
  /** Per batch, wall time of the checkpoints that ran on the checkpoint thread instead. */
  drainCheckpointThreadMsPerBatch: number;
  /** The WAL file's size once drained: checkpoints keep reusing it, so it stays a few MB whatever the drain's size. */
  walBytesAfterDrain: number;
  baselineCpuMsPerBatch: number;
  baselineRunQueueMsPerBatch: number | null;
  profilesPerSecond: number;
  baselineMs: number;
  baselineProfilesPerSecond: number;
  /** Drain time over baseline time (target ≤ 2 this round, later 1.3). */
  ratio: number;
  /** Freezing one batch (500 customers) with this many changes pending (target ≤ 20 ms, flat). */
  freeze: Array<{ pending: number; medianMs: number; p95Ms: number; maxMs: number; checkpoint: { count: number; medianMs: number; maxMs: number } }>;
}

interface Receiver {
  endpoint: string;
  token: string;
  stop: () => Promise<void>;
}

/** The sandbox receiver in its own process, as an operator would run it (`canopy-batch sandbox`). */
async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'sandbox', '--token', 'bench-token'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Webhook URL to paste: (\S+)/.exec(out);
      if (match) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The sandbox exited (${code}) before listening`)));
  });
  child.stdout!.resume();
  return {
    endpoint: url.replace(/\?token=.*$/, ''),
    token: 'bench-token',
    stop: () =>
      new Promise<void>((resolveStop) => {
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A database with one connector and `changes` NEW profiles pending (email hash plus 6 variables each). The
 * ids increase with the row number, or are random 64-hex strings (like SHA-256 hashes) with `randomIds`.
 */
export function populate(file: string, changes: number, endpoint: string, randomIds = false): { db: Db; connectorId: number } {
  const db = openDatabase(file);
  const now = Date.now();
  const connectorId = Number(
    db
      .prepare(
        `INSERT INTO connectors (name, endpoint, secret_ref, token_hint, identifier_type, partner_number, batch_size, daily_limit, created_at, updated_at)
         VALUES ('Bench', ?, 'bench', '…', 'hashed-email', 1022, 500, 0, ?, ?)`,
      )
      .run(endpoint, now, now).lastInsertRowid,
  );
  const segmentId = Number(db.prepare(`INSERT INTO segments (connector_id, name, created_at) VALUES (?, 'Newsletter', ?)`).run(connectorId, now).lastInsertRowid);
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO pending (connector_id, segment_id, customer_id, status, params, params_hash)
       SELECT ?, ?, CASE WHEN ? THEN lower(hex(randomblob(32))) ELSE printf('%064x', i * 2654435761) END, 'NEW', p, substr(hex(randomblob(16)), 1, 22) FROM (
         SELECT i, json_array(
           json_object('name', 'firstName', 'type', 'string', 'value', 'Name' || i),
           json_object('name', 'lastName', 'type', 'string', 'value', 'Surname' || (i % 9973)),
           json_object('name', 'city', 'type', 'string', 'value', 'City' || (i % 500)),
           json_object('name', 'points', 'type', 'number', 'value', CAST(i % 1000 AS TEXT)),
           json_object('name', 'vip', 'type', 'boolean', 'value', CASE WHEN i % 7 = 0 THEN 'true' ELSE 'false' END),
           json_object('name', 'birthday', 'type', 'date', 'value', date('1970-01-01', '+' || (i % 18000) || ' days'))) AS p
         FROM n)`,
    ).run(changes, connectorId, segmentId, randomIds ? 1 : 0);
  })();
  // Start from a checkpointed WAL, as a while after an import: the first freeze should not pay for the import.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, connectorId };
}

/**
 * Nanoseconds this thread has run on a CPU and waited on a run queue so far (Linux
 * /proc/thread-self/schedstat), or null where the kernel does not say.
 */
function threadTimesNs(): { onCpu: number; waiting: number } | null {
  try {
    const [onCpu, waiting] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { onCpu, waiting };
  } catch {
    return null;
  }
}

/**
 * Runs `work`, measuring its wall time, this process's CPU time (all its threads), and this (main) thread's
 * own CPU time and run-queue wait, in ms.
 */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; wallMs: number; cpu: NodeJS.CpuUsage; mainThreadCpuMs: number | null; runQueueMs: number | null }> {
  const before = threadTimesNs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const after = threadTimesNs();
  const spent = (key: 'onCpu' | 'waiting') => (before === null || after === null ? null : (after[key] - before[key]) / 1e6);
  return { value, wallMs, cpu, mainThreadCpuMs: spent('onCpu'), runQueueMs: spent('waiting') };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);

/**
 * Times freezing one batch, `samples` times in a row, with `pending` changes queued. Between two freezes the
 * engine's checkpointer runs as it does after each request of a drain; its checkpoints are timed apart.
 */
function timeFreeze(db: Db, connectorId: number, pending: number, samples = 60): DrainBenchResult['freeze'][number] {
  const connector = connectorsOf(db).byId(connectorId);
  const checkpointer = new Checkpointer(db);
  const times: number[] = [];
  const checkpoints: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    freezeBatch(db, connector, Date.now());
    times.push(performance.now() - started);
    const before = performance.now();
    if (checkpointer.afterSend()) checkpoints.push(performance.now() - before);
  }
  const sorted = sortedCopy(times);
  const sortedCheckpoints = sortedCopy(checkpoints);
  return {
    pending,
    medianMs: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
    maxMs: round(sorted.at(-1)!),
    checkpoint: { count: checkpoints.length, medianMs: round(percentile(sortedCheckpoints, 0.5) ?? 0), maxMs: round(sortedCheckpoints.at(-1) ?? 0) },
  };
}

async function baseline(bodies: Buffer[], receiver: Receiver) {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const url = withTokenParam(receiver.endpoint, receiver.token);
  const run = await measured(async () => {
    for (const body of bodies) {
      const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher: agent });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`Baseline request answered ${res.statusCode}`);
    }
  });
  await agent.close();
  return run;
}

export async function drainBench(opts: {
  changes: number;
  workDir: string;
  freezeSizes?: number[];
  randomIds?: boolean;
  log?: (line: string) => void;
}): Promise<DrainBenchResult> {
  const log = opts.log ?? (() => undefined);
  mkdirSync(opts.workDir, { recursive: true });
  const freezeSizes = opts.freezeSizes ?? [opts.changes, 5 * opts.changes];

  const freeze: DrainBenchResult['freeze'] = [];
  for (const size of freezeSizes) {
    log(`Freeze: queueing ${size.toLocaleString('en')} changes…`);
    const { db, connectorId } = populate(join(opts.workDir, `freeze-${size}.db`), size, 'http://127.0.0.1:9/unused', opts.randomIds);
    freeze.push(timeFreeze(db, connectorId, size));
    db.close();
  }

  log(`Drain: queueing ${opts.changes.toLocaleString('en')} changes…`);
  let receiver = await startReceiver();
  const { db, connectorId } = populate(join(opts.workDir, 'drain.db'), opts.changes, receiver.endpoint, opts.randomIds);
  const delivery = new Delivery({ db, connectors: connectorsOf(db), token: () => receiver.token });
  log('Drain: flushing to the sandbox receiver…');
  const { value: report, wallMs: drainMs, cpu, mainThreadCpuMs, runQueueMs } = await measured(() => delivery.flush(connectorId, { manual: true }));
  const { ms: checkpointMs, threadMs: checkpointThreadMs } = delivery.checkpointer.spent;
  const walBytesAfterDrain = statSync(`${db.name}-wal`).size;
  await delivery.close();
  await receiver.stop();
  if (report.customersDelivered !== opts.changes) throw new Error(`Drained ${report.customersDelivered} of ${opts.changes}: ${report.messages.join(' ')}`);

  log('Baseline: posting the same bodies with undici to a fresh receiver…');
  const bodies = (db.prepare('SELECT body FROM batch_bodies ORDER BY batch_id').all() as Array<{ body: string }>).map((r) => Buffer.from(r.body));
  db.close();
  receiver = await startReceiver();
  const base = await baseline(bodies, receiver);
  const baselineMs = base.wallMs;
  await receiver.stop();
  const perBatch = (ms: number | null) => (ms === null ? null : round(ms / bodies.length));

  return {
    changes: opts.changes,
    batches: bodies.length,
    drainMs: Math.round(drainMs),
    drainCpuMsPerBatch: { user: round(cpu.user / 1000 / bodies.length), system: round(cpu.system / 1000 / bodies.length) },
    drainMainThreadCpuMsPerBatch: perBatch(mainThreadCpuMs),
    drainRunQueueMsPerBatch: perBatch(runQueueMs),
    drainCheckpointMsPerBatch: round(checkpointMs / bodies.length),
    drainCheckpointThreadMsPerBatch: round(checkpointThreadMs / bodies.length),
    walBytesAfterDrain,
    baselineCpuMsPerBatch: round((base.cpu.user + base.cpu.system) / 1000 / bodies.length),
    baselineRunQueueMsPerBatch: perBatch(base.runQueueMs),
    profilesPerSecond: Math.round(opts.changes / (drainMs / 1000)),
    baselineMs: Math.round(baselineMs),
    baselineProfilesPerSecond: Math.round(opts.changes / (baselineMs / 1000)),
    ratio: Math.round((drainMs / baselineMs) * 100) / 100,
    freeze,
  };
}

export function formatDrainBench(r: DrainBenchResult): string {
  return [
    `Drain of ${r.changes.toLocaleString('en')} changes in ${r.batches} batches to the sandbox on loopback:`,
    `  Canopy Batch   ${(r.drainMs / 1000).toFixed(1)} s   ${r.profilesPerSecond.toLocaleString('en')} profiles/s` +
      ` (CPU per batch: ${r.drainCpuMsPerBatch.user} ms user, ${r.drainCpuMsPerBatch.system} ms system` +
      (r.drainMainThreadCpuMsPerBatch === null ? ')' : `, ${r.drainMainThreadCpuMsPerBatch} ms of it on the event loop's thread)`),
    `  Canopy Batch per batch: ${round(r.drainMs / r.batches)} ms wall, of which ${r.drainCheckpointMsPerBatch} ms in WAL checkpoints on the event loop` +
      (r.drainRunQueueMsPerBatch === null ? '' : ` and ${r.drainRunQueueMsPerBatch} ms waiting for a CPU held by other processes`) +
      ` (${r.drainCheckpointThreadMsPerBatch} ms more on the checkpoint thread; WAL ${(r.walBytesAfterDrain / 1e6).toFixed(1)} MB after the drain)`,
    `  undici baseline ${(r.baselineMs / 1000).toFixed(1)} s   ${r.baselineProfilesPerSecond.toLocaleString('en')} profiles/s (same bodies, pre-serialised)`,
    `  undici per batch: ${round(r.baselineMs / r.batches)} ms wall, ${r.baselineCpuMsPerBatch} ms CPU` +
      (r.baselineRunQueueMsPerBatch === null ? '' : `, ${r.baselineRunQueueMsPerBatch} ms waiting for a CPU`),
    `  ratio ${r.ratio} (target ≤ 2 this round, later 1.3)`,
    'Freezing one batch of 500 (target ≤ 20 ms, flat as the queue grows):',
    ...r.freeze.map(
      (f) =>
        `  ${f.pending.toLocaleString('en').padStart(10)} pending: median ${f.medianMs} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms` +
        ` (WAL checkpoints between batches: ${f.checkpoint.count}, median ${f.checkpoint.medianMs} ms, max ${f.checkpoint.maxMs} ms)`,
    ),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const changes = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
  const randomIds = args.includes('--random-ids');
  const workDir = mkdtempSync(join(tmpdir(), 'canopy-drain-bench-'));
  drainBench({ changes, workDir, randomIds, log: (line) => console.log(line) })
    .then((result) => console.log(formatDrainBench(result)))
    .finally(() => rmSync(workDir, { recursive: true, force: true }));
}
