/**
 * The streaming import reader: turns a segment export into chunks of records for the store — the
 * customerId (hashed where the connector wants Hashed Email), the params, and upsert or remove — and the
 * rows it cannot import into rejects with their line and reason. Memory stays flat: one read chunk and
 * one chunk of records at a time.
 */
import type {
  ColumnInfo,
  DateOrder,
  IdentifierType,
  ImportEncoding,
  ImportFormat,
  ImportMode,
  ImportProgress,
  MappingHint,
  MappingKind,
  Param,
  ParamType,
} from '../../../shared/model';
import { UserError, saidError } from '../errors';
import { said, type Message } from '../../../shared/messages';
import { identifierNormaliser, parseAction } from './identifiers';
import { findHeader, inspectDetail, listHeaders, type InspectionDetail } from './inspect';
import { HintCounter, prepareValueMaps } from './mapping';
import { jsonValueToText } from './ndjson';
import type { RejectedRow } from './rejects';
import { streamRows, type ByteRange, type FileLayout } from './source';
import { paramConverter, type ColumnFormat } from './values';
import { encodeParam } from '../reconcile/params';
import { ROW_START_A, ROW_START_B, finishRow, foldA, foldB, paramHashA, paramHashB } from '../reconcile/state-hash';

/** One row as the store takes it (structurally the staging's StagedRecord). */
export interface ImportRecord {
  line: number;
  customerId: string;
  params: Param[];
  action: 'upsert' | 'remove';
  /** The params' state hash words (state-hash.ts), folded from per-value cached hashes (CSV upserts). */
  stateHashA?: number;
  stateHashB?: number;
}

export interface ReadOptions {
  identifierType: IdentifierType;
  mode?: ImportMode;
  idColumn?: string;
  columns?: string[];
  types?: Record<string, ParamType>;
  map?: Partial<Record<MappingKind, string>>;
  actionColumn?: string;
  /** The operator's choice of the file's encoding (detected when absent). */
  encoding?: ImportEncoding;
  /** The operator's choice of the file's format (detected when absent). */
  format?: ImportFormat;
  /** Per mapped column: source value → Deployteq value, or null to reject the row. */
  valueMaps?: Record<string, Record<string, string | null>>;
  /** The date order for columns whose values do not decide it. */
  dateOrder?: DateOrder;
  /** Records per chunk handed to the store (default 2048: a smaller chunk keeps the heap of a big import lower). */
  chunkSize?: number;
}

export interface ReadHooks {
  onProgress?: (progress: ImportProgress) => void;
  onReject?: (row: RejectedRow) => void;
  signal?: AbortSignal;
}

/** A reader's counts of its part of the file, passed between threads. */
export interface ReadCounts {
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Per hint counter: each value seen and how many times. */
  hints: Array<Array<[string, number]>>;
}

/** What the reader found, filled in as it reads; final once the records are all read. */
export interface ReadSummary {
  file: string;
  format: ImportFormat;
  encoding: string;
  delimiter: string | null;
  headers: string[];
  idColumn: string;
  mode: ImportMode;
  actionColumn: string | null;
  columns: ColumnInfo[];
  warnings: string[];
  warningMessages?: Message[];
  rowsRead: number;
  accepted: number;
  rejected: number;
  hints: MappingHint[];
  bytesRead: number;
  totalBytes: number;
}

export class ImportCancelledError extends UserError {
  constructor() {
    super('Import cancelled');
    this.name = 'ImportCancelledError';
  }
}

/** The file has rows, but none could be imported: refused whole (the rejects say why). */
export class NoValidRowsError extends UserError {}

const PROGRESS_INTERVAL_MS = 100;
const DEFAULT_CHUNK = 2048;

interface ParamColumn {
  index: number;
  name: string;
  /** The param, or null to leave it out for this customer, or the reason to reject the row. */
  convert: (raw: string) => EncodedParam | null | string;
}

/** A cell's param and the state hash words of its JSON text (encodeParam), made together so repeated values share them. */
interface EncodedParam {
  param: Param;
  hashA: number;
  hashB: number;
}

/** Inspects the start of the file and settles how every row will be read; refuses bad options before any reading. */
export async function openImport(file: string, options: ReadOptions): Promise<ImportReader> {
  const detail = await inspectDetail(file, {
    identifierType: options.identifierType,
    idColumn: options.idColumn,
    mode: options.mode,
    actionColumn: options.actionColumn,
    encoding: options.encoding,
    format: options.format,
    dateOrder: options.dateOrder,
  });
  return new ImportReader(detail, options);
}

