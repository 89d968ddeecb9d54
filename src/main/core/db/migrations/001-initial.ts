import type Database from 'better-sqlite3';

/**
 * The reconciler's tables (README, "Architecture": desired state against delivered state):
 * - desired / delivered: per (segment, customer) the params Deployteq should hold / has acknowledged.
 * - pending: the keys where the two differ, with their status; the send queue, drained in key order. A row's
 *   batch_id is set while a batch carrying it is unacknowledged; held_by is set when a 400 failed it for good.
 * - batches / batch_bodies / batch_items: frozen requests. batch_bodies holds the exact body that is (re)sent,
 *   apart from batches so the state updates of a batch never rewrite its ~200 KB body; batch_items says which
 *   keys a batch carried, with which status and params hash (the params themselves are only in the body).
 * Times are Unix epoch milliseconds.
 */
export function m001Initial(db: Database.Database): void {
  db.exec(`
    CREATE TABLE connectors (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      endpoint TEXT NOT NULL,
      secret_ref TEXT NOT NULL UNIQUE,
      token_hint TEXT NOT NULL,
      identifier_type TEXT NOT NULL CHECK (identifier_type IN ('customer-id', 'hashed-email')),
      partner_number INTEGER NOT NULL,
      batch_size INTEGER NOT NULL DEFAULT 500 CHECK (batch_size BETWEEN 1 AND 600),
      flush_interval_minutes INTEGER NOT NULL DEFAULT 20 CHECK (flush_interval_minutes >= 1),
      cron TEXT,
      daily_limit INTEGER NOT NULL DEFAULT 50000 CHECK (daily_limit >= 0),
      auth_mode TEXT NOT NULL DEFAULT 'query' CHECK (auth_mode IN ('query', 'bearer')),
      timeout_ms INTEGER NOT NULL DEFAULT 30000 CHECK (timeout_ms > 0),
      state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'halted')),
      state_reason TEXT,
      paused_until INTEGER,
      last_flush_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE segments (
      id INTEGER PRIMARY KEY,
      connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (connector_id, name)
    );

    CREATE TABLE desired (
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      params TEXT NOT NULL,
      params_hash TEXT NOT NULL,
      PRIMARY KEY (segment_id, customer_id)
    ) WITHOUT ROWID;

    CREATE TABLE delivered (
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      params TEXT NOT NULL,
      params_hash TEXT NOT NULL,
      delivered_at INTEGER NOT NULL,
      PRIMARY KEY (segment_id, customer_id)
    ) WITHOUT ROWID;

    CREATE TABLE batches (
      id INTEGER PRIMARY KEY,
      uuid TEXT NOT NULL UNIQUE,
      connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
      customers INTEGER NOT NULL,
      counts TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      last_http_status INTEGER,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      delivered_at INTEGER
    );
    CREATE INDEX batches_open ON batches (connector_id, id) WHERE state IN ('queued', 'retrying');

    -- Written once when the batch is frozen, never updated.
    CREATE TABLE batch_bodies (
      batch_id INTEGER PRIMARY KEY REFERENCES batches(id) ON DELETE CASCADE,
      body TEXT NOT NULL
    );

    CREATE TABLE batch_items (
      batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('NEW', 'MODIFIED', 'REMOVED')),
      params_hash TEXT NOT NULL,
      PRIMARY KEY (batch_id, segment_id, customer_id)
    ) WITHOUT ROWID;
    CREATE INDEX batch_items_by_customer ON batch_items (customer_id, segment_id);

    CREATE TABLE pending (
      connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('NEW', 'MODIFIED', 'REMOVED')),
      batch_id INTEGER REFERENCES batches(id) ON DELETE SET NULL,
      held_by INTEGER REFERENCES batches(id) ON DELETE SET NULL,
      PRIMARY KEY (segment_id, customer_id)
    ) WITHOUT ROWID;
    -- The send queue: what the next batch takes, without scanning the backlog. In key order, like desired
    -- and delivered: a batch of consecutive keys touches a few pages of each table and index, where keys in
    -- arrival order (hashed emails are random) touched one page per customer in each. batch_id and held_by
    -- (always NULL here) make it cover the queue query, which then never visits the table.
    CREATE INDEX pending_queue ON pending (connector_id, segment_id, customer_id, batch_id, held_by) WHERE batch_id IS NULL AND held_by IS NULL;
    CREATE INDEX pending_in_batch ON pending (batch_id) WHERE batch_id IS NOT NULL;
    CREATE INDEX pending_held ON pending (held_by) WHERE held_by IS NOT NULL;
    CREATE INDEX pending_counts ON pending (connector_id, segment_id, status);

    CREATE TABLE events (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      connector_id INTEGER,
      connector_name TEXT NOT NULL,
      batch_uuid TEXT,
      kind TEXT NOT NULL,
      outcome TEXT NOT NULL,
      http_status INTEGER,
      meaning TEXT NOT NULL,
      latency_ms INTEGER,
      customers INTEGER NOT NULL DEFAULT 0,
      counts TEXT NOT NULL DEFAULT '{}',
      response_snippet TEXT,
      next_retry_at INTEGER
    );
    CREATE INDEX events_by_connector ON events (connector_id, id);
    CREATE INDEX events_by_batch ON events (batch_uuid);

    CREATE TABLE request_counts (
      brand TEXT NOT NULL,
      day TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (brand, day)
    ) WITHOUT ROWID;

    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      file TEXT NOT NULL,
      mode TEXT NOT NULL CHECK (mode IN ('snapshot', 'delta')),
      rows_read INTEGER NOT NULL,
      rejected INTEGER NOT NULL,
      duplicates INTEGER NOT NULL,
      changed INTEGER NOT NULL,
      rejects_file TEXT,
      finished_at INTEGER NOT NULL
    );

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}
