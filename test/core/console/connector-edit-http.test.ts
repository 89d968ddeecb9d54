import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleServer } from '../../../src/main/core/console/server';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers } from '../../../src/main/core/handlers';
import { tempDir } from '../../support/temp-db';

let dir: ReturnType<typeof tempDir>;
let engine: Engine;
let server: ConsoleServer;

/** A call as the browser console makes it: POST /api/METHOD with the secret header. */
async function api(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-canopy-secret': server.secret },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  dir = tempDir('canopy-console-edit-');
  mkdirSync(join(dir.dir, 'renderer'), { recursive: true });
  engine = createEngine({ dataDir: join(dir.dir, 'data') });
  server = await startConsole({
    handlers: createHandlers(engine) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    onEvent: (listener) => engine.onEvent(listener),
    uploadDir: join(dir.dir, 'uploads'),
    staticDir: join(dir.dir, 'renderer'),
  });
});

afterEach(async () => {
  await server.close();
  engine.close();
  dir.cleanup();
});

describe('connectors.update over the console HTTP', () => {
  it('a token-only patch changes the token and nothing else', async () => {
    const created = await api('connectors.create', {
      name: 'Brand NL', url: 'https://webhook.example.com/hook', token: 'first-token-00001111', identifierType: 'hashed-email',
      batchSize: 250, flushIntervalMinutes: 45, dailyLimit: 1234, authMode: 'bearer', timeoutMs: 5000, partnerNumber: 4242,
    });
    expect(created.status).toBe(200);
    const before = created.json.connector as Record<string, unknown>;

    const edited = await api('connectors.update', { connector: 'Brand NL', patch: { token: 'second-token-22223333' } });
    expect(edited.status).toBe(200);
    const { updatedAt: _a, ...after } = edited.json.connector as Record<string, unknown>;
    const { updatedAt: _b, ...unchanged } = before;
    expect(after).toEqual({ ...unchanged, tokenMasked: '••••3333' });
  });

  it('an unknown field or a bad value is refused with its sentence, and nothing changes', async () => {
    await api('connectors.create', { name: 'Brand NL', url: 'https://webhook.example.com/hook', token: 'first-token-00001111' });
    const bad = await api('connectors.update', { connector: 'Brand NL', patch: { batchSize: 601 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid-input', message: 'Batch size is at most 600' });
    const misspelt = await api('connectors.update', { connector: 'Brand NL', patch: { batchsize: 10 } });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.error).toMatchObject({ code: 'invalid-input', message: 'A connector has no setting "batchsize"' });
    expect(engine.connectors.get('Brand NL').batchSize).toBe(500);
  });
});
