import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const ROOT = resolve(__dirname, '../..');

/** The CLI as a child process, without blocking this process (the receiver below answers it). */
function cli(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

describe('canopy-batch log --query', () => {
  let dir: string;
  let cleanup: () => void;
  let receiver: Server;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    // A receiver that refuses the token, with a body the operator may search for.
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Invalid token for project 32"}'));
    });
    await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/app/api/rest/public/v2/project/datahook/data-receiver/32-search?token=tok-1234567890-srch`;
    expect((await cli(dir, 'connector', 'add', '--name', 'Search', '--url', url, '--identifier', 'hashed-email')).status).toBe(0);
    expect((await cli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Search', '--segment', 'S')).status).toBe(0);
    expect((await cli(dir, 'flush')).status).toBe(1); // halted by the 401
  });
  afterAll(async () => {
    await new Promise((closed) => receiver.close(closed));
    cleanup();
  });

  it('finds the attempt by HTTP status, by a customer it carried, and by text in the response', async () => {
    for (const query of ['401', 'alice.jansen@example.com', 'invalid token']) {
      const found = await cli(dir, 'log', '--query', query, '--json');
      expect(found.status, query).toBe(0);
      const events = JSON.parse(found.stdout) as Array<{ httpStatus: number; batchUuid: string }>;
      expect(events.map((e) => e.httpStatus), query).toEqual([401]);
    }
  });

  it('carries the meaning as a code and its values, for the screens to word in Dutch', async () => {
    const [attempt] = JSON.parse((await cli(dir, 'log', '--json')).stdout) as Array<{ meaning: string; meaningCode: string; meaningValues: object }>;
    expect(attempt.meaning).toMatch(/^401 Authentication failed/);
    expect(attempt).toMatchObject({ meaningCode: 'outcome.halted401', meaningValues: { status: 401 } });
  });

  it('finds it by its batch uuid, and says so plainly when nothing matches', async () => {
    const [attempt] = JSON.parse((await cli(dir, 'log', '--json')).stdout) as Array<{ batchUuid: string }>;
    const byUuid = await cli(dir, 'log', '--query', attempt.batchUuid);
    expect(byUuid.stdout).toContain(attempt.batchUuid);
    const none = await cli(dir, 'log', '--query', 'nobody@example.com');
    expect(none).toMatchObject({ status: 0, stdout: 'No attempts match "nobody@example.com".\n' });
  });
});
