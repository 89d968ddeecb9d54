import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/open';
import type { SecretStore } from '../secrets/secret-store';
import { UserError, notFound } from '../errors';
import {
  IDENTIFIER_INFO,
  connectorInputSchema,
  connectorPatchSchema,
  type AuthMode,
  type ConnectorInput,
  type ConnectorPatch,
  type ConnectorSaved,
  type ConnectorState,
  type ConnectorView,
  type IdentifierType,
  type SegmentView,
} from '../../../shared/model';
import { maskToken, splitWebhookUrl } from './webhook-url';
import { validateCron } from './cron';

/** A connector as the engine uses it. The token itself stays in the SecretStore under `secretRef`. */
export interface ConnectorRecord {
  id: number;
  name: string;
  endpoint: string;
  secretRef: string;
  tokenHint: string;
  identifierType: IdentifierType;
  customerType: 'CLANG_ID' | 'HASHED_EMAIL';
  partnerNumber: number;
  batchSize: number;
  flushIntervalMinutes: number;
  cron: string | null;
  dailyLimit: number;
  authMode: AuthMode;
  timeoutMs: number;
  state: ConnectorState;
  stateReason: string | null;
  pausedUntil: number | null;
  lastFlushAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface ConnectorRow {
  id: number;
  name: string;
  endpoint: string;
  secret_ref: string;
  token_hint: string;
  identifier_type: IdentifierType;
  partner_number: number;
  batch_size: number;
  flush_interval_minutes: number;
  cron: string | null;
  daily_limit: number;
  auth_mode: AuthMode;
  timeout_ms: number;
  state: ConnectorState;
  state_reason: string | null;
  paused_until: number | null;
  last_flush_at: number | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: ConnectorRow): ConnectorRecord => ({
  id: r.id,
  name: r.name,
  endpoint: r.endpoint,
  secretRef: r.secret_ref,
  tokenHint: r.token_hint,
  identifierType: r.identifier_type,
  customerType: IDENTIFIER_INFO[r.identifier_type].customerType,
  partnerNumber: r.partner_number,
  batchSize: r.batch_size,
  flushIntervalMinutes: r.flush_interval_minutes,
  cron: r.cron,
  dailyLimit: r.daily_limit,
  authMode: r.auth_mode,
  timeoutMs: r.timeout_ms,
  state: r.state,
  stateReason: r.state_reason,
  pausedUntil: r.paused_until,
  lastFlushAt: r.last_flush_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Turns a zod failure into one sentence per field, for the CLI and the form alike. */
export function invalidInput(error: z.ZodError): UserError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new UserError(issues.map((i) => i.message).join('; '), 'invalid-input', issues);
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}

/** Connectors and their segment bindings: several connectors, each sending to one or more segments. */
export class Connectors {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
    /** Told of every saved change (state included), for the screens' live view. */
    private readonly onChange: (connector: ConnectorRecord) => void = () => {},
  ) {}

  list(): ConnectorRecord[] {
    return (this.db.prepare('SELECT * FROM connectors ORDER BY name').all() as ConnectorRow[]).map(toRecord);
  }

  find(name: string): ConnectorRecord | null {
    const row = this.db.prepare('SELECT * FROM connectors WHERE name = ?').get(name.trim()) as ConnectorRow | undefined;
    return row ? toRecord(row) : null;
  }

  get(name: string): ConnectorRecord {
    const found = this.find(name);
    if (!found) {
      const known = this.list().map((c) => c.name);
      throw notFound(`There is no connector named "${name}"${known.length ? ` (known: ${known.join(', ')})` : ': create one with `connector add`'}.`);
    }
    return found;
  }

  byId(id: number): ConnectorRecord {
    const row = this.db.prepare('SELECT * FROM connectors WHERE id = ?').get(id) as ConnectorRow | undefined;
    if (!row) throw notFound(`Connector ${id} no longer exists.`);
    return toRecord(row);
  }

  async token(connector: ConnectorRecord): Promise<string> {
    const token = await this.secrets.get(connector.secretRef);
    if (!token) throw new UserError(`The token of connector "${connector.name}" is missing from the secret store: set it again.`);
    return token;
  }

  async create(input: ConnectorInput): Promise<ConnectorSaved> {
    const data = parse(connectorInputSchema, input);
    const { endpoint, token, notices } = resolveEndpointAndToken(data.url, data.token);
    if (!token) throw new UserError('A token is required: give --token, or paste the full webhook URL with ?token=.', 'invalid-input', [{ path: 'token', message: 'A token is required' }]);
    if (data.cron) validateCron(data.cron);
    if (this.find(data.name)) throw new UserError(`A connector named "${data.name}" already exists.`, 'conflict', [{ path: 'name', message: 'This name is taken' }]);
    const secretRef = `connector-${randomUUID()}`;
    await this.secrets.set(secretRef, token);
    const now = this.now();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO connectors (name, endpoint, secret_ref, token_hint, identifier_type, partner_number, batch_size,
             flush_interval_minutes, cron, daily_limit, auth_mode, timeout_ms, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          data.name, endpoint, secretRef, maskToken(token), data.identifierType,
          data.partnerNumber ?? IDENTIFIER_INFO[data.identifierType].partner, data.batchSize, data.flushIntervalMinutes,
          data.cron ?? null, data.dailyLimit, data.authMode, data.timeoutMs, now, now,
        ).lastInsertRowid,
    );
    return { connector: this.view(this.changed(id)), notices: [...notices, ...this.protectionNotices()] };
  }

