/**
 * The file as a stream of rows: its layout (format, encoding, delimiter, line ends) detected from its
 * first bytes, then bytes → text (strict decoder) → records (CSV tokenizer or NDJSON lines), with
 * memory bounded by one read chunk plus one record, however large the file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import { UserError, saidError } from '../errors';
import { messagesEn } from '../../../shared/messages';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';
import type { ImportEncoding } from '../../../shared/model';
import { createDecoder, detectEncoding, InvalidBytesError, MixedEncodingScanner, type EncodingName } from './encoding';
import { JsonTooDeepError, LineSplitter, LineTooLongError, MAX_JSON_DEPTH, parseJsonLine } from './ndjson';

export const SAMPLE_BYTES = 64 * 1024;
export const READ_CHUNK_BYTES = 256 * 1024;
/** The longest record accepted (in characters): a longer one is a broken file, not a profile. */
export const MAX_RECORD_CHARS = 1024 * 1024;
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface FileLayout {
  file: string;
  /** The file's name, as error messages say it. */
  name: string;
  totalBytes: number;
  /** The file's modification time when its layout was read: a file that changes while read is refused. */
  mtimeMs: number;
  format: 'csv' | 'ndjson';
  encoding: EncodingName;
  /** The operator chose the encoding: the file is read that way, and not checked for a mix of two. */
  encodingChosen: boolean;
  bomLength: number;
  /** null for NDJSON. */
  delimiter: string | null;
  newline: '\n' | '\r';
  /** Lines before the header that are not data: Excel's `sep=;` line. */
  preambleLines: number;
}

/** `"name.csv" line 4, column 9` — the place a message is about. */
export function where(layout: Pick<FileLayout, 'name'>, line?: number, column?: number): string {
  return `"${layout.name}"${line ? ` line ${line}` : ''}${line && column ? `, column ${column}` : ''}`;
}

/**
 * Reads the first bytes and works out how to read the rest; refuses files that are no export at all.
 * `chosen` is the operator's encoding: it replaces the detected one (a byte-order mark is still skipped).
 */
export async function detectLayout(file: string, chosen?: ImportEncoding): Promise<FileLayout> {
  const name = basename(file);
  const { size: totalBytes, mtimeMs } = await regularFile(file, name);
  const sample = await readStart(file, SAMPLE_BYTES);
  const detected = detectEncoding(sample);
  if ('binary' in detected) throw new UserError(`"${name}" is ${detected.binary}.`);
  const encoding = chosen ? { name: chosen, bomLength: chosen === detected.name ? detected.bomLength : 0 } : detected;
  const text = decodeSample(sample.subarray(encoding.bomLength), encoding.name);
  if (text.trim() === '') throw new UserError(`"${name}" is empty: there is no header and no data.`);
  const newline = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const base = {
    file, name, totalBytes, mtimeMs, encoding: encoding.name, encodingChosen: chosen !== undefined, bomLength: encoding.bomLength, newline,
  } as const;
  if (isNdjson(file, text, name)) return { ...base, format: 'ndjson', delimiter: null, preambleLines: 0 };
  // Excel can write "sep=;" as the first line to say which delimiter the file uses.
  const declared = /^sep=(.)\r?(\n|\r|$)/i.exec(text);
  if (declared) return { ...base, format: 'csv', delimiter: declared[1], preambleLines: 1 };
  const complete = totalBytes <= SAMPLE_BYTES;
  return { ...base, format: 'csv', delimiter: detectDelimiter(text, newline, complete), preambleLines: 0 };
}

/** The file's size and time; a folder, a pipe (FIFO), a socket or a device is refused before it is opened. */
async function regularFile(file: string, name: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UserError(`"${name}" is a folder, not a file.`);
    if (!info.isFile()) {
      const what = info.isFIFO() ? 'a pipe (FIFO)' : info.isSocket() ? 'a socket' : 'a device';
      throw new UserError(`"${name}" is ${what}, not a file: save the export as a file and import that.`);
    }
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`File not found: ${file}`, 'not-found');
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`"${name}" cannot be read: permission denied.`);
    throw new UserError(`"${name}" cannot be read: ${(error as Error).message}`);
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