/** Convenience: the records of a file, chunk by chunk; the generator's return value is the summary. */
export async function* readRecords(file: string, options: ReadOptions, hooks: ReadHooks = {}): AsyncGenerator<ImportRecord[], ReadSummary> {
  const reader = await openImport(file, options);
  yield* reader.records(hooks);
  return reader.summary;
}

export class ImportReader {
  readonly summary: ReadSummary;
  readonly layout: FileLayout;
  private readonly idIndex: number;
  private readonly actionIndex: number;
  private readonly params: ParamColumn[];
  private readonly counters: HintCounter[];
  private readonly knownKeys: Set<string>;
  private readonly extraKeysAllowed: boolean;

  constructor(
    private readonly detail: InspectionDetail,
    private readonly options: ReadOptions,
  ) {
    const { inspection, layout } = detail;
    const headers = inspection.headers;
    this.layout = layout;
    if (inspection.idColumn === null) {
      const code = options.identifierType === 'hashed-email' ? 'noEmailColumn' : 'noCustomerIdColumn';
      throw saidError(code, { file: layout.name, columns: listHeaders(headers) }, 'invalid-input');
    }
    const mode = inspection.mode;
    if (mode === 'delta' && inspection.actionColumn === null) {
      throw saidError('noActionColumn', { file: layout.name, columns: listHeaders(headers) }, 'invalid-input');
    }
    this.idIndex = headers.indexOf(inspection.idColumn);
    this.actionIndex = mode === 'delta' ? headers.indexOf(inspection.actionColumn!) : -1;
    const plan = this.planColumns();
    this.params = plan.params;
    this.counters = plan.counters;
    this.knownKeys = new Set(headers);
    this.extraKeysAllowed = options.columns === undefined;
    this.summary = {
      file: inspection.file,
      format: inspection.format,
      encoding: inspection.encoding,
      delimiter: inspection.delimiter,
      headers,
      idColumn: inspection.idColumn,
      mode,
      actionColumn: mode === 'delta' ? inspection.actionColumn : null,
      columns: plan.columns,
      warnings: inspection.warnings,
      warningMessages: inspection.warningMessages,
      rowsRead: 0,
      accepted: 0,
      rejected: 0,
      hints: this.counters.map((c) => c.hint()),
      bytesRead: 0,
      totalBytes: layout.totalBytes,
    };
  }

  /** Which columns become params, with which type and which mapping; every named column must exist. */
  private planColumns() {
    const { inspection, layout, types, kinds } = this.detail;
    const headers = inspection.headers;
    const header = (name: string, what: string) => findHeader(layout, headers, name, what);
    const picked = this.options.columns ? new Set(this.options.columns.map((c) => header(c, 'columns to import'))) : null;
    const typeOf = new Map<string, ParamType>();
    for (const [name, type] of Object.entries(this.options.types ?? {})) typeOf.set(header(name, 'type override'), type);
    const mappedAs = new Map<string, MappingKind>();
    for (const [kind, name] of Object.entries(this.options.map ?? {}) as Array<[MappingKind, string]>) {
      if (name !== undefined) mappedAs.set(header(name, `${kind} mapping`), kind);
    }
    const valueMaps = prepareValueMaps(this.options.valueMaps, (named) => {
      const column = header(named, 'value map');
      return { column, kind: mappedAs.get(column) };
    });
    const columns: ColumnInfo[] = [];
    const params: ParamColumn[] = [];
    const counters: HintCounter[] = [];
    headers.forEach((name, index) => {
      const detected = inspection.columns[index].role;
      const isParam = detected !== 'identifier' && detected !== 'action' && (picked ? picked.has(name) : detected === 'param');
      const role = isParam ? 'param' : detected === 'param' ? 'ignored' : detected;
      const mapped = mappedAs.get(name);
      if (mapped && !isParam) {
        throw saidError('mappedNotImported', { file: layout.name, column: name, kind: mapped }, 'invalid-input');
      }
      const type: ParamType = mapped ? 'string' : (typeOf.get(name) ?? types[index]);
      columns.push({ name, type, role });
      if (!isParam) return;
      const kind = mapped ?? kinds[index];
      const counter = kind ? new HintCounter(name, kind, mapped !== undefined, valueMaps.get(name)) : null;
      if (counter) counters.push(counter);
      params.push({ index, name, convert: converter(name, type, counter, this.detail.formats[index], this.options.dateOrder) });
    });
    return { columns, params, counters };
  }

