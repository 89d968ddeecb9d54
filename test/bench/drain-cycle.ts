/**
 * The drain's database work per batch, without the network: `changes` pending, then, as the drain does in
 * one transaction per request, acknowledge a batch and freeze the next while the batch between them is on
 * the wire (in flight), until the queue is empty, with the drain's checkpointer after each. Prints the median CPU time (user + system, so a busy
 * machine's run queue does not count) of each part per batch. Figures only, never pass/fail.
 *
 *   npx tsx test/bench/drain-cycle.ts [changes=100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { acknowledgeBatch } from '../../src/main/core/delivery/acknowledge';
import { Checkpointer } from '../../src/main/core/delivery/checkpoint';
import { connectorsOf } from '../support/temp-db';
import { freezeBatch } from '../../src/main/core/delivery/freeze';
import { populate } from './drain-bench';

export interface DrainCycleResult {
  batches: number;
  /** Median CPU ms per batch of each part; the checkpoint's is its CPU spread over the batches between two. */
  medianCpuMs: { acknowledge: number; freeze: number; commit: number; checkpoint: number; total: number };
}

/** CPU ms of this process so far. */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : 0);
const round = (ms: number) => Math.round(ms * 100) / 100;

export function drainCycle(changes: number, workDir: string): DrainCycleResult {
  const { db, connectorId } = populate(join(workDir, 'cycle.db'), changes, 'http://127.0.0.1:9/unused');
  const connector = connectorsOf(db).byId(connectorId);
  const checkpointer = new Checkpointer(db);
  const parts = { acknowledge: [] as number[], freeze: [] as number[], commit: [] as number[], checkpoint: [] as number[], total: [] as number[] };
  /** The batches sent and not yet acknowledged, oldest first: the drain keeps one on the wire. */
  const unacknowledged: number[] = [];
  for (;;) {
    const started = cpuMs();
    let acknowledged = 0;
    let frozen = 0;
    const acknowledging = unacknowledged.length > 1 ? unacknowledged.shift()! : null;
    const batch = db.transaction(() => {
      if (acknowledging !== null) acknowledgeBatch(db, acknowledging, Date.now(), 200);
      acknowledged = cpuMs();
      const next = freezeBatch(db, connector, Date.now());
      frozen = cpuMs();
      return next;
    }).immediate();
    const committed = cpuMs();
    const checkpointed = checkpointer.afterSend();
    if (checkpointed) parts.checkpoint.push((cpuMs() - committed) / 8);
    if (!batch) break;
    unacknowledged.push(batch.id);
    if (acknowledging === null) continue;
    parts.acknowledge.push(acknowledged - started);
    parts.freeze.push(frozen - acknowledged);
    parts.commit.push(committed - frozen);
    parts.total.push(committed - started);
  }
  db.close();
  return {
    batches: parts.freeze.length,
    medianCpuMs: {
      acknowledge: round(median(parts.acknowledge)),
      freeze: round(median(parts.freeze)),
      commit: round(median(parts.commit)),
      checkpoint: round(median(parts.checkpoint)),
      total: round(median(parts.total) + median(parts.checkpoint)),
    },
  };
}

export function formatDrainCycle(r: DrainCycleResult): string {
  const m = r.medianCpuMs;
  return (
    `Drain database work per batch of 500 (${r.batches} batches, median CPU): acknowledge ${m.acknowledge} ms, ` +
    `freeze ${m.freeze} ms, commit ${m.commit} ms, checkpoint ${m.checkpoint} ms; ${m.total} ms in all`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const changes = Number(process.argv[2] ?? 100_000);
  const workDir = mkdtempSync(join(tmpdir(), 'canopy-drain-cycle-'));
  try {
    console.log(formatDrainCycle(drainCycle(changes, workDir)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
