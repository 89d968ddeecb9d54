/**
 * The error contract, one table for every transport: an engine refusal of each kind reaches the operator with
 * the same code and the same sentence whether it crossed the desktop bridge (engine process → main → preload
 * envelope → the renderer's api client), the browser console's HTTP (a real loopback request, with the status
 * the code's row names), or the CLI (a child process: the sentence on stderr, exit status 1).
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES, HTTP_STATUS_OF_CODE, httpErrorBodySchema, type ApiErrorCode, type ApiErrorShape } from '../../src/shared/errors';
import { createEngine } from '../../src/main/core/engine';
import { createHandlers, toApiError } from '../../src/main/core/handlers';
import { UserError } from '../../src/main/core/errors';
import { startConsole, type ConsoleServer } from '../../src/main/core/console/server';
import { fromBridge } from '../../src/renderer/api/client';
import { ApiError } from '../../src/renderer/api/errors';
import type { Api } from '../../src/shared/api';
import { startEngineBridge } from '../support/engine-bridge';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const URL = 'http://127.0.0.1:9/hook?token=tok-0123456789abcdef';
const members = (n: number) => `customer_id,city\n${Array.from({ length: n }, (_, i) => `${1000 + i},Utrecht`).join('\n')}\n`;

interface Refusal {
  code: ApiErrorCode;
  method: string;
  /** A file the call reads: named by path over the bridge and the CLI, uploaded in the console. */
  file?: { name: string; content: string };
  input: (file: string) => Record<string, unknown>;
  cli: (file: string) => string[];
}

/** One engine refusal per code the engine can be made to give from outside; 'unexpected' is a bug, see below. */
const REFUSALS: Refusal[] = [
  {
    code: 'invalid-input',
    method: 'connectors.create',
    input: () => ({ name: 'Bad', url: 'not a url' }),
    cli: () => ['connector', 'add', '--name', 'Bad', '--url', 'not a url'],
  },
  {
    code: 'not-found',
    method: 'connectors.remove',
    input: () => ({ connector: 'Nope' }),
    cli: () => ['connector', 'remove', '--name', 'Nope'],
  },
  {
    code: 'conflict',
    method: 'connectors.create',
    input: () => ({ name: 'Shop', url: URL }),
    cli: () => ['connector', 'add', '--name', 'Shop', '--url', URL],
  },
  {
    code: 'failed',
    method: 'imports.run',
    file: { name: 'empty.csv', content: '' },
    input: (file) => ({ file, connector: 'Shop', segment: 'Members' }),
    cli: (file) => ['import', file, '--connector', 'Shop', '--segment', 'Members'],
  },
  {
    code: 'removals-need-confirmation',
    method: 'imports.run',
    file: { name: 'truncated.csv', content: members(1) },
    input: (file) => ({ file, connector: 'Shop', segment: 'Members', mode: 'snapshot' }),
    cli: (file) => ['import', file, '--connector', 'Shop', '--segment', 'Members', '--mode', 'snapshot'],
  },
];

let dir: ReturnType<typeof tempDir>;
let bridge: ReturnType<typeof startEngineBridge>;
let desktop: Api;
let server: ConsoleServer;
let consoleEngine: ReturnType<typeof createEngine>;

/** A data folder with connector Shop and its segment Members of 60 profiles (so a 1-row snapshot removes 59). */
async function seed(dataDir: string) {
  const engine = createEngine({ dataDir });
  const handlers = createHandlers(engine);
  await handlers['connectors.create']({ name: 'Shop', url: URL });
  const file = join(dir.dir, 'members.csv');
  writeFileSync(file, members(60));
  await handlers['imports.run']({ file, connector: 'Shop', segment: 'Members' });
  engine.close();
}

function post(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const secretHeader = () => ({ 'x-canopy-secret': server.secret });

/** The call through the console, as the browser page makes it: the file uploaded first. */
async function overHttp(refusal: Refusal): Promise<{ status: number; error: ApiErrorShape }> {
  let file = '';
  if (refusal.file) {
    const uploaded = await post('/api/upload', { ...secretHeader(), 'content-type': 'application/octet-stream', 'x-canopy-filename': refusal.file.name }, refusal.file.content);
    file = (JSON.parse(uploaded.text) as { path: string }).path;
  }
  const answer = await post(`/api/${refusal.method}`, { ...secretHeader(), 'content-type': 'application/json' }, JSON.stringify(refusal.input(file)));
  return { status: answer.status, error: httpErrorBodySchema.parse(JSON.parse(answer.text)).error };
}

function localFile(refusal: Refusal): string {
  if (!refusal.file) return '';
  const path = join(dir.dir, refusal.file.name);
  writeFileSync(path, refusal.file.content);
  return path;
}

/** The call through the desktop bridge: what the screens' api client throws. */
async function overIpc(refusal: Refusal): Promise<ApiError> {
  const method = desktop[refusal.method as keyof Api] as (input: unknown) => Promise<unknown>;
  const error = await method(refusal.input(localFile(refusal))).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${refusal.method} should have been refused`).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  dir = tempDir('canopy-error-contract-');
  const dataDir = join(dir.dir, 'data');
  await seed(dataDir);
  bridge = startEngineBridge(dataDir);
  expect(await bridge.client.started).toBe(true);
  desktop = fromBridge(bridge.bridge);
  consoleEngine = createEngine({ dataDir });
  server = await startConsole({
    handlers: createHandlers(consoleEngine) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    onEvent: (listener) => consoleEngine.onEvent(listener),
    uploadDir: join(dir.dir, 'uploads'),
    staticDir: join(dir.dir, 'renderer'),
  });
});

afterAll(async () => {
  await server?.close();
  consoleEngine?.close();
  await bridge?.stop();
  dir?.cleanup();
});

describe('the error codes, defined once', () => {
  it('give every code an HTTP status: 4xx for a refusal in words, 500 only for an error the engine did not expect', () => {
    for (const code of API_ERROR_CODES) {
      const status = HTTP_STATUS_OF_CODE[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status >= 500, code).toBe(code === 'unexpected');
    }
  });

  it('cover every kind of refusal the engine gives from outside (only the bug code cannot be asked for)', () => {
    expect(REFUSALS.map((r) => r.code).sort()).toEqual(API_ERROR_CODES.filter((c) => c !== 'unexpected').sort());
  });

  it('say an error the engine did not expect as unexpected, with its message, and never as a refusal', () => {
    expect(toApiError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({
      code: 'unexpected',
      message: "Unexpected error: Cannot read properties of undefined (reading 'id')",
    });
    expect(toApiError(new UserError('The file is empty.'))).toEqual({ code: 'failed', message: 'The file is empty.' });
  });
});

describe.each(REFUSALS)('a $code refusal ($method)', (refusal) => {
  it('reaches the screens over IPC, the console over HTTP and the CLI with the same code and sentence', async () => {
    const desktopError = await overIpc(refusal);
    const http = await overHttp(refusal);
    const cli = runCli(join(dir.dir, 'data'), ...refusal.cli(localFile(refusal)));

    expect(desktopError.code).toBe(refusal.code);
    expect(http.error.code).toBe(refusal.code);
    expect(http.status).toBe(HTTP_STATUS_OF_CODE[refusal.code]);
    expect(http.error.message).toBe(desktopError.message);
    expect(cli.stderr.trim()).toBe(desktopError.message);
    expect(cli.status).toBe(1);
    expect(desktopError.message).not.toMatch(/^Unexpected error|[{}]/);
    expect(http.error.details).toEqual(desktopError.details);
  });
});
