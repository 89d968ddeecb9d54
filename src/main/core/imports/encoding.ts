/**
 * Which character encoding a file is in, and a decoder that turns its bytes into text chunk by chunk.
 * UTF-8 and UTF-16 are decoded strictly (invalid bytes are an error, not a silent U+FFFD); single-byte
 * encodings such as Windows-1252 through iconv-lite.
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { MessageCode } from '../../../shared/messages';

export type EncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252' | (string & {});

export interface DetectedEncoding {
  /** A readable name, as shown to the operator. */
  name: EncodingName;
  /** Bytes of the byte-order mark at the start of the file (0 when there is none). */
  bomLength: number;
}

/** Why the start of a file cannot be read as text. */
/** A file that is no text export: the message code (shared/messages.ts) that says what it is. */
export type NotText = { binary: BinaryCode };
type BinaryCode = Extract<MessageCode, 'notExportZip' | 'notExportXls' | 'notExportGzip' | 'notExportPdf' | 'notExportBinary'>;

const BOMS: Array<{ bytes: number[]; name: EncodingName }> = [
  { bytes: [0xef, 0xbb, 0xbf], name: 'UTF-8' },
  { bytes: [0xff, 0xfe], name: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], name: 'UTF-16BE' },
];

/** Signatures of files people pick by mistake, with the advice they need. */
const MAGIC: Array<{ bytes: number[]; what: BinaryCode }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'notExportZip' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'notExportXls' },
  { bytes: [0x1f, 0x8b], what: 'notExportGzip' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'notExportPdf' },
];

const startsWith = (sample: Buffer, bytes: number[]) => bytes.every((b, i) => sample[i] === b);

/**
 * Detects the encoding from a file's first bytes: a byte-order mark first; then valid UTF-8 (which plain
 * ASCII is); then UTF-16 without a mark by its zero bytes; then chardet's guess, where any Western
 * single-byte guess becomes Windows-1252 (what Excel writes on Dutch and English Windows).
 */
export function detectEncoding(sample: Buffer): DetectedEncoding | NotText {
  for (const bom of BOMS) if (startsWith(sample, bom.bytes)) return { name: bom.name, bomLength: bom.bytes.length };
  for (const magic of MAGIC) if (startsWith(sample, magic.bytes)) return { binary: magic.what };
  if (isUtf8(withoutCutCharacter(sample))) {
    return sample.includes(0) ? { binary: 'notExportBinary' } : { name: 'UTF-8', bomLength: 0 };
  }
  const utf16 = utf16ByZeroBytes(sample);
  if (utf16) return { name: utf16, bomLength: 0 };
  if (looksBinary(sample)) return { binary: 'notExportBinary' };
  return { name: chardetGuess(sample), bomLength: 0 };
}

/** The sample may end in the middle of a multi-byte character; leave that character out of the check. */
function withoutCutCharacter(sample: Buffer): Buffer {
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = sample[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte >= 0xc0) end -= back; // lead byte of a character that may be cut
    break;
  }
  return sample.subarray(0, end);
}

/** Text in UTF-16 without a mark has a zero byte beside almost every Latin character. */
function utf16ByZeroBytes(sample: Buffer): EncodingName | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'UTF-16LE';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'UTF-16BE';
  return null;
}