  /** Changes a connector. A new token (or URL with one) lifts a halt, since the halt was about the old token. */
  async update(name: string, patch: ConnectorPatch): Promise<ConnectorSaved> {
    const current = this.get(name);
    const data = parse(connectorPatchSchema, patch);
    const notices: string[] = [];
    let endpoint = current.endpoint;
    let token: string | null = null;
    if (data.url !== undefined || data.token) {
      const resolved = resolveEndpointAndToken(data.url ?? current.endpoint, data.token);
      endpoint = resolved.endpoint;
      token = resolved.token;
      notices.push(...resolved.notices);
    }
    if (data.name && data.name.toLowerCase() !== current.name.toLowerCase() && this.find(data.name)) {
      throw new UserError(`A connector named "${data.name}" already exists.`, 'conflict', [{ path: 'name', message: 'This name is taken' }]);
    }
    if (data.cron) validateCron(data.cron);
    const identifierType = data.identifierType ?? current.identifierType;
    if (identifierType !== current.identifierType && this.hasData(current.id)) {
      throw new UserError(`The identifier type of "${current.name}" cannot change while its segments hold profiles: remove its segments first.`, 'conflict');
    }
    const partnerNumber =
      data.partnerNumber ?? (identifierType !== current.identifierType && current.partnerNumber === IDENTIFIER_INFO[current.identifierType].partner
        ? IDENTIFIER_INFO[identifierType].partner
        : current.partnerNumber);
    if (token) {
      await this.secrets.set(current.secretRef, token);
      if (current.state === 'halted') notices.push('The token changed: the connector was halted and sends again.');
      notices.push(...this.protectionNotices());
    }
    this.db
      .prepare(
        `UPDATE connectors SET name = ?, endpoint = ?, token_hint = ?, identifier_type = ?, partner_number = ?, batch_size = ?,
           flush_interval_minutes = ?, cron = ?, daily_limit = ?, auth_mode = ?, timeout_ms = ?, updated_at = ?,
           state = CASE WHEN ? AND state = 'halted' THEN 'active' ELSE state END,
           state_reason = CASE WHEN ? AND state = 'halted' THEN NULL ELSE state_reason END
         WHERE id = ?`,
      )
      .run(
        data.name ?? current.name, endpoint, token ? maskToken(token) : current.tokenHint, identifierType, partnerNumber,
        data.batchSize ?? current.batchSize, data.flushIntervalMinutes ?? current.flushIntervalMinutes,
        data.cron === undefined ? current.cron : data.cron, data.dailyLimit ?? current.dailyLimit, data.authMode ?? current.authMode,
        data.timeoutMs ?? current.timeoutMs, this.now(), token ? 1 : 0, token ? 1 : 0, current.id,
      );
    return { connector: this.view(this.changed(current.id)), notices };
  }

