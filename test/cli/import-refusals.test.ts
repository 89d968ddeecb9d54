/** Bad files through the CLI as a script runs it: exit 1 with one sentence on stderr, and the status unchanged. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

const URL = 'http://127.0.0.1:9/app/api/rest/public/v2/project/datahook/data-receiver/x?token=tok-1234567890-abcd';

describe('import refuses what would become wrong data', () => {
  let dir: string;
  let cleanup: () => void;
  let before: string;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('canopy-cli-refusals-'));
    expect(runCli(dir, 'connector', 'add', '--name', 'Shop', '--identifier', 'hashed-email', '--url', URL).status).toBe(0);
    expect(runCli(dir, 'import', fixture('nl-excel-export.csv'), '--connector', 'Shop', '--segment', 'Welcome').status).toBe(0);
    before = runCli(dir, 'status', '--json').stdout;
  });
  afterAll(() => cleanup());

  const refused = (file: string, message: string | RegExp, ...extra: string[]) => {
    const result = runCli(dir, 'import', file, '--connector', 'Shop', '--segment', 'Welcome', ...extra);
    expect(result.status).toBe(1);
    if (typeof message === 'string') expect(result.stderr).toBe(`${message}\n`);
    else expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('Unexpected error');
    expect(runCli(dir, 'status', '--json').stdout).toBe(before);
  };

  it('a file mixing UTF-8 and Windows-1252', () => {
    refused(
      fixture('bad/mixed-encodings.csv'),
      '"mixed-encodings.csv" line 3 has bytes that are not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings and would be garbled. Save it again as "CSV UTF-8", or choose its encoding (--encoding).',
    );
  });

  it('a file cut off in its last line', () => {
    refused(fixture('bad/cut-off.csv'), /^"cut-off\.csv" line 4 is cut off \(2 of 3 fields, no line end\)/);
  });

  it('JSON nested 100,000 deep, and a FIFO', () => {
    const deep = join(dir, 'deep.ndjson');
    writeFileSync(deep, `{"email": "a@example.com", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    refused(deep, '"deep.ndjson" line 1 is JSON nested deeper than 64 levels; NDJSON needs one flat profile a line.');
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    refused(fifo, '"pipe.csv" is a pipe (FIFO), not a file: save the export as a file and import that.');
  });

  it('--encoding reads the file as the operator says; an unknown encoding is a usage error', () => {
    const wrong = runCli(dir, 'import', fixture('bad/mixed-encodings.csv'), '--connector', 'Shop', '--segment', 'Mixed', '--encoding', 'latin-9');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--encoding must be one of UTF-8, UTF-16LE, UTF-16BE, Windows-1252');
    const chosen = runCli(dir, 'import', fixture('bad/mixed-encodings.csv'), '--connector', 'Shop', '--segment', 'Mixed', '--encoding', 'windows-1252', '--json');
    expect(chosen.status).toBe(0);
    expect(JSON.parse(chosen.stdout)).toMatchObject({ encoding: 'Windows-1252', rowsRead: 3, pending: { NEW: 3 } });
  });

  it('--format reads the file as the operator says; a file that does not read as it is refused; an unknown format is a usage error', () => {
    const named = join(dir, 'contacts.jsonl');
    writeFileSync(named, 'email,city\nann@example.com,Delft\nbob@example.com,Gouda\n');
    before = runCli(dir, 'status', '--json').stdout; // the --encoding test imported a segment
    refused(fixture('hubspot-export.csv'), '"hubspot-export.csv" does not read as NDJSON; leave the format out to have it detected.', '--format', 'ndjson');
    const unknown = runCli(dir, 'import', named, '--connector', 'Shop', '--segment', 'Named', '--format', 'xlsx');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--format must be one of csv, ndjson.');
    const asCsv = runCli(dir, 'import', named, '--connector', 'Shop', '--segment', 'Named', '--format', 'csv', '--json');
    expect(asCsv.status).toBe(0);
    expect(JSON.parse(asCsv.stdout)).toMatchObject({ format: 'csv', delimiter: ',', rowsRead: 2, pending: { NEW: 2 } });
  });
});
