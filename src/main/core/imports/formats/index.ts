/**
 * The import formats, in the order they are tried on a file: the most particular first; CSV takes any
 * text, so it comes last. Adding a format is its file plus one line here (and its name in IMPORT_FORMATS).
 */
import { IMPORT_FORMATS, type ImportFormat } from '../../../../shared/model';
import { csvFormat } from './csv';
import type { FileProbe, FormatDetails, ImportFormatReader } from './format';
import { ndjsonFormat } from './ndjson';

const FORMATS = [ndjsonFormat, csvFormat] as const;

// Type-level check: every name in IMPORT_FORMATS has its format here (the format's type refuses an unlisted name).
type Missing = Exclude<ImportFormat, (typeof FORMATS)[number]['name']>;
const everyFormatListed: [Missing] extends [never] ? true : Missing = true;
void everyFormatListed;

const BY_NAME = new Map<ImportFormat, ImportFormatReader>(FORMATS.map((format) => [format.name, format]));

/** The reader of a format named in IMPORT_FORMATS. */
export function formatOf(name: ImportFormat): ImportFormatReader {
  const format = BY_NAME.get(name);
  if (!format) throw new Error(`No reader for the import format "${name}"; known: ${IMPORT_FORMATS.join(', ')}.`);
  return format;
}

/** The first format that takes the file, with what it decided of the layout. */
export function detectFormat(probe: FileProbe): FormatDetails & { format: ImportFormat } {
  for (const format of FORMATS) {
    const details = format.detect(probe);
    if (details) return { ...details, format: format.name };
  }
  // Unreachable while CSV takes any text; said plainly should a format list ever lack a catch-all.
  throw new Error(`"${probe.name}" is in none of the import formats (${IMPORT_FORMATS.join(', ')}).`);
}
