import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/open';
import type { SecretStore } from '../secrets/secret-store';
import { UserError, notFound, saidError, saidFieldError } from '../errors';
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
import { holdsKeptNotice } from './hold';
import { stateReasonSaid, stateSaidColumns } from '../events/state-said';
import { sql } from '../db/sql';
import { fieldIssueMessage, said, type Message, type Said } from '../../../shared/messages';

/**
 * A connector as the engine uses it: the view's settings and state (one list of fields, shared/model.ts), and
 * where its token lives. The token itself stays in the SecretStore under `secretRef`.
 */
export interface ConnectorRecord extends Omit<ConnectorView, 'tokenMasked' | 'stateSaid' | 'segments'> {
  secretRef: string;
  tokenHint: string;
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
  hold_for_review: 0 | 1;
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
  holdForReview: r.hold_for_review === 1,
});

/**
 * Turns a zod failure into one sentence per field, for the CLI and the form alike; each with its message (the
 * field, the limit) where the rule's sentence is one (shared/model.ts connectorFields), for the screens to word.
 */
export function invalidInput(error: z.ZodError): UserError {
  const issues = error.issues.map((i) => {
    const sentence = fieldIssueMessage(i.message);
    return { path: i.path.join('.'), message: i.message, ...(sentence ? { sentence } : {}) };
  });
  const only = issues.length === 1 ? issues[0].sentence : undefined;
  return new UserError(issues.map((i) => i.message).join('; '), 'invalid-input', issues, undefined, only);
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
    return (sql(this.db, 'SELECT * FROM connectors ORDER BY name').all() as ConnectorRow[]).map(toRecord);
  }

  find(name: string): ConnectorRecord | null {
    const row = sql(this.db, 'SELECT * FROM connectors WHERE name = ?').get(name.trim()) as ConnectorRow | undefined;
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
    const row = sql(this.db, 'SELECT * FROM connectors WHERE id = ?').get(id) as ConnectorRow | undefined;
    if (!row) throw notFound(`Connector ${id} no longer exists.`);
    return toRecord(row);
  }

  async token(connector: ConnectorRecord): Promise<string> {
    const token = await this.secrets.get(connector.secretRef);
    if (!token) throw saidError('tokenMissing', { connector: connector.name });
    return token;
  }

  async create(input: ConnectorInput): Promise<ConnectorSaved> {
    const data = parse(connectorInputSchema, input);
    const { endpoint, token, notices } = resolveEndpointAndToken(data.url, data.token);
    if (!token) throw saidFieldError('tokenRequired', {}, 'invalid-input', { path: 'token', message: 'A token is required' });
    if (data.cron) validateCron(data.cron);
    if (this.find(data.name)) throw nameTaken(data.name);
    const secretRef = `connector-${randomUUID()}`;
    await this.secrets.set(secretRef, token);
    const now = this.now();
    const id = Number(
      sql(this.db, 
          `INSERT INTO connectors (name, endpoint, secret_ref, token_hint, identifier_type, partner_number, batch_size,
             flush_interval_minutes, cron, daily_limit, auth_mode, timeout_ms, created_at, updated_at, hold_for_review)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          data.name, endpoint, secretRef, maskToken(token), data.identifierType,
          data.partnerNumber ?? IDENTIFIER_INFO[data.identifierType].partner, data.batchSize, data.flushIntervalMinutes,
          data.cron ?? null, data.dailyLimit, data.authMode, data.timeoutMs, now, now, data.holdForReview ? 1 : 0,
        ).lastInsertRowid,
    );
    return { connector: this.view(this.changed(id)), ...toldNotices([...notices, ...this.protectionNotices()]) };
  }

  /**
   * Changes exactly the fields the patch names; every other field keeps its value. One derived change: when
   * the identifier type changes and the partner number was that type's default, the new type's default follows.
   * The result says whether the token or the endpoint changed: a halt about them may then be lifted.
   */
  async update(name: string, patch: ConnectorPatch): Promise<ConnectorSaved & { tokenChanged: boolean; endpointChanged: boolean }> {
    const current = this.get(name);
    const data = parse(connectorPatchSchema, patch);
    const columns: Partial<Record<keyof typeof PATCH_COLUMNS, string | number | null>> = {};
    const notices: Notice[] = [];
    const { endpoint, token, notices: urlNotices } = this.resolvePatchedEndpoint(current, data);
    notices.push(...urlNotices);
    if (endpoint !== current.endpoint) columns.endpoint = endpoint;
    if (data.name !== undefined && data.name !== current.name) {
      if (data.name.toLowerCase() !== current.name.toLowerCase() && this.find(data.name)) {
        throw nameTaken(data.name);
      }
      columns.name = data.name;
    }
    if (data.cron) validateCron(data.cron);
    if (data.identifierType !== undefined && data.identifierType !== current.identifierType) {
      this.assertIdentifierTypeCanChange(current, data.identifierType);
      columns.identifierType = data.identifierType;
      if (data.partnerNumber === undefined && current.partnerNumber === IDENTIFIER_INFO[current.identifierType].partner) {
        columns.partnerNumber = IDENTIFIER_INFO[data.identifierType].partner;
      }
    }
    for (const field of ['partnerNumber', 'batchSize', 'flushIntervalMinutes', 'cron', 'dailyLimit', 'authMode', 'timeoutMs', 'holdForReview'] as const) {
      const value = data[field];
      if (value !== undefined) columns[field] = typeof value === 'boolean' ? Number(value) : value;
    }
    if (data.holdForReview === false && current.holdForReview) notices.push(...holdsKeptNotice(this.db, current));
    if (token) {
      columns.tokenHint = maskToken(token);
      await this.secrets.set(current.secretRef, token);
      notices.push(...this.protectionNotices());
    }
    const entries = Object.entries(columns) as Array<[keyof typeof PATCH_COLUMNS, string | number | null]>;
    if (entries.length > 0) {
      const assignments = entries.map(([field]) => `${PATCH_COLUMNS[field]} = ?`).join(', ');
      sql(this.db, `UPDATE connectors SET ${assignments}, updated_at = ? WHERE id = ?`).run(...entries.map(([, v]) => v), this.now(), current.id);
    }
    const connector = this.view(entries.length > 0 ? this.changed(current.id) : current);
    return { connector, ...toldNotices(notices), tokenChanged: token !== null, endpointChanged: columns.endpoint !== undefined };
  }

  /** The endpoint and new token a patch asks for: a pasted URL with ?token= is split as on create. */
  private resolvePatchedEndpoint(current: ConnectorRecord, data: z.output<typeof connectorPatchSchema>) {
    if (data.token !== undefined && data.token === '') {
      throw saidFieldError('tokenEmpty', {}, 'invalid-input', { path: 'token', message: 'The token is empty' });
    }
    if (data.url === undefined && data.token === undefined) return { endpoint: current.endpoint, token: null, notices: [] as Notice[] };
    return resolveEndpointAndToken(data.url ?? current.endpoint, data.token);
  }

  /** Profiles in Deployteq are keyed by the identifier type: with profiles held, a change would orphan them. */
  private assertIdentifierTypeCanChange(current: ConnectorRecord, to: IdentifierType): void {
    const held = this.segmentsWithData(current.id);
    if (held.length === 0) return;
    throw saidFieldError('identifierTypeLocked', { connector: current.name, from: current.identifierType, to, segments: held.join(', ') }, 'conflict', {
      path: 'identifierType',
      message: `Cannot change while segments ${held.join(', ')} hold profiles`,
    });
  }

  async remove(name: string): Promise<void> {
    const connector = this.get(name);
    sql(this.db, 'DELETE FROM connectors WHERE id = ?').run(connector.id);
    await this.secrets.delete(connector.secretRef);
  }

  /** `said`: the reason as a code and its values (an outcome's), kept with it for the screens (stateReasonSaid). */
  setState(id: number, state: ConnectorState, reason: string | null = null, pausedUntil: number | null = null, said: Said | null = null): ConnectorRecord {
    const { code, values } = stateSaidColumns(reason === null ? null : said);
    sql(this.db, 'UPDATE connectors SET state = ?, state_reason = ?, state_code = ?, state_values = ?, paused_until = ?, updated_at = ? WHERE id = ?')
      .run(state, reason, code, values, pausedUntil, this.now(), id);
    return this.changed(id);
  }

  /** When the connector's latest flush began (not a change the operator made: updated_at and the screens stay). */
  recordFlush(id: number, at: number): void {
    sql(this.db, 'UPDATE connectors SET last_flush_at = ? WHERE id = ?').run(at, id);
  }

  /** The segment binding, created on first use: an import names the Segment Name it fills. */
  ensureSegment(connector: ConnectorRecord, segmentName: string): SegmentView {
    const name = segmentName.trim();
    if (!name) throw saidError('segmentNameRequired', {}, 'invalid-input');
    sql(this.db, 'INSERT INTO segments (connector_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(connector.id, name, this.now());
    return this.segments(connector.id).find((s) => s.name === name)!;
  }

  /** Unbinding a segment drops its desired state: whoever Deployteq holds there becomes... nothing we track. */
  removeSegment(connector: ConnectorRecord, segmentName: string): void {
    const result = sql(this.db, 'DELETE FROM segments WHERE connector_id = ? AND name = ?').run(connector.id, segmentName);
    if (result.changes === 0) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  }

  /** The share of its members a snapshot may remove from this segment without asking (issue 9). */
  setRemovalGuard(connector: ConnectorRecord, segmentName: string, percent: number): void {
    const result = sql(this.db, 'UPDATE segments SET removal_guard_percent = ? WHERE connector_id = ? AND name = ?').run(percent, connector.id, segmentName);
    if (result.changes === 0) throw notFound(`Connector "${connector.name}" has no segment named "${segmentName}".`);
  }

  /** Members come from the compact state (a sum over a few chunk rows), never a count over desired_state. */
  segments(connectorId: number): SegmentView[] {
    return sql(this.db, 
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
      stateSaid: stateReasonSaid(this.db, c.id),
      pausedUntil: c.pausedUntil,
      lastFlushAt: c.lastFlushAt,
      segments: this.segments(c.id),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      holdForReview: c.holdForReview,
    };
  }

  private changed(id: number): ConnectorRecord {
    const record = this.byId(id);
    this.onChange(record);
    return record;
  }

  /** The names of the connector's segments that hold profiles, desired or delivered. */
  private segmentsWithData(connectorId: number): string[] {
    return (
      sql(this.db, 
          `SELECT s.name FROM segments s WHERE s.connector_id = ? AND (
             EXISTS (SELECT 1 FROM desired_state d WHERE d.segment_id = s.id) OR EXISTS (SELECT 1 FROM delivered v WHERE v.segment_id = s.id))
           ORDER BY s.name`,
        )
        .all(connectorId) as Array<{ name: string }>
    ).map((r) => r.name);
  }

  private protectionNotices(): Notice[] {
    return this.secrets.protectionWarning ? [{ text: this.secrets.protectionWarning, message: null }] : [];
  }
}

/** The column of each field a patch may change (fixed names: the only text put into the UPDATE). */
const PATCH_COLUMNS = {
  name: 'name',
  endpoint: 'endpoint',
  tokenHint: 'token_hint',
  identifierType: 'identifier_type',
  partnerNumber: 'partner_number',
  batchSize: 'batch_size',
  flushIntervalMinutes: 'flush_interval_minutes',
  cron: 'cron',
  dailyLimit: 'daily_limit',
  authMode: 'auth_mode',
  timeoutMs: 'timeout_ms',
  holdForReview: 'hold_for_review',
} as const;

function resolveEndpointAndToken(url: string, explicitToken: string | undefined) {
  const split = splitWebhookUrl(url);
  const given = explicitToken?.trim() || null;
  if (split.token && given && split.token !== given) {
    throw saidFieldError('tokenTwice', {}, 'invalid-input', { path: 'token', message: 'Differs from the token in the URL' });
  }
  const notices: Notice[] = split.notice ? [said('urlTokenMoved')] : [];
  return { endpoint: split.endpoint, token: given ?? split.token, notices };
}

const nameTaken = (name: string) => saidFieldError('connectorNameTaken', { connector: name }, 'conflict', { path: 'name', message: 'This name is taken' });

/** A sentence for the operator, with its message when the screens can word it (null: the English serves). */
type Notice = { text: string; message: Message | null };

const toldNotices = (notices: Notice[]) => ({ notices: notices.map((n) => n.text), noticeMessages: notices.map((n) => n.message) });
