import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleServer } from '../../../src/main/core/console/server';
import { safeUploadName } from '../../../src/main/core/console/uploads';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers } from '../../../src/main/core/handlers';
import { tempDir } from '../../support/temp-db';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request (node:http, so Host and Origin can be set as an attacker's page would). */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let dir: ReturnType<typeof tempDir>;
let engine: Engine;
let server: ConsoleServer;
let staticDir: string;
let uploadDir: string;

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  send(server.port, `/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-canopy-secret': server.secret, ...headers },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  dir = tempDir('canopy-console-');
  staticDir = join(dir.dir, 'renderer');
  uploadDir = join(dir.dir, 'uploads');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Canopy Batch</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.dir, 'secret.txt'), 'not for the browser');
  engine = createEngine({ dataDir: join(dir.dir, 'data') });
  server = await startConsole({
    handlers: createHandlers(engine) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    onEvent: (listener) => engine.onEvent(listener),
    uploadDir,
    staticDir,
  });
});

afterEach(async () => {
  await server.close();
  engine.close();
  dir.cleanup();
});

describe('browser console: serving the screens', () => {
  it('prints a loopback URL that carries the per-launch secret in its fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#secret=[\\w-]{43}$`));
  });

  it('serves the built screens with a strict Content-Security-Policy and nosniff', async () => {
    const page = await send(server.port, '/', { headers: { host: `127.0.0.1:${server.port}` } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Canopy Batch</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await send(server.port, '/assets/app.js', { headers: { host: `localhost:${server.port}` } });
    expect(script.headers['content-type']).toContain('text/javascript');
  });

  it('never serves a file outside the screens folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const answer = await send(server.port, path, { headers: { host: `127.0.0.1:${server.port}` } });
      expect(answer.status, path).toBe(404);
      expect(answer.text).not.toContain('not for the browser');
    }
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(startConsole({ handlers: {}, onEvent: () => () => undefined, uploadDir, staticDir, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});

describe('browser console: who may call the API', () => {
  it('refuses a call without the secret, or with a wrong one', async () => {
    expect((await api('connectors.list', {}, { 'x-canopy-secret': '' })).status).toBe(401);
    const wrong = await api('connectors.list', {}, { 'x-canopy-secret': 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).error.message).toMatch(/needs its secret/);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const answer = await api('connectors.list', {}, { host: `attacker.example:${server.port}` });
    expect(answer.status).toBe(403);
    const page = await send(server.port, '/', { headers: { host: `attacker.example:${server.port}` } });
    expect(page.status).toBe(403);
  });

  it('refuses a request from another origin, and accepts one from itself', async () => {
    expect((await api('connectors.list', {}, { origin: 'http://attacker.example' })).status).toBe(403);
    expect((await api('connectors.list', {}, { origin: 'null' })).status).toBe(403);
    expect((await api('connectors.list', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200);
  });
});

describe('browser console: the API', () => {
  it('calls the engine handler of the method and answers its JSON', async () => {
    const created = await api('connectors.create', { name: 'Sandbox', url: 'http://127.0.0.1:9/hook?token=token-1234567890' });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.text).connector).toMatchObject({ name: 'Sandbox', endpoint: 'http://127.0.0.1:9/hook', tokenMasked: '••••7890' });
    expect(created.text).not.toContain('token-1234567890');
    const list = JSON.parse((await api('connectors.list', {})).text);
    expect(list.map((c: { name: string }) => c.name)).toEqual(['Sandbox']);
  });

  it('answers an engine refusal as an error with its sentence and the field it concerns', async () => {
    const answer = await api('connectors.create', { name: '', url: 'https://example.com/hook', token: 't', batchSize: 601 });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatchObject({
      code: 'invalid-input',
      issues: expect.arrayContaining([
        { path: 'batchSize', message: 'Batch size is at most 600', sentence: { code: 'fieldMaximum', params: { field: 'batchSize', maximum: 600 } } },
      ]),
    });
    expect((await api('connectors.remove', { connector: 'Nobody' })).status).toBe(404);
  });

  it('answers 404 for a method that does not exist, including inherited object names', async () => {
    for (const method of ['nope', 'constructor', '__proto__', 'toString']) {
      const answer = await api(method, {});
      expect(answer.status, method).toBe(404);
      expect(JSON.parse(answer.text).error.code).toBe('not-found');
    }
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await send(server.port, '/api/connectors.list', { method: 'POST', headers: { 'content-type': 'application/json', 'x-canopy-secret': server.secret }, body: '{' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.message).toBe('The request body is not valid JSON.');
  });
});

describe('browser console: uploads and live events', () => {
  it('streams an uploaded file into the upload folder under a safe name', async () => {
    const answer = await send(server.port, '/api/upload', {
      method: 'POST',
      headers: { 'x-canopy-secret': server.secret, 'x-canopy-filename': encodeURIComponent('../../etc/passwd; export.csv'), 'content-type': 'application/octet-stream' },
      body: Buffer.from('email\na@example.com\n'),
    });
    expect(answer.status).toBe(200);
    const { path } = JSON.parse(answer.text) as { path: string };
    expect(path.startsWith(uploadDir)).toBe(true);
    expect(readdirSync(uploadDir)).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe('email\na@example.com\n');
    expect(path).toMatch(/-passwd_ export\.csv$/);
  });

  it('keeps any uploaded name inside the folder', () => {
    for (const name of ['..', '../..', '/etc/passwd', 'C:\\Windows\\x.csv', '%2e%2e%2f', '.hidden', '']) {
      expect(safeUploadName(name)).toMatch(/^[0-9a-f-]{36}-[A-Za-z0-9._ -]+$/);
      expect(safeUploadName(name)).not.toContain('/');
    }
  });

  it('streams the engine events to the page as server-sent events', async () => {
    const event = { type: 'import-progress', jobId: 'job-1', rowsRead: 5, bytesRead: 10, totalBytes: 20 } as const;
    const received = new Promise<{ type: string; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { 'x-canopy-secret': server.secret } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          // The first chunk (retry:) means the stream is subscribed: now the engine speaks.
          if (text === '') engine.emit(event);
          text += chunk.toString();
          if (text.includes('data: ')) {
            req.destroy();
            resolve({ type: String(res.headers['content-type']), text });
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const { type, text } = await received;
    expect(type).toContain('text/event-stream');
    expect(JSON.parse(/data: (.*)\n\n/.exec(text)![1])).toEqual(event);
  });
});