function isNdjson(file: string, text: string, name: string): boolean {
  const extension = extname(file).toLowerCase();
  if (extension === '.ndjson' || extension === '.jsonl') return true;
  const first = text.trimStart();
  if (extension === '.json' && first.startsWith('[')) {
    throw new UserError(`"${name}" is a JSON array; export one JSON object per line (NDJSON, .ndjson) instead.`);
  }
  if (!first.startsWith('{')) return false;
  const line = first.split(/\r?\n/, 1)[0];
  try {
    return 'object' in parseJsonLine(line);
  } catch (error) {
    if (error instanceof JsonTooDeepError) return true; // an NDJSON line, refused by the reader with its line
    throw error;
  }
}

/**
 * The delimiter among , ; tab | that splits the first records into the same number of fields (more than
 * one) most consistently, quoted parts ignored; ties go to the one with more fields. A file with one
 * column gets ",".
 */
export function detectDelimiter(text: string, newline: '\n' | '\r', complete: boolean): string {
  let best = { delimiter: ',', consistency: 0, fields: 1 };
  for (const delimiter of DELIMITERS) {
    const counts = fieldCounts(text, delimiter, newline, complete);
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistency = counts.filter((n) => n === counts[0]).length / counts.length;
    if (consistency > best.consistency || (consistency === best.consistency && counts[0] > best.fields)) {
      best = { delimiter, consistency, fields: counts[0] };
    }
  }
  return best.delimiter;
}

function fieldCounts(text: string, delimiter: string, newline: '\n' | '\r', complete: boolean): number[] {
  const counts: number[] = [];
  const tokenizer = new CsvTokenizer(delimiter, MAX_RECORD_CHARS, newline);
  const count = (fields: string[]) => {
    if (counts.length < 50 && !(fields.length === 1 && fields[0] === '')) counts.push(fields.length);
  };
  try {
    tokenizer.push(text, count);
    if (complete) tokenizer.end(count);
  } catch {
    // A sample that does not tokenize with this delimiter simply scores what it had.
  }
  return counts;
}

/** What the stream hands to its consumer, record by record. */
export interface RowSink {
  /**
   * A CSV record, the header included (it is line 1 or the first non-empty line). `unterminated`: the
   * last record of a file that does not end with a line end (it may have been cut off).
   */
  record?(fields: string[], line: number, unterminated?: boolean): void;
  /** An NDJSON line that is a JSON object. */
  object?(value: Record<string, unknown>, line: number): void;
  /** An NDJSON line that is not a JSON object. */
  bad(line: number, reason: string, raw: string): void;
}

/**
 * Streams the whole file through the sink, yielding the bytes read after each chunk (the moment to hand
 * records on, report progress and check for cancel). Breaking out of the loop closes the file. Read to
 * its end, a file whose size or time changed since its layout was read is refused: it was still being
 * written, and what was read is not the whole export.
 */
export async function* streamRows(layout: FileLayout, sink: RowSink, chunkBytes = READ_CHUNK_BYTES): AsyncGenerator<number> {
  const decoder = createDecoder(layout.encoding);
  const text = { last: '' };
  const splitter = layout.format === 'csv' ? csvSplitter(layout, sink, text) : ndjsonSplitter(layout, sink, text);
  const mixes = mixChecker(layout);
  const input = createReadStream(layout.file, { start: layout.bomLength, highWaterMark: chunkBytes });
  let bytesRead = layout.bomLength;
  const push = (decoded: string) => {
    if (decoded.length > 0) text.last = decoded;
    splitter.push(decoded);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      mixes(chunk);
      push(decode(layout, splitter, () => decoder.write(chunk)));
      yield bytesRead;
    }
    push(decode(layout, splitter, () => decoder.end()));
    await refuseChanged(layout, bytesRead);
    splitter.end();
    yield bytesRead;
  } catch (error) {
    throw asUserError(layout, error);
  } finally {
    input.destroy();
  }
}

interface Splitter {
  push(text: string): void;
  end(): void;
  lineAfter(text: string): number;
}

