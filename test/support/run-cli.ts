import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

export interface RunningCli {
  child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Starts the CLI as a long-running child process (run, serve, a flush to be paused or killed). */
export function spawnCli(dataDir: string, args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, CANOPY_BATCH_DATA_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Like runCli, without blocking this process (for receivers that run inside the test process). */
export async function runCliAsync(dataDir: string, ...args: string[]): Promise<CliResult> {
  const run = spawnCli(dataDir, args);
  const status = await run.exited;
  return { status, ...run.output() };
}
