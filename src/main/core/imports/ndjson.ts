/**
 * NDJSON: one JSON object a line. Lines are split from decoded text chunk by chunk; each line is parsed
 * on its own, so a bad line is a rejected row with its line and column, not a failed import.
 */
import { said, type Message } from '../../../shared/messages';

export type LineHandler = (text: string, line: number) => void;

/** Thrown when a single line is longer than the cap (a JSON array on one line, or not NDJSON at all). */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super('line too long');
  }
}

export class LineSplitter {
  private rest = '';
  private line: number;

  constructor(
    private readonly maxLineChars: number,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /** Whether the text pushed so far ends with a whole line. */
  get atLineStart(): boolean {
    return this.rest.length === 0;
  }

  lineAfter(more: string): number {
    return this.line + countNewlines(this.rest) + countNewlines(more);
  }

  push(text: string, emit: LineHandler): void {
    const s = this.rest.length > 0 ? this.rest + text : text;
    let pos = 0;
    let line = this.line;
    for (let end = s.indexOf('\n'); end !== -1; end = s.indexOf('\n', pos)) {
      if (end - pos > this.maxLineChars) throw new LineTooLongError(line);
      emit(s.slice(pos, end > pos && s.charCodeAt(end - 1) === 13 ? end - 1 : end), line);
      pos = end + 1;
      line++;
    }
    this.rest = s.slice(pos);
    this.line = line;
    if (this.rest.length > this.maxLineChars) throw new LineTooLongError(line);
  }

  end(emit: LineHandler): void {
    const s = this.rest;
    this.rest = '';
    if (s.length > 0) emit(s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s, this.line);
  }
}

/** Why a line is no JSON object: the sentence a rejected row keeps, and its message (`jsonInvalid`, `jsonNotObject`). */
export type JsonLine = { object: Record<string, unknown> } | { problem: string; said: Message };

/** Deeper than this, a line is no profile: and turning it back into text would overflow the stack. */
export const MAX_JSON_DEPTH = 64;

/** Thrown for a line nested deeper than MAX_JSON_DEPTH: the whole file is refused, not just the row. */
export class JsonTooDeepError extends Error {
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/** Walks the nested values without recursion (a recursive walk is what would overflow). */
function nestedTooDeep(root: object): boolean {
  const stack: Array<[unknown, number]> = [];
  for (const value of Object.values(root)) if (typeof value === 'object' && value !== null) stack.push([value, 2]);
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return true;
    for (const inner of Object.values(value as object)) if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
  }
  return false;
}

/** Parses one line; anything but a JSON object is a problem described with its column where JSON tells it. */
export function parseJsonLine(text: string): JsonLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw new JsonTooDeepError(); // V8's parser ran out of stack
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const column = (position ? Number(position[1]) : firstInvalidIndex(text)) + 1;
    // V8 appends the position or a snippet of the text; the line and column say that better.
    const detail = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '');
    return problem(said('jsonInvalid', { column, detail }));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return problem(said('jsonNotObject', { what: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value }));
  }
  if (nestedTooDeep(value)) throw new JsonTooDeepError();
  return { object: value as Record<string, unknown> };
}

const problem = ({ text, message }: ReturnType<typeof said>) => ({ problem: text, said: message });

/** A JSON value as the string a param carries: null → "", nested values as JSON text. */
export function jsonValueToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Where JSON.parse gave up, for messages that do not say it ("Unexpected token 'g', ..."): a small
 * recursive-descent walk over the JSON grammar that stops at the first character that cannot follow.
 */
export function firstInvalidIndex(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i] === ch) i++; else fail();
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) if (/[0-9a-fA-F]/.test(text[i] ?? '')) i++; else fail();
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) i++;
        else fail();
      } else if (ch < ' ') fail();
      else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}
