/**
 * The file as a stream of rows: its layout (format, encoding, delimiter, line ends) detected from its
 * first bytes, then bytes → text (strict decoder) → records (the format's splitter, formats/), with
 * memory bounded by one read chunk plus one record, however large the file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import { UserError, saidError } from '../errors';
import { CsvSyntaxError } from './csv-tokenizer';
import type { ImportEncoding, ImportFormat } from '../../../shared/model';
import { createDecoder, detectEncoding, InvalidBytesError, MixedEncodingScanner, type EncodingName, type EncodingSeen } from './encoding';
import { detectFormat, formatOf } from './formats';
import { CUT_OFF_ADVICE, MAX_RECORD_CHARS, type FileLayout, type RowSink, type RowSplitter } from './formats/format';
import { LineTooLongError } from './ndjson';

export { CUT_OFF_ADVICE, MAX_RECORD_CHARS, type FileLayout, type RowSink };
export { detectDelimiter, DELIMITERS } from './formats/csv';

export const SAMPLE_BYTES = 64 * 1024;
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Reads the first bytes and works out how to read the rest; refuses files that are no export at all.
 * `chosen` is the operator's encoding: it replaces the detected one (a byte-order mark is still skipped);
 * `format` the operator's format, which the file must read as.
 */
export async function detectLayout(file: string, chosen?: ImportEncoding, format?: ImportFormat): Promise<FileLayout> {
  const name = basename(file);
  const { size: totalBytes, mtimeMs } = await regularFile(file, name);
  const sample = await readStart(file, SAMPLE_BYTES);
  const detected = detectEncoding(sample);
  if ('binary' in detected) throw saidError(detected.binary, { file: name });
  const encoding = chosen ? { name: chosen, bomLength: chosen === detected.name ? detected.bomLength : 0 } : detected;
  const text = decodeSample(sample.subarray(encoding.bomLength), encoding.name);
  if (text.trim() === '') throw saidError('fileEmpty', { file: name });
  const newline: FileLayout['newline'] = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const base = {
    file, name, totalBytes, mtimeMs, encoding: encoding.name, encodingChosen: chosen !== undefined, bomLength: encoding.bomLength, newline,
  } as const;
  const probe = { file, name, extension: extname(file).toLowerCase(), text, newline, complete: totalBytes <= SAMPLE_BYTES };
  return { ...base, ...detectFormat(probe, format) };
}

/** The file's size and time; a folder, a pipe (FIFO), a socket or a device is refused before it is opened. */
async function regularFile(file: string, name: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw saidError('isFolder', { file: name });
    if (!info.isFile()) {
      throw saidError(info.isFIFO() ? 'notFilePipe' : info.isSocket() ? 'notFileSocket' : 'notFileDevice', { file: name });
    }
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw saidError('fileNotFound', { path: file }, 'not-found');
    if (code === 'EACCES' || code === 'EPERM') throw saidError('notReadable', { file: name });
    throw saidError('cannotRead', { file: name, problem: (error as Error).message });
  }
}

async function readStart(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The sample decoded leniently: it may end inside a character, and strictness is the stream's job. */
function decodeSample(bytes: Buffer, encoding: EncodingName): string {
  const whatwg = ({ 'UTF-8': 'utf-8', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be' } as Record<string, string>)[encoding];
  if (whatwg) return new TextDecoder(whatwg, { ignoreBOM: true }).decode(bytes);
  return iconv.decode(bytes, encoding, { stripBOM: false });
}

/**
 * A part of the file read on its own (read-thread.ts): bytes [start, end), which start a line (`firstLine`).
 * `onEnd` is told, once the part is read, whether it ended between two rows (else a row went on past `end`,
 * and the part was no place to split the file) and what the mixed-encoding scan saw in it.
 */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
  onEnd?: (end: RangeEnd) => void;
}

export interface RangeEnd {
  atRowStart: boolean;
  encoding: EncodingSeen | null;
}

/**
 * Streams the whole file through the sink, yielding the bytes read after each chunk (the moment to hand
 * records on, report progress and check for cancel). Breaking out of the loop closes the file. Read to
 * its end, a file whose size or time changed since its layout was read is refused: it was still being
 * written, and what was read is not the whole export.
 *
 * With a `range`, only that part: a part that ends the file ends as the whole file does (its last row may
 * be cut off); the check for a changed file is then the caller's, once every part is read.
 */
export async function* streamRows(layout: FileLayout, sink: RowSink, chunkBytes = READ_CHUNK_BYTES, range?: ByteRange): AsyncGenerator<number> {
  const decoder = createDecoder(layout.encoding);
  const text = { last: '' };
  const splitter = formatOf(layout.format).stream(layout, sink, () => unterminated(text), range?.firstLine);
  const scanner = mixScanner(layout, range?.firstLine);
  const start = range?.start ?? layout.bomLength;
  const input = createReadStream(layout.file, { start, end: range ? range.end - 1 : undefined, highWaterMark: chunkBytes });
  let bytesRead = start;
  const push = (decoded: string) => {
    if (decoded.length > 0) text.last = decoded;
    splitter.push(decoded);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      refuseMix(layout, scanner, chunk);
      push(decode(layout, splitter, () => decoder.write(chunk)));
      yield bytesRead;
    }
    push(decode(layout, splitter, () => decoder.end()));
    if (range) {
      const endsFile = range.end === layout.totalBytes;
      range.onEnd?.({ atRowStart: endsFile || splitter.atRowStart(), encoding: scanner?.seen ?? null });
      if (endsFile) splitter.end();
      yield bytesRead;
      return;
    }
    await refuseChanged(layout, bytesRead);
    splitter.end();
    yield bytesRead;
  } catch (error) {
    throw asUserError(layout, error);
  } finally {
    input.destroy();
  }
}

/**
 * Where to cut the file into `parts` parts read on their own (read-thread.ts): just after a line end near
 * each equal share, as byte ranges with the parts' first lines still to count. Fewer parts where no line
 * end is near a share (a record of a megabyte), none for a file that cannot be cut so: UTF-16, whose line
 * ends are two bytes, and NDJSON with CR line ends.
 */
export async function partsOf(layout: FileLayout, parts: number): Promise<Array<{ start: number; end: number }>> {
  if (/^UTF-16/i.test(layout.encoding) || (layout.format === 'ndjson' && layout.newline !== '\n')) return [];
  const newline = layout.newline.charCodeAt(0);
  const size = layout.totalBytes - layout.bomLength;
  const cuts = [layout.bomLength];
  const handle = await open(layout.file, 'r');
  try {
    const buffer = Buffer.alloc(CUT_SEARCH_BYTES);
    for (let part = 1; part < parts; part++) {
      const near = layout.bomLength + Math.floor((size * part) / parts);
      if (near <= cuts[cuts.length - 1]) continue;
      const { bytesRead } = await handle.read(buffer, 0, CUT_SEARCH_BYTES, near);
      const at = buffer.subarray(0, bytesRead).indexOf(newline);
      if (at >= 0 && near + at + 1 < layout.totalBytes) cuts.push(near + at + 1);
    }
  } finally {
    await handle.close();
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? layout.totalBytes }));
}

