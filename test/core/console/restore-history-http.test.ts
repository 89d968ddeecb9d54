/**
 * Through the loopback console as the screens call it (HTTP, the per-launch secret): the import history names
 * the file the operator chose, not the upload's internal name, and a backup is restored by its listed name.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleServer } from '../../../src/main/core/console/server';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers } from '../../../src/main/core/handlers';
import type { BackupRestored, BackupView, ImportHistoryEntry, ImportResult } from '../../../src/shared/model';
import { fixture } from '../../support/run-cli';
import { readFileSync } from 'node:fs';
import { tempDir } from '../../support/temp-db';

const URL = 'http://127.0.0.1:9/app/api/rest/public/v2/project/datahook/data-receiver/x?token=tok-1234567890-abcd';

let dir: ReturnType<typeof tempDir>;
let engine: Engine;
let server: ConsoleServer;

/** One call as the page makes it; the answer's status and JSON body. */
async function api<T = unknown>(method: string, body: unknown): Promise<{ status: number; body: T & { error?: { message: string; code: string } } }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-canopy-secret': server.secret },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T & { error?: { message: string; code: string } } };
}

/** Uploads bytes as the page does when the operator drops a file called `name`; returns the upload's path. */
async function upload(name: string, bytes: Buffer): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/upload`, {
    method: 'POST',
    headers: { 'x-canopy-secret': server.secret, 'x-canopy-filename': encodeURIComponent(name), 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { path: string }).path;
}

async function importAs(name: string, segment: string, bytes = readFileSync(fixture('nl-excel-export.csv'))): Promise<ImportResult> {
  const file = await upload(name, bytes);
  const answer = await api<ImportResult>('imports.run', { file, connector: 'Shop', segment });
  expect(answer.status).toBe(200);
  return answer.body;
}

const history = async (segment: string) => (await api<ImportHistoryEntry[]>('segments.history', { connector: 'Shop', segment })).body;

beforeEach(async () => {
  dir = tempDir('canopy-console-restore-');
  const staticDir = join(dir.dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Canopy Batch</title>');
  engine = createEngine({ dataDir: join(dir.dir, 'data'), maintenance: false });
  server = await startConsole({
    handlers: createHandlers(engine) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    onEvent: (listener) => engine.onEvent(listener),
    uploadDir: join(dir.dir, 'data', 'uploads'),
    staticDir,
  });
  expect((await api('connectors.create', { name: 'Shop', url: URL, identifierType: 'hashed-email' })).status).toBe(200);
});

afterEach(async () => {
  await server.close();
  engine.close();
  dir.cleanup();
});

describe('the import history through the console', () => {
  it('names the file the operator dropped, not the upload it was read from', async () => {
    const result = await importAs('Leden mei 2026 (definitief).csv', 'Welcome');
    expect(result.file).toBe('Leden mei 2026 (definitief).csv');
    const [entry] = await history('Welcome');
    expect(entry.file).toBe('Leden mei 2026 (definitief).csv');
  });

  it('shows a name that could mislead (a folder part, a right-to-left override, control characters) as a plain file name', async () => {
    await importAs('C:\\Users\\an\\Desktop\\leden\u202Evsc.xlsx\u0007.csv', 'Welcome');
    const [entry] = await history('Welcome');
    expect(entry.file).toBe('ledenvsc.xlsx.csv');
  });

  it('a page cannot name the file something else: the console says what was uploaded', async () => {
    const file = await upload('echt.csv', readFileSync(fixture('nl-excel-export.csv')));
    expect((await api('imports.run', { file, connector: 'Shop', segment: 'Welcome', fileName: 'iets-anders.csv' })).status).toBe(200);
    expect((await history('Welcome'))[0].file).toBe('echt.csv');
  });
});

describe('restoring a backup through the console', () => {
  it('puts a listed backup in place: the later import is gone from the history and the queue', async () => {
    await importAs('eerste.csv', 'Welcome');
    const made = await api<BackupView>('backups.create', {});
    expect(made.status).toBe(200);
    await importAs('tweede.csv', 'Welcome', Buffer.from('E-mailadres;Voornaam\nnieuw@example.nl;Nieuw\n'));
    expect((await history('Welcome')).map((e) => e.file)).toEqual(['tweede.csv', 'eerste.csv']);

    const restored = await api<BackupRestored>('backups.restore', { name: made.body.name });

    expect(restored.status).toBe(200);
    expect(restored.body.restored.name).toBe(made.body.name);
    expect(restored.body.keptAs).toContain('canopy-batch.db.before-restore-');
    expect((await history('Welcome')).map((e) => e.file)).toEqual(['eerste.csv']);
    const listed = await api<BackupView[]>('backups.list', {});
    expect(listed.body.map((b) => b.name)).toEqual([made.body.name]);
  });

  it('refuses a path or a name that is not listed, with a sentence, and keeps the database', async () => {
    await importAs('eerste.csv', 'Welcome');
    const traversal = await api('backups.restore', { name: '../canopy-batch.db' });
    expect(traversal.status).toBe(400);
    expect(traversal.body.error?.message).toBe('Name a backup from the Backups list (a file name ending in .db, no folder)');
    const unknown = await api('backups.restore', { name: 'canopy-batch-2020-01-01.db' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toMatch(/^There is no backup "canopy-batch-2020-01-01\.db" in .*backups; choose one from the Backups list\. Nothing was restored\.$/);
    expect((await history('Welcome')).map((e) => e.file)).toEqual(['eerste.csv']);
  });
});
