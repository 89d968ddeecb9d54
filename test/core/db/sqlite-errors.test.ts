/** SQLite's failures while the engine works, as the operator reads them: one sentence naming the data folder. */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { createHandlers, toApiError } from '../../../src/main/core/handlers';
import { dataFiles } from '../../../src/main/core/paths';
import { tempDir } from '../../support/temp-db';

let folder: ReturnType<typeof tempDir>;
let engine: Engine;
beforeEach(async () => {
  folder = tempDir('canopy-sqlite-');
  engine = createEngine({ dataDir: folder.dir });
  await engine.connectors.create({ name: 'Shop', url: 'http://127.0.0.1:9/hook?token=tok-1234567890', identifierType: 'hashed-email' });
});
afterEach(() => {
  engine.close();
  folder.cleanup();
});

const messageOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toApiError(error).message;
  }
  throw new Error('expected a refusal');
};

function exportFile(rows: number): string {
  const file = join(folder.dir, 'export.csv');
  writeFileSync(file, `email,notes\n${Array.from({ length: rows }, (_, i) => `p${i}@example.com,${'x'.repeat(200)}`).join('\n')}\n`);
  return file;
}

describe('SQLite failures in words', () => {
  it('a full disk', async () => {
    const pages = engine.db.pragma('page_count', { simple: true }) as number;
    engine.db.pragma(`max_page_count = ${pages + 2}`); // the disk "fills up" two pages from now
    const handlers = createHandlers(engine);
    const message = await messageOf(handlers['imports.run']({ file: exportFile(5000), connector: 'Shop', segment: 'Welcome' }));
    expect(message).toBe(`The disk holding the data folder ${folder.dir} is full: free some space and try again; nothing was changed.`);
    engine.db.pragma('max_page_count = 4294967294');
    expect(engine.db.prepare('SELECT count(*) AS n FROM desired_state').get()).toEqual({ n: 0 });
  });

  it('a folder another process is writing to (busy)', async () => {
    const other = new Database(dataFiles(folder.dir).database);
    other.prepare('BEGIN IMMEDIATE').run();
    engine.db.pragma('busy_timeout = 20');
    try {
      const message = await messageOf(createHandlers(engine)['imports.run']({ file: exportFile(10), connector: 'Shop', segment: 'Welcome' }));
      expect(message).toBe(
        `The data folder ${folder.dir} is busy: another Canopy Batch (the desktop app, \`serve\` or \`run\`) is writing to it. Try again in a moment; nothing was changed.`,
      );
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
  });
});