/** Zero bytes or many control characters (other than tab, CR, LF, form feed) do not occur in text exports. */
function looksBinary(sample: Buffer): boolean {
  const n = Math.min(sample.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n * 0.02;
}

const WESTERN_SINGLE_BYTE = /^(ISO-8859-(1|2|9|15)|windows-125[0-8])$/i;

function chardetGuess(sample: Buffer): EncodingName {
  const [best] = chardet.analyse(sample);
  if (!best) return 'Windows-1252';
  if (/^UTF-16/i.test(best.name)) return best.name.toUpperCase();
  if (WESTERN_SINGLE_BYTE.test(best.name)) return 'Windows-1252';
  // A confident guess of another script (Cyrillic, Japanese, ...) is kept; a weak one is most likely Windows-1252.
  return best.confidence >= 50 && iconv.encodingExists(best.name) ? best.name : 'Windows-1252';
}

/** Invalid bytes for the file's encoding; `textBefore` is what decoded fine before them in this chunk. */
export class InvalidBytesError extends Error {
  constructor(
    readonly encoding: EncodingName,
    readonly textBefore: string,
  ) {
    super(`bytes that are not valid ${encoding}`);
  }
}

export interface TextChunkDecoder {
  /** Decodes the next chunk; bytes of a character cut at the end are kept for the next call. */
  write(chunk: Buffer): string;
  /** Whatever is left at the end of the file. */
  end(): string;
}

/** A streaming decoder: strict for UTF-8 / UTF-16 (throws InvalidBytesError), iconv-lite for the others. */
export function createDecoder(encoding: EncodingName): TextChunkDecoder {
  const whatwg = ({ 'UTF-8': 'utf-8', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be' } as Record<string, string>)[encoding];
  if (whatwg) return strictDecoder(encoding, whatwg);
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

function strictDecoder(encoding: EncodingName, label: string): TextChunkDecoder {
  // ignoreBOM: the reader starts after the mark, and a U+FEFF inside the text is data.
  const strict = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  const invalid = (chunk?: Buffer) => {
    const lenient = new TextDecoder(label, { ignoreBOM: true }).decode(chunk ?? new Uint8Array(0));
    const at = lenient.indexOf('\uFFFD');
    return new InvalidBytesError(encoding, at >= 0 ? lenient.slice(0, at) : '');
  };
  return {
    write(chunk) {
      try {
        return strict.decode(chunk, { stream: true });
      } catch {
        throw invalid(chunk);
      }
    },
    end() {
      try {
        return strict.decode();
      } catch {
        throw invalid(); // a character cut off by the end of the file
      }
    },
  };
}

/** Where a file guessed as single-byte shows it is partly UTF-8: the first line of each kind. */
export interface MixedEncoding {
  /** The first line whose bytes are not valid UTF-8. */
  invalidLine: number;
  /** The first line with a valid UTF-8 multi-byte character. */
  utf8Line: number;
}

/**
 * Watches the bytes of a file decoded as a single-byte encoding for valid UTF-8 multi-byte characters
 * beside bytes that are not UTF-8: such a file mixes two encodings, and reading it either way garbles
 * part of it ("JÃ©rÃ´me"). Lines are counted by line-feed bytes (or CR, for files with CR line ends).
 */
export interface EncodingSeen {
  utf8Line: number;
  invalidLine: number;
}

export class MixedEncodingScanner {
  private line: number;
  private invalidLine = 0;
  private utf8Line = 0;
  /** Bytes of a character cut by the end of the last chunk. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly newline: number,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /** The first line with a UTF-8 sequence and the first with a byte that is none (0: not seen). */
  get seen(): EncodingSeen {
    return { utf8Line: this.utf8Line, invalidLine: this.invalidLine };
  }

  /** The mix, once both kinds have been seen (else null). */
  scan(chunk: Buffer): MixedEncoding | null {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    const nl = this.newline;
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i];
      if (b < 0x80) {
        if (b === nl) this.line++;
        i++;
        continue;
      }
      const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (length > 0 && i + length > bytes.length && continuations(bytes, i + 1, bytes.length)) {
        this.carry = Buffer.from(bytes.subarray(i));
        break;
      }
      if (length > 0 && continuations(bytes, i + 1, i + length)) {
        if (this.utf8Line === 0) this.utf8Line = this.line;
        i += length;
      } else {
        if (this.invalidLine === 0) this.invalidLine = this.line;
        i++;
      }
      if (this.utf8Line > 0 && this.invalidLine > 0) return { invalidLine: this.invalidLine, utf8Line: this.utf8Line };
    }
    return null;
  }
}

function continuations(bytes: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if ((bytes[k] & 0xc0) !== 0x80) return false;
  return true;
}
