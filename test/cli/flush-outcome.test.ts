import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { createEngine } from '../../src/main/core/engine';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { runCliAsync as runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { importInto, upsert } from '../core/delivery/helpers';

/**
 * `flush` tells the truth in its exit status: 0 only when everything it tried was delivered; 1 when a batch
 * it tried waits for a retry, failed for good, or its connector is halted or paused, with one line per
 * reason on stderr (the reason, and when it is tried again).
 */
let dir: string;
let cleanup: () => void;
let sandbox: Sandbox;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('canopy-flush-cli-'));
  sandbox = await startSandbox({ token: 'flush-cli-token' });
});
afterEach(async () => {
  await sandbox.close();
  cleanup();
});

/** A port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function connectorWithTwoProfiles(url: string) {
  const engine = createEngine({ dataDir: dir });
  try {
    const { connector } = await engine.connectors.create({ name: 'Main', url, timeoutMs: 2000 });
    importInto(engine.db, connector.id, 'Welcome', [upsert('a'), upsert('b')]);
  } finally {
    engine.close();
  }
}

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+`;

describe('flush: the exit status and stderr say whether what it tried was delivered', () => {
  it('everything delivered: exit 0, nothing on stderr, "1 batch", not "1 batches"', async () => {
    await connectorWithTwoProfiles(sandbox.url);
    const flush = await runCli(dir, 'flush');
    expect(flush.stderr).toBe('');
    expect(flush.status).toBe(0);
    expect(flush.stdout).toMatch(/^Main: 1 batch delivered, 2 profiles$/m);
  });

  it('connection refused: exit 1, and stderr names the reason and the next attempt time', async () => {
    await connectorWithTwoProfiles(`http://127.0.0.1:${await closedPort()}/hook?token=refused-token-1234`);
    const flush = await runCli(dir, 'flush');
    expect(flush.status).toBe(1);
    expect(flush.stdout).toMatch(/^Main: 0 batches delivered, 0 profiles, 1 batch waiting for a retry$/m);
    expect(flush.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Main: 1 batch not delivered \\(Network error: connection refused\\); the next attempt is at ${TIME}\\.$`)),
    ]);
  });

  it('5xx on every try: exit 1 with the status as the reason', async () => {
    await connectorWithTwoProfiles(sandbox.url);
    sandbox.inject({ status: 503 }, 10);
    const flush = await runCli(dir, 'flush');
    expect(flush.status).toBe(1);
    expect(flush.stderr).toMatch(new RegExp(`^Main: 1 batch not delivered \\(503 Server error\\); the next attempt is at ${TIME}\\.$`, 'm'));
    expect(sandbox.requestCount).toBe(3);
  });

  it('a 401 halts the connector: exit 1, one line saying so; a flush of the halted connector again says it', async () => {
    await connectorWithTwoProfiles(sandbox.url.replace('flush-cli-token', 'wrong-token'));
    const first = await runCli(dir, 'flush');
    expect(first.status).toBe(1);
    expect(first.stderr.trim().split('\n')).toEqual(['Main is halted: 401 Authentication failed (token or user invalid): connector halted until the token is changed.']);
    const again = await runCli(dir, 'flush');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^Main is halted: 401 /);
  });

  it('a paused connector: exit 1, saying so', async () => {
    await connectorWithTwoProfiles(sandbox.url);
    expect((await runCli(dir, 'flush', '--json')).status).toBe(0);
    const engine = createEngine({ dataDir: dir });
    try {
      importInto(engine.db, engine.connectors.get('Main').id, 'Welcome', [upsert('c')]);
      engine.delivery.pause(engine.connectors.get('Main'));
    } finally {
      engine.close();
    }
    const flush = await runCli(dir, 'flush');
    expect(flush.status).toBe(1);
    expect(flush.stderr.trim()).toBe('Main is paused; resume it to send.');
  });
});
