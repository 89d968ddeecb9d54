/** NDJSON: one JSON object a line (.ndjson, .jsonl, or any file whose first line is a JSON object). */
import { saidError } from '../../errors';
import type { Message } from '../../../../shared/messages';
import { jsonValueToText, JsonTooDeepError, LineSplitter, MAX_JSON_DEPTH, parseJsonLine } from '../ndjson';
import {
  INFERENCE_MAX_BYTES,
  INFERENCE_ROWS,
  MAX_RECORD_CHARS,
  type FileLayout,
  type FileProbe,
  type ImportFormatReader,
  type Sample,
  type StreamRows,
} from './format';

export const ndjsonFormat: ImportFormatReader<'ndjson'> = {
  name: 'ndjson',
  detect: (probe) => (isNdjson(probe) ? { delimiter: null, preambleLines: 0 } : null),
  sample: sampleNdjson,
  stream(layout, sink, unterminated, firstLine = 1) {
    const lines = new LineSplitter(MAX_RECORD_CHARS, firstLine);
    const emit = (line: string, number: number, last = false) => {
      if (line.trim() === '') return;
      const parsed = parseLine(layout, line, number);
      if ('object' in parsed) sink.object!(parsed.object, number);
      else if (last) throw saidError(parsed.said.code === 'jsonInvalid' ? 'jsonCutOffInvalid' : 'jsonCutOffNotObject', { file: layout.name, line: number, ...parsed.said.params });
      else sink.bad(number, parsed.problem, line, parsed.said);
    };
    return {
      push: (chunk) => lines.push(chunk, emit),
      end: () => lines.end((line, number) => emit(line, number, unterminated())),
      lineAfter: (chunk) => lines.lineAfter(chunk),
      atRowStart: () => lines.atLineStart,
    };
  },
  // A rejected line is kept whole, as it was in the file.
  rejectsHeader: () => ['record'],
};

function isNdjson({ extension, text, name }: FileProbe): boolean {
  if (extension === '.ndjson' || extension === '.jsonl') return true;
  const first = text.trimStart();
  if (extension === '.json' && first.startsWith('[')) {
    throw saidError('jsonArray', { file: name });
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

function parseLine(layout: FileLayout, text: string, line: number) {
  try {
    return parseJsonLine(text);
  } catch (error) {
    if (!(error instanceof JsonTooDeepError)) throw error;
    throw saidError('jsonTooDeep', { file: layout.name, line, depth: MAX_JSON_DEPTH });
  }
}

async function sampleNdjson(layout: FileLayout, stream: StreamRows): Promise<Sample> {
  const objects: Array<Record<string, unknown>> = [];
  let firstBad: { line: number; said: Message } | null = null;
  const sink = {
    object(value: Record<string, unknown>) {
      if (objects.length < INFERENCE_ROWS) objects.push(value);
    },
    bad(line: number, _reason: string, _raw: string, said?: Message) {
      if (said) firstBad ??= { line, said };
    },
  };
  for await (const bytesRead of stream(sink)) {
    if (objects.length >= INFERENCE_ROWS || bytesRead >= INFERENCE_MAX_BYTES) break;
  }
  if (objects.length === 0) {
    const bad = firstBad as { line: number; said: Message } | null;
    if (bad) throw saidError(bad.said.code === 'jsonInvalid' ? 'jsonNoObjectInvalid' : 'jsonNoObjectNotObject', { file: layout.name, line: bad.line, ...bad.said.params });
    throw saidError('jsonEmpty', { file: layout.name });
  }
  const keys = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) keys.add(key);
  const headers = [...keys];
  return { headers, rows: objects.map((object) => headers.map((key) => jsonValueToText(object[key]))), headerLine: 0 };
}
