import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI exactly as a script would: a child process with arguments, exit status and streams. */
export function runCli(dataDir: string, ...args: string[]): CliResult {
  return runCliAs(null, dataDir, ...args);
}

/** The same, as another user of this machine (a uid/gid pair) when the tests run as root; else as this one. */
export function runCliAs(user: { uid: number; gid: number } | null, dataDir: string, ...args: string[]): CliResult {
  const result = spawnSync(TSX, [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CANOPY_BATCH_DATA_DIR: '', ...(user ? { HOME: dataDir } : {}) },
    timeout: 60_000,
    ...(user ?? {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const fixture = (name: string) => resolve(ROOT, 'test/fixtures', name);

/**
 * The same as runCli, without blocking this process: for a CLI that talks to a server running in the test
 * itself (a sandbox receiver), which must stay free to answer.
 */
export function runCliAsync(dataDir: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, [resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], {
      cwd: ROOT,
      env: { ...process.env, CANOPY_BATCH_DATA_DIR: '' },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}
