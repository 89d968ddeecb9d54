/**
 * The file as a stream of rows: its layout (format, encoding, delimiter, line ends) detected from its
 * first bytes, then bytes → text (strict decoder) → records (CSV tokenizer or NDJSON lines), with
 * memory bounded by one read chunk plus one record, however large the file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import { UserError } from '../errors';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';
import { createDecoder, detectEncoding, InvalidBytesError, type EncodingName } from './encoding';
import { LineSplitter, LineTooLongError, parseJsonLine } from './ndjson';

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
  format: 'csv' | 'ndjson';
  encoding: EncodingName;
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

/** Reads the first bytes and works out how to read the rest; refuses files that are no export at all. */
export async function detectLayout(file: string): Promise<FileLayout> {
  const name = basename(file);
  const totalBytes = await fileSize(file, name);
  const sample = await readStart(file, SAMPLE_BYTES);
  const encoding = detectEncoding(sample);
  if ('binary' in encoding) throw new UserError(`"${name}" is ${encoding.binary}.`);
  const text = decodeSample(sample.subarray(encoding.bomLength), encoding.name);
  if (text.trim() === '') throw new UserError(`"${name}" is empty: there is no header and no data.`);
  const newline = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const base = { file, name, totalBytes, encoding: encoding.name, bomLength: encoding.bomLength, newline } as const;
  if (isNdjson(file, text, name)) return { ...base, format: 'ndjson', delimiter: null, preambleLines: 0 };
  // Excel can write "sep=;" as the first line to say which delimiter the file uses.
  const declared = /^sep=(.)\r?(\n|\r|$)/i.exec(text);
  if (declared) return { ...base, format: 'csv', delimiter: declared[1], preambleLines: 1 };
  const complete = totalBytes <= SAMPLE_BYTES;
  return { ...base, format: 'csv', delimiter: detectDelimiter(text, newline, complete), preambleLines: 0 };
}

async function fileSize(file: string, name: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UserError(`"${name}" is a folder, not a file.`);
    return info.size;
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
  return 'object' in parseJsonLine(line);
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
  /** A CSV record, the header included (it is line 1 or the first non-empty line). */
  record?(fields: string[], line: number): void;
  /** An NDJSON line that is a JSON object. */
  object?(value: Record<string, unknown>, line: number): void;
  /** An NDJSON line that is not a JSON object. */
  bad(line: number, reason: string, raw: string): void;
}

/**
 * Streams the whole file through the sink, yielding the bytes read after each chunk (the moment to hand
 * records on, report progress and check for cancel). Breaking out of the loop closes the file.
 */
export async function* streamRows(layout: FileLayout, sink: RowSink, chunkBytes = READ_CHUNK_BYTES): AsyncGenerator<number> {
  const decoder = createDecoder(layout.encoding);
  const splitter = layout.format === 'csv' ? csvSplitter(layout, sink) : ndjsonSplitter(sink);
  const input = createReadStream(layout.file, { start: layout.bomLength, highWaterMark: chunkBytes });
  let bytesRead = layout.bomLength;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      splitter.push(decode(layout, splitter, () => decoder.write(chunk)));
      yield bytesRead;
    }
    splitter.push(decode(layout, splitter, () => decoder.end()));
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

function csvSplitter(layout: FileLayout, sink: RowSink): Splitter {
  const tokenizer = new CsvTokenizer(layout.delimiter ?? ',', MAX_RECORD_CHARS, layout.newline);
  const emit = sink.record!.bind(sink);
  return {
    push: (text) => tokenizer.push(text, emit),
    end: () => tokenizer.end(emit),
    lineAfter: (text) => tokenizer.lineAfter(text),
  };
}

function ndjsonSplitter(sink: RowSink): Splitter {
  const lines = new LineSplitter(MAX_RECORD_CHARS);
  const emit = (text: string, line: number) => {
    if (text.trim() === '') return;
    const parsed = parseJsonLine(text);
    if ('object' in parsed) sink.object!(parsed.object, line);
    else sink.bad(line, parsed.problem, text);
  };
  return { push: (text) => lines.push(text, emit), end: () => lines.end(emit), lineAfter: (text) => lines.lineAfter(text) };
}

function decode(layout: FileLayout, splitter: Splitter, run: () => string): string {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidBytesError)) throw error;
    const line = splitter.lineAfter(error.textBefore);
    throw new UserError(
      `${where(layout, line)} has bytes that are not valid ${error.encoding}: the file is not in one encoding ` +
        `(save it again as "CSV UTF-8").`,
    );
  }
}

function asUserError(layout: FileLayout, error: unknown): unknown {
  if (error instanceof CsvSyntaxError) {
    const { kind, line, column } = error.problem;
    return new UserError(
      kind === 'unclosed-quote'
        ? `${where(layout, line, column)}: a quoted field is never closed (unclosed quote).`
        : `${where(layout, line)} is a record longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; this does not look like a segment export.`,
    );
  }
  if (error instanceof LineTooLongError) {
    return new UserError(
      `${where(layout, error.line)} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; NDJSON needs one profile a line.`,
    );
  }
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') return new UserError(`File not found: ${layout.file}`, 'not-found');
  return error;
}
