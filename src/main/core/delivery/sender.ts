import type { Socket } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { withTokenParam } from './redact';

export interface PostOptions {
  token: string;
  authMode: 'query' | 'bearer';
  /** The deadline of the whole exchange (connect, request, headers and the entire response body). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PostResult {
  status: number;
  headers: Record<string, string | undefined>;
  /** The response body, up to RESPONSE_KEEP characters (the rest is read and dropped). */
  body: string;
  latencyMs: number;
}

const RESPONSE_KEEP = 64 * 1024;

/** The exchange took longer than its deadline (a receiver that trickles its answer is cut off too). */
export class DeadlineError extends Error {
  readonly code = 'CANOPY_DEADLINE';
  constructor(timeoutMs: number) {
    super(`No complete answer within ${timeoutMs} ms`);
    this.name = 'DeadlineError';
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/**
 * Posts JSON bodies over keep-alive connections (one undici Agent per connect timeout: connectors mostly
 * share one). Never retries by itself: retries are the caller's decision, with the same uuid and body.
 */
export class Sender {
  private readonly agents = new Map<number, Agent>();
  /** Open connections, to tell when a request has been handed to the kernel in full. */
  private readonly sockets = new Set<Socket>();

  private agent(timeoutMs: number): Agent {
    let agent = this.agents.get(timeoutMs);
    if (!agent) {
      const connect = buildConnector({ timeout: timeoutMs });
      agent = new Agent({
        connect: (options, callback) =>
          connect(options, (error, socket) => {
            if (socket) {
              this.sockets.add(socket);
              socket.once('close', () => this.sockets.delete(socket));
            }
            callback(error, socket as never);
          }),
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 10 * 60_000,
      });
      this.agents.set(timeoutMs, agent);
    }
    return agent;
  }

  /**
   * Posts like `post`, and also says when the request has left: `sent` resolves once a connection has taken
   * the whole body into the kernel (or the answer came, or a few turns passed). A caller about to do long
   * synchronous work waits for it, so the receiver gets the request while that work runs.
   */
  send(endpoint: string, body: string, options: PostOptions): { answer: Promise<PostResult>; sent: Promise<void> } {
    const before = new Map([...this.sockets].map((socket) => [socket, socket.bytesWritten]));
    // Encoded once here: undici would encode a string again, and `sent` needs its length in bytes.
    const payload = Buffer.from(body);
    const answer = this.post(endpoint, payload, options);
    let settled = false;
    answer.then(
      () => (settled = true),
      () => (settled = true),
    );
    const bytes = payload.length;
    const sent = (async () => {
      for (let turn = 0; turn < 100 && !settled; turn++) {
        for (const socket of this.sockets) {
          if (socket.bytesWritten - (before.get(socket) ?? 0) >= bytes && socket.writableLength === 0) return;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    return { answer, sent };
  }

  /** Sends one body. Resolves with any HTTP answer; rejects only when there was none (network error, timeout, abort). */
  async post(endpoint: string, body: string | Buffer, options: PostOptions): Promise<PostResult> {
    const url = options.authMode === 'query' ? withTokenParam(endpoint, options.token) : endpoint;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'canopy-batch' };
    if (options.authMode === 'bearer') headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    // undici's timeouts measure gaps (headers, then between body chunks); one timer bounds the whole exchange.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineError(options.timeoutMs)), options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent(options.timeoutMs),
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal,
      });
      const text = await readCapped(response.body);
      const responseHeaders: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) responseHeaders[name] = single(value);
      return { status: response.statusCode, headers: responseHeaders, body: text, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      throw deadline.signal.aborted && !options.signal?.aborted ? deadline.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes idle connections; requests in flight finish first. */
  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }

  /** Drops every connection at once, aborting requests in flight. */
  async destroy(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.destroy()));
    this.agents.clear();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy?: (err?: Error) => unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < RESPONSE_KEEP) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_KEEP);
}
