/**
 * Bad files through the engine, as an operator imports them: each is refused with its sentence, and
 * nothing stored changes (the segment's members, its pending changes, the list of segments).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/core/engine';
import { UserError } from '../../../src/main/core/errors';
import { badFile, errorOf, tempFolder } from './helpers';

const folder = tempFolder();
let engine: Engine;

beforeEach(async () => {
  engine = createEngine({ dataDir: folder.create() });
  await engine.connectors.create({ name: 'Demo', url: 'https://example.invalid/hook', token: 'test-token-abcd', identifierType: 'hashed-email' });
});
afterEach(() => {
  engine.close();
  folder.remove();
});

/** Everything an import could change. */
function stored() {
  const db = engine.db;
  return {
    segments: db.prepare('SELECT id, name FROM segments ORDER BY id').all(),
    desired: db.prepare('SELECT segment_id, customer_id, params FROM desired_state ORDER BY segment_id, customer_id').all(),
    pending: db.prepare('SELECT segment_id, customer_id, status FROM pending ORDER BY segment_id, customer_id').all(),
    imports: db.prepare('SELECT count(*) AS n FROM imports').get(),
  };
}

const importInto = (file: string, segment: string, extra: Record<string, unknown> = {}) =>
  engine.importFile({ file, connector: 'Demo', segment, ...extra });

/** A segment with members, then the bad file into it and into a new segment name: both refused, nothing changed. */
async function expectRefusedAndUnchanged(file: string, message: string | RegExp) {
  await importInto(folder.write('members.csv', 'email,city\nann@example.com,Utrecht\ndirk@example.com,Delft\n'), 'Members');
  const before = stored();
  for (const segment of ['Members', 'Brand new']) {
    const error = await errorOf(importInto(file, segment));
    expect(error).toBeInstanceOf(UserError);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  }
  expect(stored()).toEqual(before);
}

describe('a file that is not whole is refused, and nothing stored changes', () => {
  it('a file that grows while it is read (an export still being written)', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `p${i}@example.com,Utrecht\n`).join('');
    const file = folder.write('growing.csv', `email,city\n${rows}`);
    const grow = engine.onEvent((event) => {
      if (event.type === 'import-progress') appendFileSync(file, 'late@example.com,Breda\n');
    });
    await expectRefusedAndUnchanged(file, /^"growing\.csv" changed while it was read \([\d,]+ bytes at the start, [\d,]+ at the end\): the file may still be being written or was cut short\. Wait until the export has finished, then import it again; nothing was changed\.$/);
    grow();
  });

  it('a CSV whose last line is cut off without a line end', async () => {
    await expectRefusedAndUnchanged(
      badFile('cut-off.csv'),
      '"cut-off.csv" line 4 is cut off (2 of 3 fields, no line end): the file may still be being written or was cut short. Wait until the export has finished, then import it again; nothing was changed.',
    );
  });

  it('an NDJSON file whose last line is half an object', async () => {
    await expectRefusedAndUnchanged(
      badFile('cut-off.ndjson'),
      /^"cut-off\.ndjson" line 2 is cut off \(column \d+: not valid JSON \(.*\)\): the file may still be being written or was cut short\./,
    );
  });

  it('a last line without a line end that is complete imports as usual', async () => {
    const result = await importInto(folder.write('no-final-newline.csv', 'email,city\nann@example.com,Utrecht'), 'Members');
    expect(result.rowsRead).toBe(1);
  });
});

describe('a file that mixes two encodings is refused unless the operator names the encoding', () => {
  it('UTF-8 on one line, Windows-1252 on another: refused, naming the first bad line', async () => {
    await expectRefusedAndUnchanged(
      badFile('mixed-encodings.csv'),
      '"mixed-encodings.csv" line 3 has bytes that are not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings and would be garbled. Save it again as "CSV UTF-8", or choose its encoding (--encoding).',
    );
  });

  it('the mix found far beyond the first 64 KB, where detection guessed Windows-1252 from the start', async () => {
    const plain = Array.from({ length: 5000 }, (_, i) => `p${i}@example.com,Ren\xe9e\n`).join('');
    const bytes = Buffer.concat([Buffer.from('email,name\n'), Buffer.from(plain, 'latin1'), Buffer.from('last@example.com,Jérôme\n', 'utf8')]);
    await expectRefusedAndUnchanged(folder.write('late-mix.csv', bytes), /^"late-mix\.csv" line 2 has bytes that are not valid UTF-8, while line 5002 is UTF-8/);
  });

  it('with --encoding Windows-1252 the operator\'s choice is read as such', async () => {
    const result = await importInto(badFile('mixed-encodings.csv'), 'Members', { encoding: 'Windows-1252' });
    expect(result.encoding).toBe('Windows-1252');
    const names = engine.db.prepare("SELECT params FROM desired_state ORDER BY customer_id").all() as Array<{ params: string }>;
    expect(names.map((r) => JSON.parse(r.params).find((p: { name: string }) => p.name === 'name').value).sort()).toEqual(['Cor', 'JÃ©rÃ´me', 'Renée']);
  });

  it('a pure Windows-1252 file still imports without a choice', async () => {
    const result = await importInto(folder.write('cp1252.csv', Buffer.from('email,name\nann@example.com,Ren\xe9e\n', 'latin1')), 'Members');
    expect(result.encoding).toBe('Windows-1252');
  });
});

describe('files that used to print "Unexpected error"', () => {
  it('JSON nested 100,000 levels deep (a stack overflow before)', async () => {
    const depth = 100_000;
    const file = folder.write('deep.ndjson', `{"email": "bob@example.com"}\n{"email": "ann@example.com", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}\n`);
    await expectRefusedAndUnchanged(file, '"deep.ndjson" line 2 is JSON nested deeper than 64 levels; NDJSON needs one flat profile a line.');
  });

  it('a FIFO as the file (it would block, or fail with ESPIPE)', async () => {
    const fifo = folder.path('export.csv');
    execFileSync('mkfifo', [fifo]);
    await expectRefusedAndUnchanged(fifo, '"export.csv" is a pipe (FIFO), not a file: save the export as a file and import that.');
  });

  it('a device as the file', async () => {
    await expectRefusedAndUnchanged('/dev/zero', '"zero" is a device, not a file: save the export as a file and import that.');
  });

  it('a failed import into a new segment name leaves no empty segment behind', async () => {
    writeFileSync(folder.path('header-only.csv'), 'email,city\n');
    await errorOf(importInto(folder.path('header-only.csv'), 'Never made'));
    expect(stored().segments).toEqual([]);
  });
});