const CUT_SEARCH_BYTES = 1024 * 1024;

/** The line a byte offset of the file starts: one more than the line ends before it. */
export async function lineAt(layout: FileLayout, offset: number): Promise<number> {
  const newline = layout.newline.charCodeAt(0);
  let line = 1;
  for await (const chunk of createReadStream(layout.file, { start: 0, end: offset - 1, highWaterMark: READ_CHUNK_BYTES * 4 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, at + 1)) line++;
  }
  return line;
}

/** Whether the text read so far ends without a line end: its last record may have been cut off. */
const unterminated = (text: { last: string }) => !/[\r\n]$/.test(text.last);

/** Refuses a file whose size or time changed since its layout was read, or that was not read to its end. */
export async function refuseChanged(layout: FileLayout, bytesRead: number): Promise<void> {
  const now = await stat(layout.file).catch(() => null);
  if (now && now.size === layout.totalBytes && now.mtimeMs === layout.mtimeMs && bytesRead === layout.totalBytes) return;
  const size = now?.size ?? bytesRead;
  throw saidError('fileChanged', { file: layout.name, before: layout.totalBytes, after: size });
}

/** The scan for a file that mixes UTF-8 with a single-byte encoding, where that is detected (else null). */
function mixScanner(layout: FileLayout, firstLine = 1): MixedEncodingScanner | null {
  const singleByte = !/^UTF-/i.test(layout.encoding);
  if (layout.encodingChosen || !singleByte) return null;
  return new MixedEncodingScanner(layout.newline.charCodeAt(0), firstLine);
}

function refuseMix(layout: FileLayout, scanner: MixedEncodingScanner | null, chunk: Buffer): void {
  const mix = scanner?.scan(chunk);
  if (mix) throw mixedEncoding(layout, mix);
}

export const mixedEncoding = (layout: FileLayout, mix: EncodingSeen) => saidError('mixedEncoding', { file: layout.name, line: mix.invalidLine, utf8Line: mix.utf8Line });

function decode(layout: FileLayout, splitter: RowSplitter, run: () => string): string {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidBytesError)) throw error;
    const line = splitter.lineAfter(error.textBefore);
    throw saidError('invalidBytes', { file: layout.name, line, encoding: error.encoding });
  }
}

const MAX_RECORD_MB = MAX_RECORD_CHARS / 1024 / 1024;

function asUserError(layout: FileLayout, error: unknown): unknown {
  if (error instanceof CsvSyntaxError) {
    const { kind, line, column } = error.problem;
    return kind === 'unclosed-quote'
      ? saidError('unclosedQuote', { file: layout.name, line, column: column ?? null })
      : saidError('recordTooLong', { file: layout.name, line, megabytes: MAX_RECORD_MB });
  }
  if (error instanceof LineTooLongError) return saidError('ndjsonLineTooLong', { file: layout.name, line: error.line, megabytes: MAX_RECORD_MB });
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return saidError('fileNotFound', { path: layout.file }, 'not-found');
  // Any other failure to read (EIO, ESPIPE, EACCES...) is about this file, said as such.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return saidError('cannotReadCode', { file: layout.name, code, problem: (error as Error).message });
  return error;
}
