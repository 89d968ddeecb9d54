import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir` (the SQLite file, its WAL, rejects, exports, backups) whose bytes contain one of
 * `needles`, as UTF-8 text in any case, or (a needle of 64 hex digits, a SHA-256) as its 32 raw bytes, which
 * is how the member state keeps a Hashed Email id: the proof that an erased profile left nothing behind.
 */
export function filesContaining(dir: string, needles: string[]): string[] {
  const wanted = needles.map((n) => n.toLowerCase());
  const raw = wanted.filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => Buffer.from(n, 'hex'));
  const hits: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        // Decoded as UTF-8: binary bytes turn into U+FFFD, every UTF-8 text among them stays as it is.
        const bytes = readFileSync(path);
        const text = bytes.toString('utf8').toLowerCase();
        if (wanted.some((needle) => text.includes(needle)) || raw.some((needle) => bytes.includes(needle))) hits.push(path);
      }
    }
  };
  walk(dir);
  return hits;
}
