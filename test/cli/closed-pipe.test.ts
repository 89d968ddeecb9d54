import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const ROOT = resolve(__dirname, '../..');
const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-pipe?token=tok-1234567890-pipe';

/** Runs the CLI with its stdout closed by the reader before it writes a byte, as `| head -0` does. */
function runIntoClosedPipe(dataDir: string, ...args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stderr })));
}

describe('CLI output into a closed pipe', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    expect(runCli(dir, 'connector', 'add', '--name', 'Pipe', '--url', HOOK, '--identifier', 'hashed-email').status).toBe(0);
    expect(runCli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Pipe', '--segment', 'S').status).toBe(0);
  });
  afterAll(() => cleanup());

  it('`preview | head` ends quietly with status 0, no EPIPE on stderr', async () => {
    const result = await runIntoClosedPipe(dir, 'preview', '--connector', 'Pipe');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('so do `log` and `status --json`', async () => {
    for (const args of [['log'], ['status', '--json']]) {
      const result = await runIntoClosedPipe(dir, ...args);
      expect(result, args.join(' ')).toEqual({ status: 0, stderr: '' });
    }
  });
});