  /**
   * Reads the whole file; yields chunks of records; throws for a file with no valid row. With a `range`,
   * only that part of the file (read-thread.ts), and the caller, once every part is read, adds the other
   * parts' counts (`addCounts`) and calls `finish`.
   */
  async *records(hooks: ReadHooks = {}, range?: ByteRange): AsyncGenerator<ImportRecord[]> {
    const chunkSize = this.options.chunkSize ?? DEFAULT_CHUNK;
    const summary = this.summary;
    const { signal } = hooks;
    let batch: ImportRecord[] = [];
    const take = (record: ImportRecord) => {
      batch.push(record);
      summary.accepted++;
    };
    const reject = (line: number, reason: string, fields: string[], customerId?: string) => {
      summary.rejected++;
      hooks.onReject?.(customerId === undefined ? { line, reason, fields } : { line, reason, fields, customerId });
    };
    const sink = this.sink(take, reject);
    let lastReport = 0;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!hooks.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
      lastReport = now;
      hooks.onProgress({ rowsRead: summary.rowsRead, bytesRead: summary.bytesRead, totalBytes: summary.totalBytes });
    };
    if (signal?.aborted) throw new ImportCancelledError();
    for await (const bytesRead of streamRows(this.layout, sink, undefined, range)) {
      summary.bytesRead = bytesRead;
      if (signal?.aborted) throw new ImportCancelledError();
      report(false);
      if (batch.length >= chunkSize) {
        yield batch;
        batch = [];
        if (signal?.aborted) throw new ImportCancelledError();
      }
    }
    if (batch.length > 0) yield batch;
    report(true);
    if (!range) this.finish();
  }

  /** What this reader counted (of its part of the file): rows, and each hint's values. */
  counts(): ReadCounts {
    const { rowsRead, accepted, rejected } = this.summary;
    return { rowsRead, accepted, rejected, hints: this.counters.map((c) => c.counts()) };
  }

  /** Adds what a reader of another part of the file counted. */
  addCounts(counts: ReadCounts): void {
    this.summary.rowsRead += counts.rowsRead;
    this.summary.accepted += counts.accepted;
    this.summary.rejected += counts.rejected;
    counts.hints.forEach((values, i) => this.counters[i].addCounts(values));
  }

  /** Once every row is read: the hints, and the refusal of a file without a valid row. */
  finish(): void {
    this.summary.hints = this.counters.map((c) => c.hint());
    this.refuseEmpty();
  }

  private refuseEmpty(): void {
    const { rowsRead, accepted, rejected } = this.summary;
    if (rowsRead === 0) {
      throw saidError('noDataRows', { file: this.layout.name });
    }
    if (accepted === 0) {
      const { text, message } = said('noValidRows', { file: this.layout.name, count: rejected });
      throw new NoValidRowsError(text, 'failed', undefined, undefined, message);
    }
  }

  /** The per-row work, kept free of avoidable allocations: it runs a million times. */
  private sink(take: (record: ImportRecord) => void, reject: (line: number, reason: string, fields: string[], customerId?: string) => void) {
    const summary = this.summary;
    const { idIndex, actionIndex, params } = this;
    const headerLine = this.detail.headerLine;
    const layout = this.layout;
    const width = summary.headers.length;
    const normalise = identifierNormaliser(this.options.identifierType);
    const paramCount = params.length;
    const idName = summary.idColumn;
    const actionName = summary.actionColumn;
    const knownKeys = this.knownKeys;
    const extraKeysAllowed = this.extraKeysAllowed;

    const actionOf = (raw: string, line: number, fields: string[], customerId: string) => {
      const action = parseAction(raw);
      if (action === null) {
        const reason = raw.trim() === '' ? 'empty action' : `unknown action ${JSON.stringify(raw.trim())} (expected add, update, remove, enter or exit)`;
        reject(line, reason, fields, customerId);
      }
      return action;
    };
    /** The customer of a rejected row, when its identifier can still be read (that member is then kept as is). */
    const readableId = (raw: string | undefined) => {
      if (raw === undefined) return undefined;
      const id = normalise(raw);
      return 'id' in id ? id.id : undefined;
    };

    return {
      record(fields: string[], line: number, unterminated?: boolean) {
        if (line <= headerLine) return;
        const rawId = fields[idIndex] ?? '';
        if (fields.length === 1 && fields[0] === '') return; // blank line
        if (rawId.trim() === '' && fields.every((f) => f.trim() === '')) return; // a row of only delimiters
        summary.rowsRead++;
        if (fields.length !== width) {
          if (unterminated) throw saidError('fileCutOff', { file: layout.name, line, fields: fields.length, width });
          reject(line, `has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${width}`, fields, readableId(fields[idIndex]));
          return;
        }
        const id = normalise(rawId);
        if ('reason' in id) return reject(line, id.reason, fields);
        let action: 'upsert' | 'remove' | null = 'upsert';
        if (actionIndex >= 0 && (action = actionOf(fields[actionIndex], line, fields, id.id)) === null) return;
        if (action === 'remove') return take({ line, customerId: id.id, params: [], action });
        const out: Param[] = [];
        let hashA = ROW_START_A;
        let hashB = ROW_START_B;
        // Every cell is seen, even past a rejecting one, so the hints list every value to map at once.
        let rejection: string | null = null;
        for (let k = 0; k < paramCount; k++) {
          const encoded = params[k].convert(fields[params[k].index]);
          if (encoded === null) continue;
          if (typeof encoded === 'string') {
            rejection ??= encoded;
            continue;
          }
          hashA = foldA(hashA, encoded.hashA);
          hashB = foldB(hashB, encoded.hashB);
          out.push(encoded.param);
        }
        if (rejection !== null) return reject(line, rejection, fields);
        const stateHashA = finishRow(hashA, out.length);
        const stateHashB = finishRow(hashB, out.length);
        take({ line, customerId: id.id, params: out, action, stateHashA, stateHashB });
      },
      object(value: Record<string, unknown>, line: number) {
        summary.rowsRead++;
        const raw = () => [JSON.stringify(value)];
        const id = normalise(jsonValueToText(value[idName]));
        if ('reason' in id) return reject(line, id.reason, raw());
        let action: 'upsert' | 'remove' | null = 'upsert';
        if (actionName !== null && (action = actionOf(jsonValueToText(value[actionName]), line, raw(), id.id)) === null) return;
        const out: Param[] = [];
        if (action !== 'remove') {
          let rejection: string | null = null;
          for (const param of params) {
            if (!(param.name in value)) continue;
            const encoded = param.convert(jsonValueToText(value[param.name]));
            if (typeof encoded === 'string') rejection ??= encoded;
            else if (encoded !== null) out.push(encoded.param);
          }
          if (rejection !== null) return reject(line, rejection, raw());
          if (extraKeysAllowed) {
            for (const key of Object.keys(value)) {
              if (!knownKeys.has(key)) out.push({ name: key, type: 'string', value: jsonValueToText(value[key]).trim() });
            }
          }
        }
        take({ line, customerId: id.id, params: out, action });
      },
      bad(line: number, reason: string, text: string) {
        summary.rowsRead++;
        reject(line, reason, [text]);
      },
    };
  }
}

