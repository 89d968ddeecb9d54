/**
 * CSV (and tab- or semicolon-separated text): any text file no other format takes. The delimiter is
 * declared by Excel's `sep=;` line or detected from the first records.
 */
import { saidError } from '../../errors';
import { CsvTokenizer } from '../csv-tokenizer';
import { INFERENCE_MAX_BYTES, INFERENCE_ROWS, MAX_RECORD_CHARS, type FileLayout, type ImportFormatReader, type Sample, type StreamRows } from './format';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export const csvFormat: ImportFormatReader<'csv'> = {
  name: 'csv',
  detect({ text, newline, complete }) {
    // Excel can write "sep=;" as the first line to say which delimiter the file uses.
    const declared = /^sep=(.)\r?(\n|\r|$)/i.exec(text);
    if (declared) return { delimiter: declared[1], preambleLines: 1 };
    return { delimiter: detectDelimiter(text, newline, complete), preambleLines: 0 };
  },
  sample: sampleCsv,
  stream(layout, sink, unterminated, firstLine = 1) {
    const tokenizer = new CsvTokenizer(layout.delimiter ?? ',', MAX_RECORD_CHARS, layout.newline, firstLine);
    const emit = sink.record!.bind(sink);
    return {
      push: (chunk) => tokenizer.push(chunk, emit),
      end: () => tokenizer.end((fields, line) => emit(fields, line, unterminated())),
      lineAfter: (chunk) => tokenizer.lineAfter(chunk),
      atRowStart: () => tokenizer.atRecordStart,
    };
  },
  rejectsHeader: (headers) => headers,
};

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

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

async function sampleCsv(layout: FileLayout, stream: StreamRows): Promise<Sample> {
  let header: string[] | null = null;
  let headerLine = 1;
  const rows: string[][] = [];
  const sink = {
    record(fields: string[], line: number) {
      if (line <= layout.preambleLines || isBlank(fields) || rows.length >= INFERENCE_ROWS) return;
      if (header === null) {
        header = fields;
        headerLine = line;
      } else rows.push(fields);
    },
    bad() {},
  };
  for await (const bytesRead of stream(sink)) {
    if (rows.length >= INFERENCE_ROWS || bytesRead >= INFERENCE_MAX_BYTES) break;
  }
  if (header === null) throw saidError('fileEmpty', { file: layout.name });
  return { headers: cleanHeaders(header), rows, headerLine };
}

/** Headers trimmed; an empty one becomes "column N"; a repeated one gets " (2)", so every param name is unique. */
export function cleanHeaders(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((field, index) => {
    let name = field.trim() || `column ${index + 1}`;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${field.trim()} (${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}
