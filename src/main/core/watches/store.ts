/** The watches and the files they handled, in SQLite (migration 006). */
import type { Db } from '../db/open';
import { watchImportOptionsSchema, type WatchFileView, type WatchResult, type WatchView } from '../../../shared/model';
import { sql } from '../db/sql';
import { messageSchema, type Message } from '../../../shared/messages';

export interface WatchRow {
  id: number;
  segmentId: number;
  connectorId: number;
  connector: string;
  segment: string;
  path: string;
  kind: 'folder' | 'file';
  pattern: string | null;
  options: string;
  createdAt: number;
}

export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

const WATCH_COLUMNS = `w.id, w.segment_id AS segmentId, s.connector_id AS connectorId, c.name AS connector, s.name AS segment,
  w.path, w.kind, w.pattern, w.options, w.created_at AS createdAt
  FROM watches w JOIN segments s ON s.id = w.segment_id JOIN connectors c ON c.id = s.connector_id`;

export function watchRows(db: Db): WatchRow[] {
  return sql(db, `SELECT ${WATCH_COLUMNS} ORDER BY c.name, s.name`).all() as WatchRow[];
}

export function watchRow(db: Db, id: number): WatchRow | undefined {
  return sql(db, `SELECT ${WATCH_COLUMNS} WHERE w.id = ?`).get(id) as WatchRow | undefined;
}

export function watchOfSegment(db: Db, segmentId: number): WatchRow | undefined {
  return sql(db, `SELECT ${WATCH_COLUMNS} WHERE w.segment_id = ?`).get(segmentId) as WatchRow | undefined;
}

export function insertWatch(db: Db, watch: Pick<WatchRow, 'segmentId' | 'path' | 'kind' | 'pattern' | 'options' | 'createdAt'>): number {
  return Number(
    sql(db, 'INSERT INTO watches (segment_id, path, kind, pattern, options, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(watch.segmentId, watch.path, watch.kind, watch.pattern, watch.options, watch.createdAt).lastInsertRowid,
  );
}

export function deleteWatch(db: Db, id: number): boolean {
  return sql(db, 'DELETE FROM watches WHERE id = ?').run(id).changes > 0;
}

/** How a file was last handled by a watch, if ever. */
export function fileRecord(db: Db, watchId: number, path: string): (FileFacts & { result: WatchResult }) | undefined {
  return sql(db, 'SELECT path, size, mtime_ms AS mtimeMs, sha256, result FROM watch_files WHERE watch_id = ? AND path = ?')
    .get(watchId, path) as (FileFacts & { result: WatchResult }) | undefined;
}

/** What came of a file: its English sentence, and the same as a message for the screens (null: none, the text serves). */
export interface WatchMessage {
  text: string;
  message: Message | null;
}

export function recordFile(db: Db, watchId: number, file: FileFacts, result: WatchResult, told: WatchMessage, at: number): void {
  sql(
    db,
    `INSERT INTO watch_files (watch_id, path, size, mtime_ms, sha256, result, message, message_code, message_values, handled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (watch_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256,
       result = excluded.result, message = excluded.message, message_code = excluded.message_code, message_values = excluded.message_values,
       handled_at = excluded.handled_at`,
  ).run(watchId, file.path, file.size, Math.trunc(file.mtimeMs), file.sha256, result, told.text, told.message?.code ?? null, told.message ? JSON.stringify(told.message.params) : null, at);
}

/** Notes a file's new size and mtime when its content is what was handled already (touched or copied over unchanged). */
export function refreshFileFacts(db: Db, watchId: number, file: FileFacts): void {
  sql(db, 'UPDATE watch_files SET size = ?, mtime_ms = ? WHERE watch_id = ? AND path = ?').run(file.size, Math.trunc(file.mtimeMs), watchId, file.path);
}

function lastFile(db: Db, watchId: number): WatchFileView | null {
  const row = sql(
    db,
    `SELECT path, size, mtime_ms AS mtimeMs, result, message, message_code AS code, message_values AS vals, handled_at AS handledAt FROM watch_files
     WHERE watch_id = ? AND result <> 'existing' ORDER BY handled_at DESC LIMIT 1`,
  ).get(watchId) as (Omit<WatchFileView, 'sentence'> & { code: string | null; vals: string | null }) | undefined;
  if (!row) return null;
  const { code, vals, ...file } = row;
  return { ...file, sentence: sentenceOf(code, vals) };
}

/** A stored message (migration 012), or null for a row from before it, or values that do not parse: the text serves. */
function sentenceOf(code: string | null, values: string | null): Message | null {
  if (code === null) return null;
  const parsed = messageSchema.safeParse({ code, params: values === null ? {} : safeJson(values) });
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function watchView(db: Db, row: WatchRow): WatchView {
  return {
    id: row.id,
    connector: row.connector,
    segment: row.segment,
    path: row.path,
    kind: row.kind,
    pattern: row.pattern,
    options: watchImportOptionsSchema.parse(JSON.parse(row.options)),
    createdAt: row.createdAt,
    last: lastFile(db, row.id),
  };
}
