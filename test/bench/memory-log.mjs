// Prints the main thread's memory as it grows, to stderr, for finding where an import's peak RSS goes:
//   MEMLOG=1 NODE_OPTIONS="--import ./test/bench/memory-log.mjs" node bin/canopy-batch.mjs import …
// Each line: seconds since start, RSS and its anonymous / file-backed / shared parts, V8 heap total/used, external
// and ArrayBuffers, in MB; a line only when the RSS grew (MEMLOG=all: every 100 ms). Ticks need a free event loop.
import { readFileSync, writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
if (isMainThread && process.env.MEMLOG) {
  const t0 = performance.now();
  const field = (s, name) => Number((s.match(new RegExp(name + ':\\s+(\\d+)')) ?? [0, 0])[1]) >> 10;
  let peak = 0;
  const tick = () => {
    const s = readFileSync('/proc/self/status', 'utf8');
    const m = process.memoryUsage();
    const rss = field(s, 'VmRSS');
    const line = `${((performance.now() - t0) / 1000).toFixed(1)}s rss ${rss} anon ${field(s, 'RssAnon')} file ${field(s, 'RssFile')} shm ${field(s, 'RssShmem')} | heap ${m.heapTotal >> 20}/${m.heapUsed >> 20} ext ${m.external >> 20} ab ${m.arrayBuffers >> 20}\n`;
    if (rss > peak || process.env.MEMLOG === 'all') writeSync(2, line);
    peak = Math.max(peak, rss);
  };
  setInterval(tick, 100).unref();
}
