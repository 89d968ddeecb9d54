import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Settled {
  size: number;
  mtimeMs: number;
}

/**
 * Waits until a file is complete: its size and modification time unchanged for `settleMs` (a file renamed
 * into place is complete at once and passes the first time it is looked at twice). Null when the file
 * went away or the wait was aborted.
 */
export async function whenSettled(path: string, settleMs: number, signal: AbortSignal): Promise<Settled | null> {
  const step = Math.max(25, Math.floor(settleMs / 4));
  let last = await facts(path);
  let stableSince = Date.now();
  while (last && !signal.aborted) {
    if (Date.now() - stableSince >= settleMs) return last;
    try {
      await sleep(step, undefined, { signal });
    } catch {
      return null;
    }
    const now = await facts(path);
    if (!now || now.size !== last.size || now.mtimeMs !== last.mtimeMs) stableSince = Date.now();
    last = now;
  }
  return null;
}

/** A file's size and whole-millisecond mtime now; null when it is not (or no longer) a file. */
export async function facts(path: string): Promise<Settled | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) } : null;
  } catch {
    return null;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
