/**
 * The rejects file: every row that was not imported, with its line number and the reason, followed by the
 * row's original fields, in the source file's own delimiter so the operator's spreadsheet opens it as it
 * opened the export. Written as a stream (UTF-8 with a byte-order mark, which Excel needs to see UTF-8);
 * the file is only created when the first row is rejected.
 */
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { csvLine } from '../csv-line';

export interface RejectedRow {
  line: number;
  reason: string;
  fields: string[];
  /** The row's customer id, when it could still be read: that member is kept as they were. */
  customerId?: string;
}

const FLUSH_CHARS = 64 * 1024;

export class RejectsWriter {
  private out: WriteStream | null = null;
  private buffered = '';
  private failure: Error | null = null;
  count = 0;

  constructor(
    readonly file: string,
    private readonly header: string[],
    private readonly delimiter = ',',
  ) {}

  /** Whether any row was written (the file exists only then). */
  get written(): boolean {
    return this.out !== null;
  }

  add(row: RejectedRow): void {
    if (this.out === null) this.open();
    this.count++;
    this.buffered += this.line([String(row.line), row.reason, ...row.fields]);
    if (this.buffered.length >= FLUSH_CHARS) this.flushBuffer();
  }

  /** Waits while the disk catches up, so rejects never pile up in memory. */
  async drain(): Promise<void> {
    this.flushBuffer();
    if (this.failure) throw this.failure;
    if (this.out?.writableNeedDrain) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.out === null) return;
    this.flushBuffer();
    const out = this.out;
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
  }

  /** Closes and deletes the file: for an import that was cancelled or failed, whose rejects mean nothing. */
  async discard(): Promise<void> {
    try {
      await this.close();
    } catch {
      // The file is removed anyway.
    }
    if (this.out !== null) rmSync(this.file, { force: true });
  }

  private open(): void {
    // The rejected rows are personal data: readable by the operator's account alone.
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    this.out = createWriteStream(this.file, { encoding: 'utf8', mode: 0o600 });
    this.out.on('error', (error) => (this.failure = error));
    this.buffered = '\uFEFF' + this.line(['line', 'reason', ...this.header]);
  }

  private flushBuffer(): void {
    if (this.out === null || this.buffered === '') return;
    this.out.write(this.buffered);
    this.buffered = '';
  }

  private line(fields: string[]): string {
    return csvLine(fields, this.delimiter);
  }
}