  async remove(name: string): Promise<void> {
    const connector = this.get(name);
    this.db.prepare('DELETE FROM connectors WHERE id = ?').run(connector.id);
    await this.secrets.delete(connector.secretRef);
  }

  setState(id: number, state: ConnectorState, reason: string | null = null, pausedUntil: number | null = null): ConnectorRecord {
    this.db
      .prepare('UPDATE connectors SET state = ?, state_reason = ?, paused_until = ?, updated_at = ? WHERE id = ?')
      .run(state, reason, pausedUntil, this.now(), id);
    return this.changed(id);
  }

  /** The segment binding, created on first use: an import names the Segment Name it fills. */
  ensureSegment(connector: ConnectorRecord, segmentName: string): SegmentView {
    const name = segmentName.trim();
    if (!name) throw new UserError('A segment name is required.', 'invalid-input');
    this.db.prepare('INSERT INTO segments (connector_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(connector.id, name, this.now());
    return this.segments(connector.id).find((s) => s.name === name)!;
  }

  /** Unbinding a segment drops its desired state: whoever Deployteq holds there becomes... nothing we track. */
  removeSegment(connector: ConnectorRecord, segmentName: string): void {
    const result = this.db.prepare('DELETE FROM segments WHERE connector_id = ? AND name = ?').run(connector.id, segmentName);
    if (result.changes === 0) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  }

  /** The share of its members a snapshot may remove from this segment without asking (issue 9). */
  setRemovalGuard(connector: ConnectorRecord, segmentName: string, percent: number): void {
    const result = this.db.prepare('UPDATE segments SET removal_guard_percent = ? WHERE connector_id = ? AND name = ?').run(percent, connector.id, segmentName);
    if (result.changes === 0) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  }

  /** Members come from the compact state (a sum over a few chunk rows), never a count over desired. */
  segments(connectorId: number): SegmentView[] {
    return this.db
      .prepare(
        `SELECT s.id, s.connector_id AS connectorId, s.name, (SELECT coalesce(sum(m.entries), 0) FROM segment_state m WHERE m.segment_id = s.id) AS members,
                s.removal_guard_percent AS removalGuardPercent
         FROM segments s WHERE s.connector_id = ? ORDER BY s.name`,
      )
      .all(connectorId) as SegmentView[];
  }

  view(c: ConnectorRecord): ConnectorView {
    return {
      id: c.id,
      name: c.name,
      endpoint: c.endpoint,
      tokenMasked: c.tokenHint,
      identifierType: c.identifierType,
      customerType: c.customerType,
      partnerNumber: c.partnerNumber,
      batchSize: c.batchSize,
      flushIntervalMinutes: c.flushIntervalMinutes,
      cron: c.cron,
      dailyLimit: c.dailyLimit,
      authMode: c.authMode,
      timeoutMs: c.timeoutMs,
      state: c.state,
      stateReason: c.stateReason,
      pausedUntil: c.pausedUntil,
      lastFlushAt: c.lastFlushAt,
      segments: this.segments(c.id),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  private changed(id: number): ConnectorRecord {
    const record = this.byId(id);
    this.onChange(record);
    return record;
  }

  private hasData(connectorId: number): boolean {
    return !!this.db
      .prepare(
        `SELECT 1 FROM segments s WHERE s.connector_id = ? AND (
           EXISTS (SELECT 1 FROM desired d WHERE d.segment_id = s.id) OR EXISTS (SELECT 1 FROM delivered v WHERE v.segment_id = s.id))`,
      )
      .get(connectorId);
  }

  private protectionNotices(): string[] {
    return this.secrets.protectionWarning ? [this.secrets.protectionWarning] : [];
  }
}

function resolveEndpointAndToken(url: string, explicitToken: string | undefined) {
  const split = splitWebhookUrl(url);
  const given = explicitToken?.trim() || null;
  if (split.token && given && split.token !== given) {
    throw new UserError('The URL carries a ?token= and a different token was given as well: give only one.', 'invalid-input', [
      { path: 'token', message: 'Differs from the token in the URL' },
    ]);
  }
  return { endpoint: split.endpoint, token: given ?? split.token, notices: split.notice ? [split.notice] : [] };
}
