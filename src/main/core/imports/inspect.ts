/**
 * What the import screen shows before anything is stored: the start of the file as parsed, the detected
 * identifier and action columns, each column's inferred type and role, and the mapping hints.
 */
import type { ColumnInfo, DateOrder, IdentifierType, ImportEncoding, ImportFormat, ImportInspection, ImportMode, MappingKind, ParamType } from '../../../shared/model';
import { saidError } from '../errors';
import { said, type Message } from '../../../shared/messages';
import { detectActionColumn, detectIdColumn, parseAction } from './identifiers';
import { detectKind, HintCounter } from './mapping';
import { formatOf } from './formats';
import { detectLayout, streamRows, type FileLayout } from './source';
import { columnFormat, inferType, toIsoDate, type ColumnFormat } from './values';

export { INFERENCE_ROWS } from './formats/format';
export { cleanHeaders } from './formats/csv';
export const SAMPLE_ROWS_SHOWN = 20;

export interface InspectOptions {
  identifierType?: IdentifierType;
  idColumn?: string;
  mode?: ImportMode;
  actionColumn?: string;
  /** The operator's choice of the file's encoding (detected when absent). */
  encoding?: ImportEncoding;
  /** The operator's choice of the file's format (detected when absent). */
  format?: ImportFormat;
  /** The operator's date order for columns whose values do not decide it (no warning then). */
  dateOrder?: DateOrder;
}

/** The inspection plus what the reader needs to convert the whole file the same way. */
export interface InspectionDetail {
  inspection: ImportInspection;
  layout: FileLayout;
  /** Inferred type per header. */
  types: ParamType[];
  /** How each column writes numbers and dates, judged from the sample. */
  formats: ColumnFormat[];
  /** Detected mapping kind per header (null: none). */
  kinds: Array<MappingKind | null>;
  /** The header's line (0: the format has no header row), so the reader knows which record to skip. */
  headerLine: number;
  /** Whether the sample found any data row at all. */
  sampledRows: number;
}

export async function inspectFile(file: string, options: InspectOptions = {}): Promise<ImportInspection> {
  return (await inspectDetail(file, options)).inspection;
}

export async function inspectDetail(file: string, options: InspectOptions = {}): Promise<InspectionDetail> {
  const layout = await detectLayout(file, options.encoding, options.format);
  const sample = await formatOf(layout.format).sample(layout, (sink) => streamRows(layout, sink));
  const { headers, rows } = sample;
  const idColumn = options.idColumn !== undefined ? findHeader(layout, headers, options.idColumn, 'identifier column') : detectIdColumn(headers, options.identifierType);
  const values = (index: number) => rows.map((row) => row[index] ?? '');
  const candidate =
    options.actionColumn !== undefined
      ? findHeader(layout, headers, options.actionColumn, 'action column')
      : detectActionColumn(headers.filter((h) => h !== idColumn));
  const holdsActions = candidate !== null && (options.actionColumn !== undefined || looksLikeActions(values(headers.indexOf(candidate))));
  const mode: ImportMode = options.mode ?? (holdsActions ? 'delta' : 'snapshot');
  // Only a delta file has an action column: in a snapshot, a column named "status" is just a variable.
  const actionColumn = mode === 'delta' ? candidate : null;
  const formats = headers.map((_, index) => columnFormat(values(index)));
  const types = headers.map((_, index) => inferType(values(index), formats[index]));
  const columns: ColumnInfo[] = headers.map((name, index) => ({ name, type: types[index], role: roleOf(name, idColumn, actionColumn) }));
  const kinds = headers.map((name, index) => (columns[index].role === 'param' ? detectKind(name, values(index)) : null));
  // Rows of the wrong width (a report's summary lines) are rejected by the import: they count for no hint.
  const wholeRows = rows.filter((row) => row.length === headers.length);
  const hints = kinds.flatMap((kind, index) => {
    if (kind === null) return [];
    const counter = new HintCounter(headers[index], kind, false);
    for (const row of wholeRows) counter.see(row[index]);
    return [counter.hint()];
  });
  const inspection: ImportInspection = {
    file,
    format: layout.format,
    encoding: layout.bomLength > 0 ? `${layout.encoding} with BOM` : layout.encoding,
    delimiter: layout.delimiter,
    headers,
    sampleRows: rows.slice(0, SAMPLE_ROWS_SHOWN),
    idColumn,
    actionColumn,
    columns,
    hints,
    mode,
    ambiguousDateColumns: columns.filter((column, index) => ambiguousDateWarning(column, formats[index]).length > 0).map((c) => c.name),
    ...warningsOf([
      ...(mode === 'snapshot' && holdsActions ? [snapshotOfDeltaWarning(candidate!)] : []),
      ...(options.dateOrder ? [] : columns.flatMap((column, index) => ambiguousDateWarning(column, formats[index]))),
    ]),
  };
  return { inspection, layout, types, formats, kinds, headerLine: sample.headerLine, sampledRows: rows.length };
}

/** The verbs of a change list; "new" or "modified" alone may be a lead status in a snapshot. */
const CHANGE_VERBS = new Set(['add', 'update', 'remove', 'enter', 'exit']);

/** A column of add / update / remove…: every non-empty sampled value is an action, and one is a change verb. */
function looksLikeActions(values: string[]): boolean {
  const present = values.map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  return present.some((v) => CHANGE_VERBS.has(v)) && present.every((v) => parseAction(v) !== null);
}

/** The warnings as the engine's English sentences, and as messages for the screens (in the same order). */
const warningsOf = (warned: Array<{ text: string; message: Message }>) => ({ warnings: warned.map((w) => w.text), warningMessages: warned.map((w) => w.message) });

const snapshotOfDeltaWarning = (column: string) => said('snapshotOfDelta', { column });

function ambiguousDateWarning(column: ColumnInfo, format: ColumnFormat): Array<{ text: string; message: Message }> {
  if (column.role !== 'param' || column.type !== 'date' || format.ambiguousDate === null) return [];
  const example = format.ambiguousDate;
  const date = example.split(/[ T]/)[0];
  return [said('ambiguousDates', { column: column.name, example, dayFirst: toIsoDate(date, 'dmy') ?? example, monthFirst: toIsoDate(date, 'mdy') ?? example })];
}

/** A column without a header name cannot be a Deployteq variable: it is left out unless picked. */
const UNNAMED = /^column \d+$/;

function roleOf(name: string, idColumn: string | null, actionColumn: string | null): ColumnInfo['role'] {
  if (name === idColumn) return 'identifier';
  if (name === actionColumn) return 'action';
  return UNNAMED.test(name) ? 'ignored' : 'param';
}

/** A header named by the operator: exact first, then ignoring case; an unknown name lists the headers. */
export function findHeader(layout: Pick<FileLayout, 'name'>, headers: string[], wanted: string, what: string): string {
  const exact = headers.find((h) => h === wanted);
  if (exact !== undefined) return exact;
  const folded = headers.find((h) => h.toLowerCase() === wanted.trim().toLowerCase());
  if (folded !== undefined) return folded;
  throw saidError('noSuchColumn', { file: layout.name, wanted, what, columns: listHeaders(headers) }, 'invalid-input');
}

export const listHeaders = (headers: string[]) => headers.map((h) => `"${h}"`).join(', ');
