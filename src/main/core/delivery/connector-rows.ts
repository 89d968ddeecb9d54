import type { Db } from '../db/open';
import type { ConnectorState } from '../../../shared/model';
import { notFound } from '../errors';
import type { DeliveryConnector } from './types';
import { sql } from '../db/sql';

interface ConnectorRow {
  id: number;
  name: string;
  endpoint: string;
  identifier_type: DeliveryConnector['identifierType'];
  batch_size: number;
  flush_interval_minutes: number;
  cron: string | null;
  daily_limit: number;
  auth_mode: DeliveryConnector['authMode'];
  timeout_ms: number;
  state: ConnectorState;
  state_reason: string | null;
  paused_until: number | null;
  last_flush_at: number | null;
  created_at: number;
}

const COLUMNS = `id, name, endpoint, identifier_type, batch_size, flush_interval_minutes, cron, daily_limit, auth_mode,
  timeout_ms, state, state_reason, paused_until, last_flush_at, created_at`;

const toConnector = (row: ConnectorRow): DeliveryConnector => ({
  id: row.id,
  name: row.name,
  endpoint: row.endpoint,
  identifierType: row.identifier_type,
  batchSize: row.batch_size,
  flushIntervalMinutes: row.flush_interval_minutes,
  cron: row.cron,
  dailyLimit: row.daily_limit,
  authMode: row.auth_mode,
  timeoutMs: row.timeout_ms,
  state: row.state,
  stateReason: row.state_reason,
  pausedUntil: row.paused_until,
  lastFlushAt: row.last_flush_at,
  createdAt: row.created_at,
});

/** Reads a connector by id or name straight from the connectors table (the default when no store is given). */
export function readConnector(db: Db, ref: number | string): DeliveryConnector {
  const row = (
    typeof ref === 'number'
      ? sql(db, `SELECT ${COLUMNS} FROM connectors WHERE id = ?`).get(ref)
      : sql(db, `SELECT ${COLUMNS} FROM connectors WHERE name = ?`).get(ref)
  ) as ConnectorRow | undefined;
  if (!row) throw notFound(`There is no connector ${typeof ref === 'number' ? `with id ${ref}` : `named "${ref}"`}.`);
  return toConnector(row);
}

export function readConnectors(db: Db): DeliveryConnector[] {
  return (sql(db, `SELECT ${COLUMNS} FROM connectors ORDER BY name`).all() as ConnectorRow[]).map(toConnector);
}

export function writeConnectorState(db: Db, id: number, state: ConnectorState, reason: string | null, pausedUntil: number | null = null): void {
  sql(db, 'UPDATE connectors SET state = ?, state_reason = ?, paused_until = ?, updated_at = ? WHERE id = ?').run(
    state,
    reason,
    pausedUntil,
    Date.now(),
    id,
  );
}

export function writeLastFlushAt(db: Db, id: number, at: number): void {
  sql(db, 'UPDATE connectors SET last_flush_at = ? WHERE id = ?').run(at, id);
}
