import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/main/core/engine';
import { openDatabase } from '../../src/main/core/db/open';
import { dataFiles } from '../../src/main/core/paths';
import { runCliAsync, spawnCli, type RunningCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';
import { echoToken, everyForm, startFaultReceiver, tokenOf, type FaultReceiver } from '../support/fault-receiver';
import { importInto, until, upsert } from '../core/delivery/helpers';

/**
 * A receiver that echoes the token back in every form (raw, percent-encoded in upper- and lower-case hex,
 * JSON-escaped with and without `\/`, base64, base64url) never gets it into any output: the database
 * (events, batches, connectors), `flush`, `log --json`, `status --json`, `connector list`, `preview`, and the
 * console's answers and live events.
 */
const TOKEN = 'Tök/en+Sec ret"=42&x!';
const FORMS = everyForm(TOKEN);

let dir: string;
let cleanup: () => void;
const closers: Array<() => Promise<unknown>> = [];
beforeEach(() => ({ dir, cleanup } = tempDir('canopy-token-')));
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  cleanup();
});

function expectNoTokenIn(what: string, text: string) {
  for (const [form, value] of Object.entries(FORMS)) expect(text.includes(value), `${what} holds the token ${form}: ${value}`).toBe(false);
}

async function receiver(status: number): Promise<FaultReceiver> {
  const r = await startFaultReceiver(echoToken(status));
  closers.push(() => r.close());
  return r;
}

function everyRowOfTheDatabase(): string {
  const db = openDatabase(dataFiles(dir).database);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    return tables.map((t) => `${t.name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())}`).join('\n');
  } finally {
    db.close();
  }
}

function queue(records: string[]) {
  const engine = createEngine({ dataDir: dir });
  try {
    for (const name of ['Main', 'Bearer']) importInto(engine.db, engine.connectors.get(name).id, 'Welcome', records.map((id) => upsert(id)));
  } finally {
    engine.close();
  }
}

async function serve(): Promise<{ run: RunningCli; api: (method: string, input?: unknown) => Promise<string>; base: string; secret: string }> {
  const screens = join(dir, 'screens');
  mkdirSync(screens, { recursive: true });
  writeFileSync(join(screens, 'index.html'), '<!doctype html><title>Canopy Batch</title>');
  const run = spawnCli(dir, ['serve', '--no-scheduler', '--port', '0', '--static-dir', screens]);
  closers.push(async () => {
    run.child.kill('SIGKILL');
    await run.exited;
  });
  await until(() => /#secret=/.test(run.output().stdout), 30_000, 'the console address');
  const url = new URL(/http:\/\/\S+/.exec(run.output().stdout)![0]);
  const secret = url.hash.replace('#secret=', '');
  const base = `${url.protocol}//${url.host}`;
  const api = async (method: string, input: unknown = {}) =>
    (await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-canopy-secret': secret }, body: JSON.stringify(input) })).text();
  return { run, api, base, secret };
}

describe('the token in no form, in no output', () => {
  it('a receiver echoing it in every form: nothing stored, printed or answered carries it', async () => {
    const refusing = await receiver(400);
    const failing = await receiver(500);
    const outputs: Array<[string, string]> = [];
    const cli = async (...args: string[]) => {
      const result = await runCliAsync(dir, ...args);
      outputs.push([`\`${args.join(' ')}\``, result.stdout + result.stderr]);
      return result;
    };
    expect((await cli('connector', 'add', '--name', 'Main', '--url', refusing.endpoint, '--token', TOKEN)).status).toBe(0);
    expect((await cli('connector', 'add', '--name', 'Bearer', '--url', failing.endpoint, '--token', TOKEN, '--auth', 'bearer')).status).toBe(0);
    queue(['a', 'b']);

    expect((await cli('flush')).status).toBe(1);
    // The receivers did get the token, and echoed it.
    expect(tokenOf(refusing.requests[0])).toBe(TOKEN);
    expect(tokenOf(failing.requests[0])).toBe(TOKEN);

    await cli('log', '--json');
    await cli('status', '--json');
    await cli('connector', 'list', '--json');
    await cli('preview', '--connector', 'Main', '--json');

    // The console: its answers, and the live events of a flush made through it.
    queue(['c']);
    const console = await serve();
    const stream = await fetch(`${console.base}/api/events`, { headers: { 'x-canopy-secret': console.secret } });
    const reader = stream.body!.getReader();
    let events = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        events += Buffer.from(value).toString('utf8');
      }
    })();
    outputs.push(['console queue.flush', await console.api('queue.flush')]);
    await until(() => events.includes('"type":"batch"'), 10_000, 'live batch events');
    for (const method of ['log.list', 'queue.status', 'queue.pending', 'connectors.list']) outputs.push([`console ${method}`, await console.api(method)]);
    outputs.push(['console preview.next', await console.api('preview.next', { connector: 'Main' })]);
    await reader.cancel();
    await reading.catch(() => undefined);
    outputs.push(['console events', events]);
    outputs.push(['the database', everyRowOfTheDatabase()]);

    expect(outputs.find(([what]) => what === '`log --json`')![1]).toMatch(/400 Unsupported API call/);
    expect(outputs.find(([what]) => what === 'the database')![1]).toMatch(/bad request for/);
    for (const [what, text] of outputs) expectNoTokenIn(what, text);
  }, 120_000);
});
