/**
 * `npm run bench`: prints the figures of issue #2 and #3's targets, never pass/fail.
 * Each measurement runs in its own process, so its peak RSS is its own.
 *   npm run bench              1,000,000-row import, 5,000,000-row import (memory), 1,000,000-change drain
 *   npm run bench -- --quick   100,000 rows and changes, for a quick look
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const quick = process.argv.includes('--quick');
const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');

const runs: Array<{ title: string; script: string; size: number; args?: string[] }> = quick
  ? [
      { title: 'Import, 100,000 rows', script: 'import-bench.ts', size: 100_000 },
      { title: 'Drain, 100,000 changes', script: 'drain-bench.ts', size: 100_000 },
    ]
  : [
      { title: 'Import, 1,000,000 rows (target: CLI ≤ 3x sqlite3 .import, later 1.5x; peak RSS ≤ 300 MB)', script: 'import-bench.ts', size: 1_000_000, args: ['3'] },
      { title: 'Import, 5,000,000 rows (target: peak RSS no higher than at 1,000,000)', script: 'import-bench.ts', size: 5_000_000, args: ['1'] },
      { title: 'Drain, 1,000,000 changes (target: ratio to plain undici ≤ 2, later 1.3; freeze ≤ 20 ms)', script: 'drain-bench.ts', size: 1_000_000 },
    ];

console.log(`Canopy Batch benchmarks on ${process.platform}/${process.arch}, Node ${process.version}\n`);
for (const run of runs) {
  console.log(`== ${run.title}`);
  const result = spawnSync(tsx, [resolve(import.meta.dirname, run.script), String(run.size), ...(run.args ?? [])], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) console.log(`(this benchmark stopped with status ${result.status})`);
  console.log('');
}
