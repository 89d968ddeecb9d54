/**
 * The console reads only what was given to it: files uploaded through it, deleted once imported or
 * abandoned; never a path the page names (the secrets file, the database), never a rejects file it names.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleServer } from '../../../src/main/core/console/server';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers } from '../../../src/main/core/handlers';
import { dataFiles } from '../../../src/main/core/paths';
import { tempDir } from '../../support/temp-db';

interface Answer {
  status: number;
  text: string;
}

function send(port: number, path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let dir: ReturnType<typeof tempDir>;
let engine: Engine;
let server: ConsoleServer;
let uploadDir: string;
let clock = 0;

async function start(options: Parameters<typeof startConsole>[0]['uploads'] = {}) {
  server = await startConsole({
    handlers: createHandlers(engine) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    onEvent: (listener) => engine.onEvent(listener),
    uploadDir,
    staticDir: join(dir.dir, 'renderer'),
    uploads: { now: () => clock, freeBytes: async () => 10 * 1024 ** 3, ...options },
  });
}

const api = async (method: string, body: unknown) => {
  const answer = await send(server.port, `/api/${method}`, { 'content-type': 'application/json', 'x-canopy-secret': server.secret }, JSON.stringify(body));
  return { status: answer.status, body: JSON.parse(answer.text) };
};

const upload = async (name: string, content: string | Buffer) => {
  const answer = await send(
    server.port,
    '/api/upload',
    { 'content-type': 'application/octet-stream', 'x-canopy-filename': encodeURIComponent(name), 'x-canopy-secret': server.secret },
    content,
  );
  return { status: answer.status, body: JSON.parse(answer.text) };
};

beforeEach(async () => {
  dir = tempDir('canopy-uploads-');
  uploadDir = join(dir.dir, 'uploads');
  mkdirSync(join(dir.dir, 'renderer'), { recursive: true });
  engine = createEngine({ dataDir: join(dir.dir, 'data') });
  await engine.connectors.create({ name: 'Demo', url: 'http://127.0.0.1:9/hook?token=secret-token-1234567890', identifierType: 'hashed-email' });
  clock = 0;
});

afterEach(async () => {
  await server?.close();
  engine.close();
  dir.cleanup();
});

describe('the console reads only files uploaded through it', () => {
  it('refuses to inspect or import the secrets file, the database, or any other path', async () => {
    await start();
    const secrets = dataFiles(engine.dataDir).secrets;
    expect(existsSync(secrets)).toBe(true);
    for (const file of [secrets, dataFiles(engine.dataDir).database, '/etc/passwd', join(uploadDir, '..', 'data', 'secrets.json')]) {
      for (const [method, input] of [
        ['imports.inspect', { file }],
        ['imports.run', { file, connector: 'Demo', segment: 'Stolen' }],
        ['segments.adopt', { file, connector: 'Demo', segment: 'Stolen' }],
      ] as const) {
        const answer = await api(method, input);
        expect(answer.status, `${method} ${file}`).toBe(403);
        expect(answer.body.error.message).toBe('Only a file you uploaded in this console can be imported here; choose the file again.');
        expect(JSON.stringify(answer.body)).not.toContain('secret-token');
      }
    }
    expect(engine.connectors.segments(engine.connectors.get('Demo').id)).toEqual([]);
  });

  it('refuses a rejects file named by the page (the engine would write it anywhere)', async () => {
    await start();
    const { body } = await upload('export.csv', 'email\nann@example.com\n');
    const answer = await api('imports.run', { file: body.path, connector: 'Demo', segment: 'S', rejectsFile: join(dir.dir, 'evil.csv') });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toBe('The rejects file is placed by the engine, in the data folder; it cannot be chosen here.');
  });

  it('an uploaded file is inspected and imported, then deleted; the result names the file the operator chose', async () => {
    await start();
    const { status, body } = await upload('HubSpot export.csv', 'email,city\nann@example.com,Utrecht\n');
    expect(status).toBe(200);
    expect((await api('imports.inspect', { file: body.path, connector: 'Demo' })).body.headers).toEqual(['email', 'city']);
    const result = await api('imports.run', { file: body.path, connector: 'Demo', segment: 'Welcome' });
    expect(result.status).toBe(200);
    expect(result.body.file).toBe('HubSpot export.csv');
    expect(result.body.pending.NEW).toBe(1);
    expect(readdirSync(uploadDir)).toEqual([]);
    expect((await api('imports.inspect', { file: body.path })).status).toBe(403);
  });

  it('an uploaded file can be adopted as what Deployteq holds; the plan and the result name the file the operator chose', async () => {
    await start();
    const { body } = await upload('Deployteq holds.csv', 'email,city\nann@example.com,Utrecht\n');
    const plan = await api('segments.adopt', { file: body.path, connector: 'Demo', segment: 'Held', dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ file: 'Deployteq holds.csv', members: 1, requests: 0 });
    const adopted = await api('segments.adopt', { file: body.path, connector: 'Demo', segment: 'Held' });
    expect(adopted.body.message).toBe('Adopting Deployteq holds.csv as what Deployteq holds in Held: 1 member(s) become delivered without any request.');
  });
});

describe('errors about an upload name the operator\'s file and answer 4xx', () => {
  it.each([
    ['Contacts.xlsx', Buffer.from('PK\u0003\u0004rest of a zip', 'latin1'), '"Contacts.xlsx" is an Excel workbook or ZIP archive, not a CSV or NDJSON export (save it as CSV first).'],
    ['Report.pdf', Buffer.from('%PDF-1.7\n...', 'latin1'), '"Report.pdf" is a PDF document, not a CSV or NDJSON export.'],
    ['Header only.csv', Buffer.from('email,city\n'), '"Header only.csv" has a header but no data rows; nothing was imported.'],
  ])('%s', async (name, content, message) => {
    await start();
    const { body } = await upload(name, content);
    for (const [method, input] of [
      ['imports.inspect', { file: body.path }],
      ['imports.run', { file: body.path, connector: 'Demo', segment: 'Welcome' }],
    ] as const) {
      if (name === 'Header only.csv' && method === 'imports.inspect') continue; // a header alone inspects fine
      const answer = await api(method, input);
      expect(answer.status, method).toBe(422);
      expect(answer.body.error.message).toBe(message);
      expect(answer.body.error.message).not.toContain(uploadDir);
    }
  });
});

describe('uploads are bounded and do not pile up', () => {
  it('an upload larger than the limit is refused with 413 and leaves nothing behind', async () => {
    await start({ maxBytes: 1000 });
    const answer = await upload('big.csv', `email\n${'a@example.com\n'.repeat(200)}`);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toBe('"big.csv" is larger than 1,000 bytes, far beyond a segment export; nothing was uploaded.');
    // Sent without a length (chunked), the limit is enforced while it streams.
    const chunked = await send(
      server.port,
      '/api/upload',
      { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', 'x-canopy-filename': 'big.csv', 'x-canopy-secret': server.secret },
      `email\n${'a@example.com\n'.repeat(200)}`,
    );
    expect(chunked.status).toBe(413);
    expect(existsSync(uploadDir) ? readdirSync(uploadDir) : []).toEqual([]);
  });

  it('an upload that does not fit on the disk is refused with 507, saying how much is free', async () => {
    await start({ freeBytes: async () => 100 * 1024 ** 2 });
    const answer = await upload('export.csv', 'email\nann@example.com\n');
    expect(answer.status).toBe(507);
    expect(answer.body.error.message).toBe('"export.csv" cannot be uploaded: the disk holding the data folder has 100 MB free, and 256 MB is needed.');
    expect(readdirSync(uploadDir)).toEqual([]);
  });

  it('an upload left unused is deleted; uploads of an earlier console are deleted when it starts', async () => {
    mkdirSync(uploadDir, { recursive: true });
    writeFileSync(join(uploadDir, 'left-by-yesterday.csv'), 'email\n');
    await start({ abandonedAfterMs: 1000 });
    expect(readdirSync(uploadDir)).toEqual([]);
    const { body } = await upload('export.csv', 'email\nann@example.com\n');
    clock = 5000;
    // The console sweeps on a timer; closing it sweeps everything that is left.
    await server.close();
    expect(existsSync(body.path)).toBe(false);
    await start();
  });
});
