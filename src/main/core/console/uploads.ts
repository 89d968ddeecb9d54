import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A name that keeps the original's readable part and cannot point anywhere but the upload folder. */
export function safeUploadName(original: string | undefined): string {
  let name = 'upload';
  try {
    name = decodeURIComponent(original ?? '') || name;
  } catch {
    // keep the default
  }
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/^[.\s]+/, '').slice(-100) || 'upload';
  return `${randomUUID()}-${cleaned}`;
}

/** Streams a request body into the upload folder (user-only permissions); the partial file goes on failure. */
export async function receiveUpload(req: IncomingMessage, uploadDir: string): Promise<string> {
  await mkdir(uploadDir, { recursive: true, mode: 0o700 });
  const header = req.headers['x-canopy-filename'];
  const file = join(uploadDir, safeUploadName(typeof header === 'string' ? header : undefined));
  try {
    await pipeline(req, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await unlink(file).catch(() => undefined);
    throw error;
  }
  return file;
}

/** Uploads are working copies: those older than a week are removed when the console starts. */
export async function pruneUploads(uploadDir: string, olderThanMs = 7 * 24 * 3600_000, now = Date.now()): Promise<void> {
  const names = await readdir(uploadDir).catch(() => [] as string[]);
  for (const name of names) {
    const file = join(uploadDir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && now - info.mtimeMs > olderThanMs) await unlink(file).catch(() => undefined);
  }
}
