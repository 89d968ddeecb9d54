import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../../src/main/core/engine';
import { startSandbox, type Sandbox } from '../../../src/main/core/sandbox';
import { openDatabase } from '../../../src/main/core/db/open';
import { dataFiles } from '../../../src/main/core/paths';
import { requestsToday } from '../../../src/main/core/delivery/budget';
import { tempDir } from '../../support/temp-db';
import { spawnCli, type RunningCli } from '../../support/run-cli';
import { importInto, remove, until, upsert } from './helpers';

/**
 * Several processes on one data folder (`run`, `serve`, CLI `flush`es), as an operator ends up with them,
 * against a real receiver on 127.0.0.1: each batch goes out once, whatever runs at the same time, and a
 * process paused past its lease (SIGSTOP, a closed laptop lid) sends nothing when it wakes up.
 */
let sandbox: Sandbox;
let dir: string;
let cleanup: () => void;
const children = new Set<RunningCli>();

beforeEach(async () => {
  sandbox = await startSandbox({ token: 'multi-process-token' });
  ({ dir, cleanup } = tempDir('canopy-multi-'));
});
afterEach(async () => {
  for (const run of children) {
    run.child.kill('SIGCONT');
    run.child.kill('SIGKILL');
    await run.exited;
  }
  children.clear();
  await sandbox.close();
  cleanup();
});

function cli(args: string[], env: Record<string, string> = {}): RunningCli {
  const run = spawnCli(dir, args, env);
  children.add(run);
  void run.exited.then(() => children.delete(run));
  return run;
}

/** One connector (batches of 3) on the sandbox, with `count` NEW profiles queued. */
async function prepare(count: number): Promise<number> {
  const engine = createEngine({ dataDir: dir });
  try {
    const { connector } = await engine.connectors.create({ name: 'Main', url: sandbox.url, batchSize: 3, timeoutMs: 60_000 });
    importInto(engine.db, connector.id, 'Welcome', Array.from({ length: count }, (_, i) => upsert(`c${i + 1}`, `v${i + 1}`)));
    return connector.id;
  } finally {
    engine.close();
  }
}

function importNow(connectorId: number, records: Parameters<typeof importInto>[3], mode: 'snapshot' | 'delta' = 'delta') {
  const engine = createEngine({ dataDir: dir });
  try {
    importInto(engine.db, connectorId, 'Welcome', records, mode);
  } finally {
    engine.close();
  }
}

function database() {
  const db = openDatabase(dataFiles(dir).database);
  try {
    const rows = db.prepare('SELECT s.name, d.customer_id AS id, d.params FROM desired_state d JOIN segments s ON s.id = d.segment_id').all() as Array<{
      name: string;
      id: string;
      params: string;
    }>;
    const desired: Record<string, Record<string, unknown>> = {};
    for (const r of rows) (desired[r.name] ??= {})[r.id] = JSON.parse(r.params);
    const pending = (db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
    const open = (db.prepare("SELECT count(*) AS n FROM batches WHERE state IN ('queued', 'retrying')").get() as { n: number }).n;
    const batches = (db.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;
    return { desired, pending, open, batches, budget: requestsToday(db, sandbox.endpoint, Date.now()) };
  } finally {
    db.close();
  }
}

const drained = () => {
  const { pending, open } = database();
  return pending === 0 && open === 0;
};

/** How many requests carried a uuid that an earlier request already carried. */
const duplicateRequests = () => {
  const uuids = sandbox.state().requests.map((r) => r.uuid);
  return uuids.length - new Set(uuids).size;
};

function staticDir(): string {
  const path = join(dir, 'screens');
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'index.html'), '<!doctype html><title>Canopy Batch</title>');
  return path;
}

describe('run + serve + flush on one data folder', () => {
  it('send each batch exactly once: no duplicate request, the receiver equal to the last import, the budget equal to the requests made', async () => {
    const connectorId = await prepare(60);
    const run = cli(['run']);
    const serve = cli(['serve', '--port', '0', '--static-dir', staticDir()]);
    const flushes = [cli(['flush']), cli(['flush'])];
    await until(drained, 90_000, 'the first import to be delivered');
    for (const flush of flushes) expect(await flush.exited, flush.output().stderr).toBe(0);

    // A second import while both schedulers run: modified, removed and new profiles, then two flushes at once.
    importNow(connectorId, [
      ...Array.from({ length: 20 }, (_, i) => upsert(`c${i + 1}`, `changed-${i + 1}`)),
      ...Array.from({ length: 10 }, (_, i) => remove(`c${i + 41}`)),
      ...Array.from({ length: 9 }, (_, i) => upsert(`n${i + 1}`)),
    ]);
    const more = [cli(['flush']), cli(['flush'])];
    for (const flush of more) expect(await flush.exited, flush.output().stderr).toBe(0);
    await until(drained, 90_000, 'the second import to be delivered');

    const { desired, batches, budget } = database();
    expect(duplicateRequests()).toBe(0);
    expect(sandbox.state().duplicates).toBe(0);
    expect(sandbox.requestCount).toBe(batches);
    expect(sandbox.state().segments).toEqual(desired);
    expect(budget).toBe(sandbox.requestCount);
    // Of the two schedulers, one sends and the other says it stands by.
    await until(() => /Another scheduler runs on this data folder: process \d+ on /.test(run.output().stderr + serve.output().stderr), 10_000, 'the standby notice');
  }, 180_000);
});

describe('a process paused past its lease (SIGSTOP) and resumed', () => {
  it('sends nothing when it wakes up: another flush took over, and the profiles the operator removed meanwhile stay removed', async () => {
    const connectorId = await prepare(30);
    const ttl = { CANOPY_LEASE_TTL_MS: '1500' };
    // The third request hangs at the receiver for a while: the first flush is paused with it on the wire.
    sandbox.inject({}, 2);
    sandbox.inject({ delayMs: 4000 });
    const sleeper = cli(['flush'], ttl);
    await until(() => sandbox.requestCount === 3, 60_000, 'the third request');
    await new Promise((r) => setTimeout(r, 300));
    sleeper.child.kill('SIGSTOP');
    const beforeTakeover = sandbox.requestCount;

    // Meanwhile the operator removes profiles, among them ones that the paused flush has frozen in its next batch.
    importNow(connectorId, Array.from({ length: 12 }, (_, i) => remove(`c${i + 1}`)));
    const takeover = cli(['flush'], ttl);
    expect(await takeover.exited, takeover.output().stderr).toBe(0);
    expect(drained()).toBe(true);
    const afterTakeover = sandbox.requestCount;
    expect(afterTakeover).toBeGreaterThan(beforeTakeover);

    sleeper.child.kill('SIGCONT');
    await sleeper.exited;
    expect(sleeper.output().stdout).toMatch(/took over sending for this connector; this flush stopped/);
    expect(sandbox.requestCount).toBe(afterTakeover);
    expect(sandbox.state().segments).toEqual(database().desired);
    expect(Object.keys(sandbox.state().segments.Welcome).sort()).toEqual(Array.from({ length: 18 }, (_, i) => `c${i + 13}`).sort());
  }, 120_000);
});
