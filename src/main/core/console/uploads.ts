/**
 * Files the operator uploads through the browser console: the only files the console lets the engine read.
 * Each is a private working copy (0600 in a 0700 folder) under a random name, known by the name the operator
 * chose; it is deleted once imported, when left unused (abandoned), and when the console stops or starts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, statfs, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UserError } from '../errors';
import { displayFileName } from '../../../shared/file-name';

/** Far above any real segment export (a million rows with twenty variables is about 300 MB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Room the database and the rejects file need beside an upload. */
export const FREE_SPACE_MARGIN_BYTES = 256 * 1024 ** 2;
/** An upload not used for this long was abandoned (the page was closed, another file was chosen). */
export const ABANDONED_AFTER_MS = 60 * 60_000;

/** An upload the console refuses, with the HTTP status that says why. */
export class UploadRefused extends UserError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, 'invalid-input');
  }
}

/** A name that keeps the original's readable part and cannot point anywhere but the upload folder. */
export function safeUploadName(original: string | undefined): string {
  return `${randomUUID()}-${readableName(original, 'upload').replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/^[.\s]+/, '').slice(-100) || 'upload'}`;
}

/** The operator's own file name, as sent by the page (URI-encoded), made safe to show (see displayFileName). */
function readableName(original: string | undefined, fallback: string): string {
  let name = fallback;
  try {
    name = decodeURIComponent(original ?? '') || fallback;
  } catch {
    // keep the fallback
  }
  return displayFileName(name, fallback);
}

const formatMb = (bytes: number) =>
  bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0
    ? `${bytes / 1024 ** 3} GB`
    : bytes >= 1024 ** 2
      ? `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`
      : `${bytes.toLocaleString('en-US')} bytes`;

export interface UploadsOptions {
  maxBytes?: number;
  /** Free bytes on the disk that holds `dir` (statfs by default). */
  freeBytes?: (dir: string) => Promise<number>;
  abandonedAfterMs?: number;
  now?: () => number;
}

export class Uploads {
  /** Upload path → the operator's name for it and when it was last used. */
  private readonly files = new Map<string, { name: string; usedAt: number }>();
  private readonly maxBytes: number;
  private readonly freeBytes: (dir: string) => Promise<number>;
  private readonly abandonedAfterMs: number;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    options: UploadsOptions = {},
  ) {
    this.dir = resolve(dir);
    this.maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    this.freeBytes = options.freeBytes ?? (async (folder) => ((info) => info.bavail * info.bsize)(await statfs(folder)));
    this.abandonedAfterMs = options.abandonedAfterMs ?? ABANDONED_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  /** Files left by an earlier console were abandoned with it: nothing can name them any more. */
  async removeLeftovers(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) if (!this.files.has(join(this.dir, name))) await unlink(join(this.dir, name)).catch(() => undefined);
  }

  /** Streams a request body into the folder, within the size limit and the free disk space; returns its path. */
  async receive(req: IncomingMessage): Promise<string> {
    const header = req.headers['x-canopy-filename'];
    const name = readableName(typeof header === 'string' ? header : undefined, 'the file');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > this.maxBytes) throw this.tooLarge(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const free = await this.freeBytes(this.dir);
    const needed = (Number.isFinite(declared) ? declared : 0) + FREE_SPACE_MARGIN_BYTES;
    if (free < needed) {
      throw new UploadRefused(`"${name}" cannot be uploaded: the disk holding the data folder has ${formatMb(free)} free, and ${formatMb(needed)} is needed.`, 507);
    }
    const file = join(this.dir, safeUploadName(typeof header === 'string' ? header : undefined));
    let size = 0;
    const limit = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        done(size > this.maxBytes ? this.tooLarge(name) : null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await unlink(file).catch(() => undefined);
      if (error instanceof UserError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') throw new UploadRefused(`"${name}" cannot be uploaded: the disk holding the data folder is full.`, 507);
      throw new UploadRefused(`"${name}" was not uploaded whole (${(error as Error).message}); choose it again.`, 400);
    }
    this.files.set(file, { name, usedAt: this.now() });
    return file;
  }

  private tooLarge(name: string): UploadRefused {
    return new UploadRefused(`"${name}" is larger than ${formatMb(this.maxBytes)}, far beyond a segment export; nothing was uploaded.`, 413);
  }

  /** Whether the path is an upload of this console that is still there to read (and marks it used). */
  allows(path: string): boolean {
    const entry = this.files.get(resolve(path));
    if (entry) entry.usedAt = this.now();
    return entry !== undefined;
  }

  /** The message with every mention of an upload's internal name replaced by the operator's name for it. */
  humanize(text: string): string {
    let out = text;
    for (const [path, { name }] of this.files) out = out.split(path).join(name).split(basename(path)).join(name);
    return out;
  }

  /** The operator's name for an upload (its path when it is none). */
  nameOf(path: string): string {
    return this.files.get(resolve(path))?.name ?? path;
  }

  /** Deletes an upload: it was imported, or abandoned. */
  async discard(path: string): Promise<void> {
    const file = resolve(path);
    if (!this.files.delete(file)) return;
    await unlink(file).catch(() => undefined);
  }

  /** Deletes the uploads unused for longer than the abandon time. */
  async sweep(): Promise<void> {
    const cutoff = this.now() - this.abandonedAfterMs;
    for (const [path, { usedAt }] of [...this.files]) if (usedAt < cutoff) await this.discard(path);
  }

  async discardAll(): Promise<void> {
    for (const path of [...this.files.keys()]) await this.discard(path);
  }
}
