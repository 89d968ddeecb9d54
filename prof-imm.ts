import { Agent, request } from 'undici';
import { spawn } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--token', 't'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url: string = await new Promise((r) => { let o = ''; child.stdout!.on('data', (d) => { o += d; const m = /paste: (\S+)/.exec(o); if (m) r(m[1]); }); });
const agent = new Agent({});
const cust = Array.from({ length: 500 }, (_, i) => ({ customerId: 'x'.repeat(60) + i, r42Status: 'NEW', params: Array.from({ length: 6 }, (_, j) => ({ name: 'p' + j, type: 'string', value: 'value' + i })) }));
for (let k = 0; k < 12; k++) {
  const body = JSON.stringify({ uuid: crypto.randomUUID(), customerType: 'CLANG_ID', campaigns: [{ segmentName: 'S', customers: cust }] });
  const t0 = performance.now();
  const p = request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json' } }).then(async (r) => { await r.body.text(); return performance.now(); });
  const t1 = performance.now();
  const mode = k % 3; if (mode === 1) await nextTurn(); if (mode === 2) await new Promise((r) => process.nextTick(r));
  const tb = performance.now(); while (performance.now() - tb < 20);
  const t2 = performance.now();
  const t3 = await p;
  console.log('mode', mode, 'dispatch', (t1 - t0).toFixed(2), 'immediate', (t2 - t1).toFixed(2), 'resp', (t3 - t0).toFixed(2), 'bytes', body.length);
}
await agent.close();
child.kill();
