import { Agent, request } from 'undici';
import { withTokenParam } from './redact';

export interface PostOptions {
  token: string;
  authMode: 'query' | 'bearer';
  /** Connect timeout, and the longest wait for the response's headers and between body chunks. */
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

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/**
 * Posts JSON bodies over keep-alive connections (one undici Agent per connect timeout: connectors mostly
 * share one). Never retries by itself: retries are the caller's decision, with the same uuid and body.
 */
export class Sender {
  private readonly agents = new Map<number, Agent>();

  private agent(timeoutMs: number): Agent {
    let agent = this.agents.get(timeoutMs);
    if (!agent) {
      agent = new Agent({ connect: { timeout: timeoutMs }, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 10 * 60_000 });
      this.agents.set(timeoutMs, agent);
    }
    return agent;
  }

  /** Sends one body. Resolves with any HTTP answer; rejects only when there was none (network error, timeout, abort). */
  async post(endpoint: string, body: string, options: PostOptions): Promise<PostResult> {
    const url = options.authMode === 'query' ? withTokenParam(endpoint, options.token) : endpoint;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'canopy-batch' };
    if (options.authMode === 'bearer') headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: this.agent(options.timeoutMs),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: options.signal,
    });
    const text = await readCapped(response.body);
    const responseHeaders: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) responseHeaders[name] = single(value);
    return { status: response.statusCode, headers: responseHeaders, body: text, latencyMs: Math.round(performance.now() - started) };
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