/**
 * The cell → param function of a column: mapped to Deployteq's values (or left out, or the row rejected),
 * counted for its hint, or converted by type and the column's format.
 */
function converter(name: string, type: ParamType, counter: HintCounter | null, format: ColumnFormat, dateOrder: DateOrder | undefined): ParamColumn['convert'] {
  if (counter?.applied) {
    const mappedParam = cached((value: string) => ({ name, type: 'string', value }));
    return (raw) => {
      const cell = counter.see(raw);
      return 'send' in cell ? mappedParam(cell.send) : 'reject' in cell ? cell.reject : null;
    };
  }
  const convert = cached(paramConverter(name, type, format, dateOrder));
  if (counter) {
    return (raw) => {
      counter.see(raw);
      return convert(raw);
    };
  }
  return convert;
}

const MAX_CACHED_VALUES = 4096;
const CACHE_TRIAL_LOOKUPS = 20_000;

function encoded(param: Param): EncodedParam {
  const json = encodeParam(param);
  return { param, hashA: paramHashA(json), hashB: paramHashB(json) };
}

/**
 * Most columns repeat a few values (cities, dates, opt-ins, scores): the converted param of a value, and
 * its JSON text, are made once and shared by every record that has it, which spares a million-row import
 * millions of objects and strings to make and collect. Params are never changed after they are made. A
 * column of mostly unique values (names) gains nothing from it, so after a trial the cache is dropped when
 * it rarely hits.
 */
function cached(convert: (raw: string) => Param): (raw: string) => EncodedParam {
  let cache: Map<string, EncodedParam> | null = new Map();
  let lookups = 0;
  let hits = 0;
  return (raw) => {
    if (cache === null) return encoded(convert(raw));
    let param = cache.get(raw);
    if (param !== undefined) {
      hits++;
    } else {
      param = encoded(convert(raw));
      if (cache.size < MAX_CACHED_VALUES) cache.set(raw, param);
    }
    if (++lookups === CACHE_TRIAL_LOOKUPS && hits < lookups / 2) cache = null;
    return param;
  };
}
