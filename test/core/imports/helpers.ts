import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readRecords, type ImportRecord, type ReadHooks, type ReadOptions, type ReadSummary } from '../../../src/main/core/imports/records';
import type { RejectedRow } from '../../../src/main/core/imports/rejects';

const ROOT = resolve(__dirname, '../../..');
export const fixture = (name: string) => resolve(ROOT, 'test/fixtures', name);
export const badFile = (name: string) => resolve(ROOT, 'test/fixtures/bad', name);

/** A temp folder per test file; `write` puts a file in it (text as UTF-8, or exact bytes). */
export function tempFolder() {
  let dir = '';
  return {
    create: () => (dir = mkdtempSync(join(tmpdir(), 'canopy-imports-'))),
    remove: () => dir && rmSync(dir, { recursive: true, force: true }),
    path: (name: string) => join(dir, name),
    write(name: string, content: string | Buffer): string {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

export interface ReadAll {
  records: ImportRecord[];
  rejects: RejectedRow[];
  summary: ReadSummary;
  chunks: number[];
}

/** Reads a whole file through the streaming reader, keeping everything (small test files only). */
export async function readAll(file: string, options: ReadOptions, hooks: ReadHooks = {}): Promise<ReadAll> {
  const records: ImportRecord[] = [];
  const rejects: RejectedRow[] = [];
  const chunks: number[] = [];
  const iterator = readRecords(file, options, { ...hooks, onReject: (row) => rejects.push(row) });
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { records, rejects, summary: next.value, chunks };
    chunks.push(next.value.length);
    records.push(...next.value);
  }
}

/** The message of the error a promise rejects with (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but it succeeded');
}

export const paramsOf = (record: ImportRecord) => Object.fromEntries(record.params.map((p) => [p.name, p.value]));
export const typesOf = (record: ImportRecord) => Object.fromEntries(record.params.map((p) => [p.name, p.type]));