/** Whether the text read so far ends without a line end: its last record may have been cut off. */
const unterminated = (text: { last: string }) => !/[\r\n]$/.test(text.last);

function csvSplitter(layout: FileLayout, sink: RowSink, text: { last: string }): Splitter {
  const tokenizer = new CsvTokenizer(layout.delimiter ?? ',', MAX_RECORD_CHARS, layout.newline);
  const emit = sink.record!.bind(sink);
  return {
    push: (chunk) => tokenizer.push(chunk, emit),
    end: () => tokenizer.end((fields, line) => emit(fields, line, unterminated(text))),
    lineAfter: (chunk) => tokenizer.lineAfter(chunk),
  };
}

function ndjsonSplitter(layout: FileLayout, sink: RowSink, text: { last: string }): Splitter {
  const lines = new LineSplitter(MAX_RECORD_CHARS);
  const emit = (line: string, number: number, last = false) => {
    if (line.trim() === '') return;
    const parsed = parseLine(layout, line, number);
    if ('object' in parsed) sink.object!(parsed.object, number);
    else if (last) throw new UserError(`${where(layout, number)} is cut off (${parsed.problem}): ${CUT_OFF_ADVICE}`);
    else sink.bad(number, parsed.problem, line);
  };
  return {
    push: (chunk) => lines.push(chunk, emit),
    end: () => lines.end((line, number) => emit(line, number, unterminated(text))),
    lineAfter: (chunk) => lines.lineAfter(chunk),
  };
}

function parseLine(layout: FileLayout, text: string, line: number) {
  try {
    return parseJsonLine(text);
  } catch (error) {
    if (!(error instanceof JsonTooDeepError)) throw error;
    throw new UserError(`${where(layout, line)} is JSON nested deeper than ${MAX_JSON_DEPTH} levels; NDJSON needs one flat profile a line.`);
  }
}

/** What an operator should do with a file that was still being written, or cut short. */
export const CUT_OFF_ADVICE = messagesEn.cutOffAdvice;

async function refuseChanged(layout: FileLayout, bytesRead: number): Promise<void> {
  const now = await stat(layout.file).catch(() => null);
  if (now && now.size === layout.totalBytes && now.mtimeMs === layout.mtimeMs && bytesRead === layout.totalBytes) return;
  const size = now?.size ?? bytesRead;
  throw saidError('fileChanged', { file: layout.name, before: layout.totalBytes, after: size });
}

/** A check of each chunk for a file that mixes UTF-8 with a single-byte encoding, where that is detected. */
function mixChecker(layout: FileLayout): (chunk: Buffer) => void {
  const singleByte = !/^UTF-/i.test(layout.encoding);
  if (layout.encodingChosen || !singleByte) return () => undefined;
  const scanner = new MixedEncodingScanner(layout.newline.charCodeAt(0));
  return (chunk) => {
    const mix = scanner.scan(chunk);
    if (!mix) return;
    throw saidError('mixedEncoding', { file: layout.name, line: mix.invalidLine, utf8Line: mix.utf8Line });
  };
}

function decode(layout: FileLayout, splitter: Splitter, run: () => string): string {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidBytesError)) throw error;
    const line = splitter.lineAfter(error.textBefore);
    throw saidError('invalidBytes', { file: layout.name, line, encoding: error.encoding });
  }
}

function asUserError(layout: FileLayout, error: unknown): unknown {
  if (error instanceof CsvSyntaxError) {
    const { kind, line, column } = error.problem;
    return kind === 'unclosed-quote'
      ? saidError('unclosedQuote', { file: layout.name, line, column: column ?? null })
      : new UserError(`${where(layout, line)} is a record longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; this does not look like a segment export.`);
  }
  if (error instanceof LineTooLongError) {
    return new UserError(
      `${where(layout, error.line)} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; NDJSON needs one profile a line.`,
    );
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new UserError(`File not found: ${layout.file}`, 'not-found');
  // Any other failure to read (EIO, ESPIPE, EACCES...) is about this file, said as such.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new UserError(`${where(layout)} cannot be read (${code}): ${(error as Error).message}`);
  return error;
}
