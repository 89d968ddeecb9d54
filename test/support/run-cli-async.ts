import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { CliResult } from './run-cli';

const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/**
 * Runs the CLI as a child process without blocking this one, for tests whose peer (a sandbox receiver)
 * lives in the test process and must keep answering while the CLI talks to it.
 */
export function runCliAsync(dataDir: string, ...args: string[]): Promise<CliResult> {
  const child = spawn(TSX, [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, CANOPY_BATCH_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}
