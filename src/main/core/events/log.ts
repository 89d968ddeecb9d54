import type { Db } from '../db/open';
import type { BatchEventView, StatusCounts } from '../../../shared/model';
import type { EngineEvent } from '../../../shared/api';
import { redact } from '../delivery/redact';
import { sql } from '../db/sql';
import { parseLogQuery, type LogQuery } from './log-query';
import { severityOf, type Said } from '../delivery/outcome';

/**
 * The attempt log: every request made (and every halt, pause, resume or deferral), kept in `events` and
 * pushed live as EngineEvent { type: 'batch' }. Whatever is written passes through redaction first: the
 * token never reaches the log.
 */
export type EventKind = 'attempt' | 'connector' | 'budget';
export type EventOutcome = 'delivered' | 'failed' | 'retrying' | 'halted' | 'paused' | 'abandoned' | 'deferred' | 'resumed' | 'released';

export interface NewEvent {
  at: number;
  connectorId: number | null;
  connectorName: string;
  batchUuid?: string | null;
  kind: EventKind;
  outcome: EventOutcome;
  httpStatus?: number | null;
  meaning: string;
  latencyMs?: number | null;
  customers?: number;
  counts?: Record<string, Partial<StatusCounts>>;
  responseSnippet?: string | null;
  nextRetryAt?: number | null;
  /** The meaning as a code and values (see delivery/outcome.ts), when the screens can word it themselves. */
  said?: Said | null;
}

export const SNIPPET_LENGTH = 500;

interface EventRow {
  id: number;
  at: number;
  connector_id: number | null;
  connector_name: string;
  batch_uuid: string | null;
  kind: string;
  outcome: string;
  http_status: number | null;
  meaning: string;
  latency_ms: number | null;
  customers: number;
  counts: string;
  response_snippet: string | null;
  next_retry_at: number | null;
  meaning_code: string | null;
  meaning_values: string | null;
}

const toView = (row: EventRow): BatchEventView => ({
  id: row.id,
  at: row.at,
  connectorId: row.connector_id,
  connectorName: row.connector_name,
  batchUuid: row.batch_uuid,
  kind: row.kind,
  outcome: row.outcome,
  httpStatus: row.http_status,
  meaning: row.meaning,
  latencyMs: row.latency_ms,
  customers: row.customers,
  counts: JSON.parse(row.counts) as BatchEventView['counts'],
  responseSnippet: row.response_snippet,
  nextRetryAt: row.next_retry_at,
  meaningCode: row.meaning_code,
  meaningValues: row.meaning_values === null ? null : (JSON.parse(row.meaning_values) as Said['values']),
  severity: severityOf(row.outcome),
});

/** A response body cut down for the log: whitespace collapsed, at most 500 characters, token redacted. */
export function snippetOf(body: string | null | undefined, token?: string | null): string | null {
  if (body === null || body === undefined || body === '') return null;
  const flat = redact(body, token).replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1)}…` : flat;
}

export function recordEvent(db: Db, event: NewEvent, emit?: (e: EngineEvent) => void, token?: string | null): BatchEventView {
  const row = {
    at: event.at,
    connector_id: event.connectorId,
    connector_name: event.connectorName,
    batch_uuid: event.batchUuid ?? null,
    kind: event.kind,
    outcome: event.outcome,
    http_status: event.httpStatus ?? null,
    meaning: redact(event.meaning, token),
    latency_ms: event.latencyMs ?? null,
    customers: event.customers ?? 0,
    counts: JSON.stringify(event.counts ?? {}),
    response_snippet: snippetOf(event.responseSnippet, token),
    next_retry_at: event.nextRetryAt ?? null,
    meaning_code: event.said?.code ?? null,
    meaning_values: event.said ? JSON.stringify(event.said.values) : null,
  };
  const id = Number(
    sql(
        db,
        `INSERT INTO events (at, connector_id, connector_name, batch_uuid, kind, outcome, http_status, meaning, latency_ms,
           customers, counts, response_snippet, next_retry_at, meaning_code, meaning_values)
         VALUES (@at, @connector_id, @connector_name, @batch_uuid, @kind, @outcome, @http_status, @meaning, @latency_ms,
           @customers, @counts, @response_snippet, @next_retry_at, @meaning_code, @meaning_values)`,
      )
      .run(row).lastInsertRowid,
  );
  const view = toView({ id, ...row });
  emit?.({ type: 'batch', event: view });
  return view;
}

export interface EventFilter {
  limit?: number;
  /** Only events older than this id (for paging back). */
  beforeId?: number;
  /** Only events newer than this id (for following). */
  afterId?: number;
  connectorId?: number;
  /** Log search: a batch uuid, customer (email or id), HTTP status or text (see log-query.ts). */
  query?: string;
}

/** The ids of the events a search matches, one indexed lookup per reading of the query, combined. */
function searchedIds(search: LogQuery): { sql: string; args: Array<string | number> } {
  const parts: string[] = [];
  const args: Array<string | number> = [];
  if (search.batchUuid) {
    parts.push('SELECT id FROM events WHERE batch_uuid = ?');
    args.push(search.batchUuid);
  }
  if (search.httpStatus !== null) {
    parts.push('SELECT id FROM events WHERE http_status = ?');
    args.push(search.httpStatus);
  }
  if (search.customerIds.length > 0) {
    parts.push(
      `SELECT e.id FROM events e WHERE e.batch_uuid IN (SELECT b.uuid FROM batch_items i JOIN batches b ON b.id = i.batch_id
         WHERE i.customer_id IN (${search.customerIds.map(() => '?').join(', ')}))`,
    );
    args.push(...search.customerIds);
  }
  if (search.textPhrase) {
    parts.push('SELECT rowid FROM events_text WHERE events_text MATCH ?');
    args.push(search.textPhrase);
  }
  return { sql: parts.length ? parts.join(' UNION ') : 'SELECT NULL WHERE 0', args };
}

/** The newest events first (or, with afterId, the ones after it, oldest first, for a follower). */
export function listEvents(db: Db, filter: EventFilter = {}): BatchEventView[] {
  const { query, args } = eventsQuery(filter);
  return (sql(db, query).all(...args) as EventRow[]).map(toView);
}

/** The SELECT behind listEvents (exported for the test that shows its query plan). */
export function eventsQuery(filter: EventFilter): { query: string; args: Array<string | number> } {
  const where: string[] = [];
  const args: Array<string | number> = [];
  const add = (condition: string, value: number | undefined) => {
    if (value === undefined) return;
    where.push(condition);
    args.push(value);
  };
  add('connector_id = ?', filter.connectorId);
  add('id < ?', filter.beforeId);
  add('id > ?', filter.afterId);
  if (filter.query !== undefined && filter.query.trim() !== '') {
    const search = searchedIds(parseLogQuery(filter.query));
    where.push(`id IN (${search.sql})`);
    args.push(...search.args);
  }
  const order = filter.afterId !== undefined ? 'ASC' : 'DESC';
  args.push(filter.limit ?? 200);
  return { query: `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} LIMIT ?`, args };
}
