/**
 * A large segment's import keeps what each row said on disk, sorted into the segment's key ranges as the rows
 * are read, and matches one range at a time against that range's members (staging.ts): memory bounded by a
 * range, not by the segment (issue 11). A record is SPILL_WORDS 32-bit words: the row's key, two words of what
 * it said, and a tag (its kind and the part of the file it came from). Records of a range come back in the
 * order they were added. The files are the connection's own and go with `dispose` (a crash leaves them in the
 * system's temporary folder, whose cleaning they are left to).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_WORDS } from './member-state';

export const SPILL_WORDS = KEY_WORDS + 3;

/** Records a range holds in memory before they go to its file: 384 KB a range. */
const RECORDS_PER_WRITE = 16_384;

export class RangeSpill {
  private readonly dir: string;
  private readonly buffers: Uint32Array[];
  private readonly filled: number[];
  private readonly files: number[];
  private readonly bytes: number[];
  /** Where `take` reads a range's records: one buffer for all, as large as a range's write buffer. */
  private taken: Uint8Array | null = null;

  constructor(ranges: number, recordsPerWrite = RECORDS_PER_WRITE) {
    this.dir = mkdtempSync(join(tmpdir(), 'canopy-import-'));
    this.buffers = Array.from({ length: ranges }, () => new Uint32Array(recordsPerWrite * SPILL_WORDS));
    this.filled = new Array<number>(ranges).fill(0);
    this.files = Array.from({ length: ranges }, (_, range) => openSync(this.path(range), 'w+'));
    this.bytes = new Array<number>(ranges).fill(0);
  }

  add(range: number, keys: Uint32Array, keyAt: number, a: number, b: number, tag: number): void {
    const buffer = this.buffers[range];
    const at = this.filled[range];
    buffer[at] = keys[keyAt];
    buffer[at + 1] = keys[keyAt + 1];
    buffer[at + 2] = keys[keyAt + 2];
    buffer[at + 3] = a;
    buffer[at + 4] = b;
    buffer[at + 5] = tag;
    this.filled[range] = at + SPILL_WORDS;
    if (this.filled[range] === buffer.length) this.write(range);
  }

  /**
   * The records of `range`, in the order added, a few hundred KB at a time (each view is valid until the next
   * is read); the range's file is gone after.
   */
  *take(range: number): Generator<Uint32Array> {
    this.write(range);
    const size = this.bytes[range];
    const into = (this.taken ??= new Uint8Array(this.buffers[0].byteLength));
    try {
      for (let start = 0; start < size; ) {
        const length = Math.min(into.length, size - start);
        for (let at = 0; at < length; ) at += readSync(this.files[range], into, at, length - at, start + at);
        start += length;
        yield new Uint32Array(into.buffer, 0, length / 4);
      }
    } finally {
      closeSync(this.files[range]);
      this.files[range] = -1;
      rmSync(this.path(range), { force: true });
    }
  }

  dispose(): void {
    for (const file of this.files) if (file >= 0) closeSync(file);
    this.files.fill(-1);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(range: number): void {
    const words = this.filled[range];
    if (words === 0) return;
    const buffer = this.buffers[range];
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, words * 4);
    for (let at = 0; at < bytes.length; ) at += writeSync(this.files[range], bytes, at);
    this.bytes[range] += bytes.length;
    this.filled[range] = 0;
  }

  private path(range: number): string {
    return join(this.dir, `range-${range}`);
  }
}
