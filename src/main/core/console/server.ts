import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorShape, EngineEvent } from '../../../shared/api';
import { HTTP_STATUS_OF_CODE } from '../../../shared/errors';
import { toApiError } from '../handlers';
import { UserError } from '../errors';
import { serveStatic } from './static-files';
import { UploadRefused, Uploads } from './uploads';
import { refuseFileAccess } from '../file-access';
import { LOOPBACK_HOSTS } from '../../../shared/loopback';
import { allowedHosts, checkOrigin, hasSecret, newSecret, setSecurityHeaders } from './security';

export interface ConsoleOptions {
  /** The engine's handler map (createHandlers): the same methods the desktop app's IPC carries. */
  handlers: Record<string, (input: unknown) => Promise<unknown>>;
  /** Subscribes to live engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Where dropped files are stored for the engine to read: the only files the console lets it read. */
  uploadDir: string;
  /** Limits and clock of the uploads (tests). */
  uploads?: ConstructorParameters<typeof Uploads>[1];
  /** The built screens (out/renderer). */
  staticDir: string;
  port?: number;
  host?: string;
  /** The per-launch secret; a fresh random one when absent (tests may fix it). */
  secret?: string;
}

export interface ConsoleServer {
  /** Open this in a browser: it carries the secret in its fragment, which never reaches a server log. */
  url: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const SWEEP_UPLOADS_MS = 5 * 60_000;

/** The status of an error's code (shared/errors.ts); an upload refused says its own (413, 415…). */
function statusOf(error: unknown, shape: ApiErrorShape): number {
  return error instanceof UploadRefused ? error.status : HTTP_STATUS_OF_CODE[shape.code];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sendError = (res: ServerResponse, status: number, message: string, code: ApiErrorShape['code'] = 'failed') => sendJson(res, status, { error: { message, code } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new UserError('Send the request body as application/json.', 'invalid-input');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new UserError('The request body is larger than 1 MB.', 'invalid-input');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new UserError('The request body is not valid JSON.', 'invalid-input');
  }
}

/**
 * The loopback browser console: the renderer's screens over HTTP, backed by the same engine handlers as the
 * desktop app. Every /api request needs the per-launch secret in the x-canopy-secret header; the Host header
 * must name this loopback console (DNS-rebinding protection) and an Origin, when sent, must be this console.
 */
export async function startConsole(options: ConsoleOptions): Promise<ConsoleServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.includes(host)) throw new UserError(`The console listens on loopback only (127.0.0.1, localhost or ::1), not on "${host}".`, 'invalid-input');
  const secret = options.secret ?? newSecret();
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();
  const uploads = new Uploads(options.uploadDir, options.uploads);
  await uploads.removeLeftovers();
  const sweeper = setInterval(() => void uploads.sweep(), SWEEP_UPLOADS_MS);
  sweeper.unref();

  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const unsubscribe = options.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  };

  const api = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (!hasSecret(req, secret)) return sendError(res, 401, 'This console needs its secret: open the address `canopy-batch serve` printed.');
    if (name === 'events' && req.method === 'GET') return events(req, res);
    if (req.method !== 'POST') return sendError(res, 405, 'Use POST for API calls.', 'invalid-input');
    if (!Object.hasOwn(options.handlers, name) && name !== 'upload') return sendError(res, 404, `There is no API method "${name}".`, 'not-found');
    try {
      if (name === 'upload') return sendJson(res, 200, { path: await uploads.receive(req) });
      const input = await readJson(req);
      const refused = refuseFileAccess(name, input, (path) => uploads.allows(path), 'uploaded in this console');
      if (refused) return sendJson(res, 403, { error: refused });
      const output = await options.handlers[name](name === 'imports.run' ? withOperatorsName(input) : input);
      // An adoption's plan and result name the operator's file, not the upload's internal name.
      const named = name === 'segments.adopt' ? JSON.parse(uploads.humanize(JSON.stringify(output))) : output;
      sendJson(res, 200, name === 'imports.run' ? await imported(input as { file: string }, output) : named);
    } catch (error) {
      const shape = toApiError(error);
      sendJson(res, statusOf(error, shape), { error: { ...shape, message: uploads.humanize(shape.message), ...(shape.sentence ? { sentence: JSON.parse(uploads.humanize(JSON.stringify(shape.sentence))) as typeof shape.sentence } : {}) } });
    }
  };

  /** The import history keeps the name the operator chose, not the upload's internal one. */
  const withOperatorsName = (input: unknown) =>
    typeof input === 'object' && input !== null && typeof (input as { file?: unknown }).file === 'string'
      ? { ...input, fileName: uploads.nameOf((input as { file: string }).file) }
      : input;

  /** An imported upload has done its work: deleted, and the result names the operator's file. */
  const imported = async (input: { file: string }, output: unknown) => {
    const name = uploads.nameOf(input.file);
    await uploads.discard(input.file);
    return { ...(output as object), file: name };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    const refused = checkOrigin(req, hosts);
    if (refused) return sendError(res, 403, refused);
    const path = new URL(req.url ?? '/', 'http://console.invalid').pathname;
    if (path.startsWith('/api/')) return api(req, res, path.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'Only GET and HEAD serve the screens.');
    return serveStatic(options.staticDir, req, res, path);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: toApiError(error) });
      else res.destroy();
    });
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UserError(`Port ${options.port} is in use: choose another with --port, or 0 for any free port.`) : error),
    );
    server.listen(options.port ?? 0, host, () => resolvePort((server.address() as AddressInfo).port));
  });
  hosts = allowedHosts(port);

  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}/#secret=${secret}`,
    port,
    secret,
    close: async () => {
      clearInterval(sweeper);
      await uploads.discardAll();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
