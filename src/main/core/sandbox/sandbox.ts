import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { LIMITS, type Param } from '../../../shared/model';
import { payloadSchemaErrors } from '../delivery/schema';
import { amsterdamDay } from '../delivery/amsterdam';
import { renderPage } from './page';

/**
 * A local stand-in for the Deployteq Webhook Receiver, for a newcomer without an account and for the tests
 * as a real peer. It checks the token (401, or 403 for a token starting with "expired") and the body against
 * the payload schema (400 with the reason), counts requests per Amsterdam day (X-Clang-Request-Count on every
 * answer, 429 past the daily limit), fails at random at failRate (500), applies each uuid once (a resent uuid
 * is acknowledged again without being applied twice), and shows the resulting segment membership.
 */
export interface SandboxOptions {
  port?: number;
  host?: string;
  /** The token it accepts; a random one when absent. */
  token?: string;
  /** The share of valid requests answered with 500, from 0 to 1. */
  failRate?: number;
  /** Requests per day before 429 (0: unlimited). */
  dailyLimit?: number;
  /** Keeps membership and counts across restarts in this JSON file. */
  dataFile?: string;
  random?: () => number;
  now?: () => number;
}

/** A scripted answer for the next request(s), for tests. */
export interface Fault {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the client's timeout fires). */
  hang?: boolean;
  /** Reset the connection instead of answering. */
  reset?: boolean;
  /** Apply the batch first (as if the answer got lost on the way back). */
  apply?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface ReceivedRequest {
  at: number;
  status: number;
  uuid: string | null;
  customers: number;
  bytes: number;
  duplicate: boolean;
  applied: boolean;
  reason: string | null;
  /** The raw body, kept for the most recent requests only. */
  body: string | null;
}

export interface SandboxState {
  url: string;
  requestsToday: number;
  dailyLimit: number;
  applied: number;
  duplicates: number;
  segments: Record<string, Record<string, Param[]>>;
  requests: ReceivedRequest[];
}

export interface Sandbox {
  /** The webhook URL to paste into a connector, including `?token=`. */
  url: string;
  /** The same URL without the token. */
  endpoint: string;
  token: string;
  port: number;
  state(): SandboxState;
  /** Members of one segment: customerId → params. */
  members(segmentName: string): Map<string, Param[]>;
  /** Answers the next `times` requests with this fault instead of the normal answer. */
  inject(fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Requests received so far (any answer). */
  readonly requestCount: number;
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/app/api/rest/public/v2/project/datahook/data-receiver/sandbox';
const KEEP_BODIES = 100;
const KEEP_REQUESTS = 1000;

interface Persisted {
  day: string;
  count: number;
  uuids: string[];
  segments: Record<string, Record<string, Param[]>>;
}

interface Payload {
  uuid: string;
  campaigns: Array<{ segmentName: string; customers: Array<{ customerId: string; r42Status: string; params: Param[] }> }>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`;
  const failRate = options.failRate ?? 0;
  const dailyLimit = options.dailyLimit ?? 0;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const segments = new Map<string, Map<string, Param[]>>();
  const seen = new Set<string>();
  let day = amsterdamDay(now());
  let count = 0;
  let applied = 0;
  let duplicates = 0;
  let total = 0;
  const requests: ReceivedRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();

  if (options.dataFile && existsSync(options.dataFile)) {
    const saved = JSON.parse(readFileSync(options.dataFile, 'utf8')) as Persisted;
    if (saved.day === day) count = saved.count;
    saved.uuids.forEach((u) => seen.add(u));
    for (const [name, members] of Object.entries(saved.segments)) segments.set(name, new Map(Object.entries(members)));
  }

  let saveTimer: NodeJS.Timeout | null = null;
  const saveNow = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (!options.dataFile) return;
    const data: Persisted = { day, count, uuids: [...seen], segments: snapshotSegments() };
    writeFileSync(`${options.dataFile}.tmp`, JSON.stringify(data));
    renameSync(`${options.dataFile}.tmp`, options.dataFile);
  };
  const save = () => {
    if (options.dataFile && !saveTimer) saveTimer = setTimeout(saveNow, 200);
  };

  function snapshotSegments(): Record<string, Record<string, Param[]>> {
    return Object.fromEntries([...segments].map(([name, members]) => [name, Object.fromEntries(members)]));
  }

  function apply(payload: Payload): void {
    for (const campaign of payload.campaigns) {
      let members = segments.get(campaign.segmentName);
      if (!members) segments.set(campaign.segmentName, (members = new Map()));
      for (const customer of campaign.customers) {
        if (customer.r42Status === 'REMOVED') members.delete(customer.customerId);
        else members.set(customer.customerId, customer.params);
      }
    }
  }

  function countRequest(): number {
    const today = amsterdamDay(now());
    if (today !== day) {
      day = today;
      count = 0;
    }
    return ++count;
  }

  function presentedToken(req: IncomingMessage, url: URL): string | null {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
    return url.searchParams.get('token');
  }

  /** Checks and applies a body; returns the answer it deserves. */
  function receive(text: string, applyIt: boolean): { status: number; reason: string | null; payload: Payload | null; duplicate: boolean } {
    if (Buffer.byteLength(text) > LIMITS.maxBodyBytes) return { status: 400, reason: 'The JSON message is larger than 6 MB.', payload: null, duplicate: false };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return { status: 400, reason: `The body is not valid JSON: ${(error as Error).message}`, payload: null, duplicate: false };
    }
    const errors = payloadSchemaErrors(body);
    if (errors.length > 0) return { status: 400, reason: `The body does not match the payload schema: ${errors.join('; ')}`, payload: null, duplicate: false };
    const payload = body as Payload;
    const duplicate = seen.has(payload.uuid);
    if (applyIt && !duplicate) {
      apply(payload);
      seen.add(payload.uuid);
      applied++;
      save();
    }
    if (duplicate) duplicates++;
    return { status: 200, reason: null, payload, duplicate };
  }

  function remember(entry: ReceivedRequest): void {
    requests.push(entry);
    if (requests.length > KEEP_REQUESTS) requests.splice(0, requests.length - KEEP_REQUESTS);
    const withBody = requests.length - KEEP_BODIES - 1;
    if (withBody >= 0) requests[withBody].body = null;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/state')) {
      req.resume();
      if (url.pathname === '/state') return send(res, 200, JSON.stringify(state()), 'application/json');
      return send(res, 200, renderPage(state()), 'text/html; charset=utf-8');
    }
    if (req.method !== 'POST' || url.pathname !== WEBHOOK_PATH) {
      req.resume();
      return send(res, 404, JSON.stringify({ error: `Nothing here: POST the batches to ${WEBHOOK_PATH}.` }), 'application/json');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMITS.maxBodyBytes + 1) chunks.push(chunk);
    });
    req.on('end', () => void handlePost(req, res, url, Buffer.concat(chunks).toString('utf8'), size));
  });

  async function handlePost(req: IncomingMessage, res: ServerResponse, url: URL, text: string, size: number): Promise<void> {
    total++;
    const at = now();
    const counted = countRequest();
    const headers = { 'X-Clang-Request-Count': String(counted) };
    const entry: ReceivedRequest = { at, status: 0, uuid: uuidOf(text), customers: 0, bytes: size, duplicate: false, applied: false, reason: null, body: text };
    remember(entry);
    const answer = (status: number, body: object, extra: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, JSON.stringify(body), 'application/json', { ...headers, ...extra });
    };

    const fault = faults.shift();
    if (fault) {
      if (fault.apply) {
        const result = receive(text, true);
        Object.assign(entry, { uuid: result.payload?.uuid ?? null, customers: customersOf(result.payload), applied: result.status === 200 && !result.duplicate, duplicate: result.duplicate });
      }
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.hang) {
        entry.reason = 'hang (injected)';
        return;
      }
      if (fault.reset) {
        entry.reason = 'reset (injected)';
        const socket = req.socket as Socket & { resetAndDestroy?: () => void };
        return void (socket.resetAndDestroy ? socket.resetAndDestroy() : socket.destroy());
      }
      if (fault.status !== undefined) {
        entry.reason = 'injected';
        entry.status = fault.status;
        return send(res, fault.status, fault.body ?? JSON.stringify({ error: `Injected ${fault.status}` }), 'application/json', { ...headers, ...fault.headers });
      }
    }

    const presented = presentedToken(req, url);
    if (!presented) return (entry.reason = 'no token', answer(401, { error: 'Authentication failed: no token given.' }));
    if (presented.startsWith('expired')) return (entry.reason = 'expired token', answer(403, { error: 'The token is invalid or expired.' }));
    if (presented !== token) return (entry.reason = 'wrong token', answer(401, { error: 'Authentication failed: the token is not valid.' }));
    if (dailyLimit > 0 && counted > dailyLimit) {
      entry.reason = 'daily limit';
      return answer(429, { error: `Daily limit of ${dailyLimit} requests reached.` });
    }
    if (failRate > 0 && random() < failRate) return (entry.reason = 'random failure', answer(500, { error: 'Internal server error (sandbox failRate).' }));

    const result = receive(text, true);
    entry.uuid = result.payload?.uuid ?? null;
    entry.customers = customersOf(result.payload);
    entry.duplicate = result.duplicate;
    entry.applied = result.status === 200 && !result.duplicate;
    entry.reason = result.reason;
    if (result.status !== 200) return answer(result.status, { error: result.reason });
    answer(200, { status: result.duplicate ? 'duplicate' : 'accepted', uuid: entry.uuid, customers: entry.customers });
  }

  function state(): SandboxState {
    return {
      url: `http://${host}:${port}${WEBHOOK_PATH}`,
      requestsToday: amsterdamDay(now()) === day ? count : 0,
      dailyLimit,
      applied,
      duplicates,
      segments: snapshotSegments(),
      requests: requests.map((r) => ({ ...r })),
    };
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const endpoint = `http://${host}:${port}${WEBHOOK_PATH}`;

  return {
    url: `${endpoint}?token=${encodeURIComponent(token)}`,
    endpoint,
    token,
    port,
    state,
    members: (name) => new Map(segments.get(name) ?? []),
    inject: (fault, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    clearFaults: () => void faults.splice(0),
    get requestCount() {
      return total;
    },
    close: async () => {
      saveNow();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

function uuidOf(text: string): string | null {
  const match = /^\s*\{\s*"uuid"\s*:\s*"([^"]{1,100})"/.exec(text);
  return match ? match[1] : null;
}

function customersOf(payload: Payload | null): number {
  return payload ? payload.campaigns.reduce((n, c) => n + c.customers.length, 0) : 0;
}

function send(res: ServerResponse, status: number, body: string, type: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
