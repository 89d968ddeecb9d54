/**
 * The import formats, in the order they are tried on a file: the most particular first; CSV takes any
 * text, so it comes last. Adding a format is its file plus one line here (and its name in IMPORT_FORMATS).
 */
import { IMPORT_FORMATS, importFormatLabel, type ImportFormat } from '../../../../shared/model';
import { saidError } from '../../errors';
import { csvFormat } from './csv';
import type { FileProbe, FormatDetails, ImportFormatReader } from './format';
import { ndjsonFormat } from './ndjson';

const FORMATS = [ndjsonFormat, csvFormat] as const;

/** `true` when the readers cover every name in IMPORT_FORMATS, else the names left out (so `= true` does not compile). */
export type CoversEveryFormat<Readers extends readonly ImportFormatReader[]> = [Exclude<ImportFormat, Readers[number]['name']>] extends [never]
  ? true
  : Exclude<ImportFormat, Readers[number]['name']>;

// The compile-time check: a name listed in IMPORT_FORMATS without its reader here is a type error on this line.
const everyFormatHasAReader: CoversEveryFormat<typeof FORMATS> = true;
void everyFormatHasAReader;

const BY_NAME = new Map<ImportFormat, ImportFormatReader>(FORMATS.map((format) => [format.name, format]));

/** The reader of a format named in IMPORT_FORMATS. */
export function formatOf(name: ImportFormat): ImportFormatReader {
  const format = BY_NAME.get(name);
  if (!format) throw new Error(`No reader for the import format "${name}"; known: ${IMPORT_FORMATS.join(', ')}.`);
  return format;
}

/**
 * The first format that takes the file, with what it decided of the layout; or the operator's `chosen`
 * format, when the file reads as it (else refused: nothing is read in a format it is not).
 */
export function detectFormat(probe: FileProbe, chosen?: ImportFormat): FormatDetails & { format: ImportFormat } {
  for (const format of chosen ? [formatOf(chosen)] : FORMATS) {
    const details = format.detect(probe);
    if (details) return { ...details, format: format.name };
  }
  if (chosen) throw saidError('formatMismatch', { file: probe.name, format: importFormatLabel(chosen) });
  // Unreachable while CSV takes any text; said plainly should the list ever lack a format that does.
  throw new Error(`"${probe.name}" is in none of the import formats (${IMPORT_FORMATS.join(', ')}).`);
}
