import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openImport } from '../../../src/main/core/imports/records';
import type { ImportProgress } from '../../../src/shared/model';
import { errorOf, tempFolder } from './helpers';

const folder = tempFolder();
beforeEach(folder.create);
afterEach(folder.remove);

/** A CSV export of `rows` profiles, written as a stream. */
async function bigExport(rows: number): Promise<string> {
  const file = folder.path('big.csv');
  const out = createWriteStream(file);
  out.write('email;voornaam;plaats;geboortedatum;punten;nieuwsbrief\r\n');
  for (let i = 0; i < rows; i += 1000) {
    let lines = '';
    for (let k = i; k < Math.min(rows, i + 1000); k++) lines += `user${k}@example.com;"Naam ${k}";Plaats ${k % 40};01-0${1 + (k % 9)}-1980;${k % 500};${k % 2 ? 'ja' : 'nee'}\r\n`;
    if (!out.write(lines)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

/** The V8 heap in use after a full collection (the flag is set for this test process only). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('the reader streams', () => {
  it('hands over bounded chunks, and its heap does not grow with the rows read', async () => {
    const rows = 300_000;
    const file = await bigExport(rows);
    const reader = await openImport(file, { identifierType: 'hashed-email', chunkSize: 2000 });
    let seen = 0;
    let largest = 0;
    let heapEarly = 0;
    for await (const chunk of reader.records()) {
      seen += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (heapEarly === 0 && seen >= rows / 10) heapEarly = heapAfterGc();
    }
    const heapLate = heapAfterGc();
    expect(seen).toBe(rows);
    // A chunk is handed over after the read chunk (256 KB, ~4,000 of these rows) that filled it.
    expect(largest).toBeLessThan(2000 + 5000);
    // 270,000 more records kept would be well over 100 MB; a streaming reader holds one chunk.
    expect(heapLate - heapEarly).toBeLessThan(10 * 1024 * 1024);
  });

  it('reports rows and bytes read while it reads, ending at the file size', async () => {
    const file = await bigExport(50_000);
    const reader = await openImport(file, { identifierType: 'hashed-email' });
    const progress: ImportProgress[] = [];
    let firstChunkAt: number | null = null;
    for await (const chunk of reader.records({ onProgress: (p) => progress.push(p) })) {
      firstChunkAt ??= reader.summary.bytesRead;
      expect(chunk.length).toBeGreaterThan(0);
    }
    const last = progress.at(-1)!;
    expect(last).toEqual({ rowsRead: 50_000, bytesRead: reader.summary.totalBytes, totalBytes: reader.summary.totalBytes });
    expect(progress.map((p) => p.bytesRead)).toEqual([...progress.map((p) => p.bytesRead)].sort((a, b) => a - b));
    // The first records arrive long before the file has been read to its end.
    expect(firstChunkAt!).toBeLessThan(reader.summary.totalBytes / 2);
  });

  it('stops when cancelled, with "Import cancelled"', async () => {
    const file = await bigExport(50_000);
    const reader = await openImport(file, { identifierType: 'hashed-email', chunkSize: 1000 });
    const abort = new AbortController();
    let chunks = 0;
    const error = await errorOf(
      (async () => {
        for await (const _chunk of reader.records({ signal: abort.signal })) {
          chunks++;
          abort.abort();
        }
      })(),
    );
    expect(error.message).toBe('Import cancelled');
    expect(chunks).toBe(1);
    expect(reader.summary.bytesRead).toBeLessThan(reader.summary.totalBytes);
  });
});
