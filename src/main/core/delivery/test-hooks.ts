/**
 * Named points where a test can make this process stop dead, so a kill test can SIGKILL it exactly there.
 * Off unless CANOPY_TEST_STOP_AT is set: `point` or `point:N` (stop at the N-th time the point is reached).
 * On reaching it the process writes `canopy-test-stopped-at:<point>` to stderr and blocks (synchronously
 * inside a transaction, or by never resolving), waiting to be killed.
 */
export type StopPoint =
  | 'freeze-in-transaction'
  | 'after-freeze'
  | 'before-request'
  | 'after-response'
  | 'ack-in-transaction';

const setting = process.env.CANOPY_TEST_STOP_AT;
const [stopPoint, stopCount] = setting ? [setting.split(':')[0], Number(setting.split(':')[1] ?? 1)] : [null, 0];
let reached = 0;

function shouldStop(point: StopPoint): boolean {
  if (point !== stopPoint) return false;
  reached++;
  if (reached !== stopCount) return false;
  process.stderr.write(`canopy-test-stopped-at:${point}\n`);
  return true;
}

/** Blocks the whole process (used inside synchronous transactions). */
export function stopHereSync(point: StopPoint): void {
  if (stopPoint === null || !shouldStop(point)) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 60_000);
}

/**
 * At an asynchronous point (a request about to go, a response in hand): null when not stopping there, so
 * the caller goes on without yielding; otherwise a promise that never settles.
 */
export function stopHere(point: StopPoint): Promise<never> | null {
  if (stopPoint === null || !shouldStop(point)) return null;
  return new Promise<never>(() => setInterval(() => undefined, 60_000));
}
