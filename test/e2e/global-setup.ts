import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** Runs the CLI as an operator would (tsx src/cli/main.ts …) and waits for the line that `pattern` finds. */
function startCli(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(bin('tsx'), ['src/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CANOPY_BATCH_DEBUG: '1' } });
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} printed nothing useful within 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveStart({ child, match });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}\n${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Builds the screens, then starts the sandbox receiver and `canopy-batch serve` on a fresh data folder, both as
 * the CLI runs them. The console's scheduler is off so that every flush in the tests is the test's own.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!process.env.CANOPY_E2E_NO_BUILD) {
    execFileSync(bin('vite'), ['build', '--config', 'src/renderer/vite.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'canopy-e2e-'));
  const sandbox = await startCli(['sandbox', '--port', '0', '--token', 'sandbox-token-e2e-0123456789'], /Webhook URL to paste: (http:\/\/127\.0\.0\.1:(\d+)\/\S+)/);
  const console = await startCli(['--data-dir', dataDir, 'serve', '--port', '0', '--no-scheduler'], /(http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]+)/);
  process.env.CANOPY_CONSOLE_URL = console.match[1];
  process.env.CANOPY_SANDBOX_URL = sandbox.match[1];
  process.env.CANOPY_SANDBOX_STATE = `http://127.0.0.1:${sandbox.match[2]}/state`;

  return async () => {
    await stop(console.child);
    await stop(sandbox.child);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
