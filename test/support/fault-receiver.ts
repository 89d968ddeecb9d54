import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Hostile and broken Webhook Receivers for the tests, on 127.0.0.1 port 0: each answers every POST in one
 * way that once broke delivery (a body that trickles forever, an absurd Retry-After or request count, the
 * token echoed back in every form a server might print it).
 */
export interface FaultRequest {
  url: string;
  authorization: string | undefined;
  body: string;
}

export type FaultAnswer = (req: FaultRequest, res: ServerResponse) => void;

export interface FaultReceiver {
  /** The endpoint to give a connector (no token). */
  endpoint: string;
  requests: FaultRequest[];
  close(): Promise<void>;
}

export async function startFaultReceiver(answer: FaultAnswer): Promise<FaultReceiver> {
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { url: req.url ?? '/', authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      answer(request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  trickleTimers = timers;
  return {
    endpoint: `http://127.0.0.1:${port}/app/api/rest/public/v2/project/datahook/data-receiver/faulty`,
    requests,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let trickleTimers = new Set<NodeJS.Timeout>();

/** 200 and its headers at once, then one byte of body every `everyMs`, never ending. */
export const trickle =
  (everyMs = 100): FaultAnswer =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), everyMs);
    trickleTimers.add(timer);
  };

/** A fixed status with extra headers (an absurd Retry-After, an absurd X-Clang-Request-Count). */
export const answerWith =
  (status: number, headers: Record<string, string>, body = '{}'): FaultAnswer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

/** The token as received (query or Bearer), decoded. */
export function tokenOf(req: FaultRequest): string {
  if (req.authorization?.startsWith('Bearer ')) return req.authorization.slice(7);
  return new URL(req.url, 'http://x').searchParams.get('token') ?? '';
}

/** Every form a server or a library might print a secret in. */
export function everyForm(token: string): Record<string, string> {
  const json = JSON.stringify(token).slice(1, -1);
  return {
    raw: token,
    percentUpper: encodeURIComponent(token),
    percentLower: encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    jsonEscaped: json,
    jsonSlashEscaped: json.replace(/\//g, '\\/'),
    base64: Buffer.from(token).toString('base64'),
    base64url: Buffer.from(token).toString('base64url'),
  };
}

/** Echoes the token it was given, in every form, in a JSON error body (and in a header) with this status. */
export const echoToken =
  (status = 500): FaultAnswer =>
  (req, res) => {
    const token = tokenOf(req);
    const forms = everyForm(token);
    const body = `{"error":"bad request for ${req.url.replace(/\//g, '\\/')}","echo":${JSON.stringify(forms).replace(/\//g, '\\/')},"text":"${Object.values(forms).join(' | ').replace(/"/g, '\\"')}"}`;
    res.writeHead(status, { 'content-type': 'application/json', 'x-echo': forms.base64 });
    res.end(body);
  };
