/**
 * What every import format provides, and what they share: a format is detected from the file's first
 * text, gives inspect its header and first rows, and splits the decoded text into rows as the file streams.
 * Decoding, the encoding checks and the refusal of a file that changes while read stay in source.ts, the
 * same for every format. A new format is one file implementing ImportFormatReader plus one line in index.ts.
 */
import type { ImportFormat } from '../../../../shared/model';
import type { EncodingName } from '../encoding';
import { messagesEn, type Message } from '../../../../shared/messages';

export interface FileLayout {
  file: string;
  /** The file's name, as error messages say it. */
  name: string;
  totalBytes: number;
  /** The file's modification time when its layout was read: a file that changes while read is refused. */
  mtimeMs: number;
  format: ImportFormat;
  encoding: EncodingName;
  /** The operator chose the encoding: the file is read that way, and not checked for a mix of two. */
  encodingChosen: boolean;
  bomLength: number;
  /** null for a format without one (NDJSON). */
  delimiter: string | null;
  newline: '\n' | '\r';
  /** Lines before the header that are not data: Excel's `sep=;` line. */
  preambleLines: number;
}

/** What a format decides of the layout when it takes the file. */
export type FormatDetails = Pick<FileLayout, 'delimiter' | 'preambleLines'>;

/** The start of the file, as a format's detect sees it. */
export interface FileProbe {
  file: string;
  name: string;
  /** Lower case, with the dot: ".csv"; '' without one. */
  extension: string;
  /** The first bytes decoded (leniently): they may end inside a record. */
  text: string;
  newline: '\n' | '\r';
  /** Whether `text` is the whole file. */
  complete: boolean;
}

/**
 * What the stream hands to its consumer, record by record. A format whose rows are fields under a header
 * row (CSV, a spreadsheet) calls `record`; one whose rows are keyed objects (NDJSON) calls `object`.
 */
export interface RowSink {
  /**
   * A record of fields, the header included (it is line 1 or the first non-empty line). `unterminated`:
   * the last record of a file that does not end with a line end (it may have been cut off).
   */
  record?(fields: string[], line: number, unterminated?: boolean): void;
  /** A row that is a keyed object. */
  object?(value: Record<string, unknown>, line: number): void;
  /** A row that cannot be read as one (an NDJSON line that is not a JSON object). */
  /** `said`: the reason as a message, where the format has one (an NDJSON line that is no JSON object). */
  bad(line: number, reason: string, raw: string, said?: Message): void;
}

/** Decoded text → rows, chunk by chunk. */
export interface RowSplitter {
  push(text: string): void;
  end(): void;
  /** Whether every row of the text pushed so far is complete (none continues into text still to come). */
  atRowStart(): boolean;
  /** The line the given text (everything decoded before a problem) ends on: where an error points. */
  lineAfter(text: string): number;
}

/** The streamed file, for a format's sample: yields the bytes read after each chunk; breaking out closes it. */
export type StreamRows = (sink: RowSink) => AsyncGenerator<number>;

/** The header and the first rows of a file, as inspect needs them. */
export interface Sample {
  headers: string[];
  rows: string[][];
  /** The header's line, so the reader knows which record to skip (0: no header row). */
  headerLine: number;
}

export interface ImportFormatReader<Name extends ImportFormat = ImportFormat> {
  name: Name;
  /** Takes the file when it is this format (by extension and first text), or null; throws for a near miss it can name. */
  detect(probe: FileProbe): FormatDetails | null;
  sample(layout: FileLayout, stream: StreamRows): Promise<Sample>;
  /**
   * The splitter for the streamed text; `unterminated` says whether the text read so far ends without a line
   * end; `firstLine` is the line the text starts on (1, or later for a part of the file read on its own).
   */
  stream(layout: FileLayout, sink: RowSink, unterminated: () => boolean, firstLine?: number): RowSplitter;
  /** The columns of the rejects file after line and reason: the header's, or one holding the raw row. */
  rejectsHeader(headers: string[]): string[];
}

/** Rows read to infer types and detect hints: the rest of the file is converted by what they show. */
export const INFERENCE_ROWS = 1000;
export const INFERENCE_MAX_BYTES = 8 * 1024 * 1024;

/** The longest record accepted (in characters): a longer one is a broken file, not a profile. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** What an operator should do with a file that was still being written, or cut short. */
export const CUT_OFF_ADVICE = messagesEn.cutOffAdvice;
