/**
 * `run` drives the engine's own scheduler and says what it does: which process sends for the data folder,
 * that a second `run` stands by, and that it takes over when the first one stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli, type RunningCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { until } from '../core/delivery/helpers';

const SENDING = 'This scheduler is the one sending for this data folder.';
const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** `run` with a short scheduler lease, so a standing-by process looks again every half second. */
function startRun(dir: string): RunningCli {
  const run = spawnCli(dir, ['run'], { CANOPY_LEASE_TTL_MS: '2000' });
  cleanups.push(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    return run.exited;
  });
  return run;
}

describe('canopy-batch run', () => {
  it('says it sends; a second run stands by, naming the first, and takes over when that one stops', async () => {
    const { dir, cleanup } = tempDir('canopy-run-');
    cleanups.push(cleanup);
    expect(runCli(dir, 'connector', 'add', '--name', 'Main', '--url', 'https://example.invalid/hook', '--token', 'tok-1234567890').status).toBe(0);

    const first = startRun(dir);
    // Both lines, whichever the process writes first.
    const RUNNING = 'Scheduler running for 1 connector(s). Stop with Ctrl+C.';
    await until(() => first.output().stdout.includes(SENDING) && first.output().stdout.includes(RUNNING), 60_000, 'the first run to take the scheduler lease');

    const second = startRun(dir);
    await until(() => second.output().stderr.includes('Another scheduler runs on this data folder'), 60_000, 'the second run to stand by');
    expect(second.output().stderr).toContain(`process ${first.child.pid} on `);
    expect(second.output().stdout).not.toContain(SENDING);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output().stderr).toContain('Stopped.');
    await until(() => second.output().stdout.includes(SENDING), 60_000, 'the second run to take over');

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
