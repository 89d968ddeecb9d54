// @vitest-environment jsdom
import './setup';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/i18n';
import { flushNotes } from '../../src/renderer/i18n/say';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { english, englishFormats } from '../../src/shared/messages';
import { engineApi } from './engine-api';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;

beforeEach(async () => {
  backend = engineApi();
  sandbox = await startSandbox({ token: 'flush-lines-token' });
});
afterEach(async () => {
  await i18n.changeLanguage('en');
  backend.close();
  await sandbox.close();
});

/** A customer-id export of `n` profiles. */
function exportOf(n: number): string {
  const file = join(backend.dir, 'shop.csv');
  writeFileSync(file, ['customerId,firstName', ...Array.from({ length: n }, (_, i) => `${i + 1},Name${i + 1}`)].join('\n') + '\n');
  return file;
}

describe("a flush's per-batch lines, through the engine, on an English and a Dutch screen", () => {
  it('carries every line as a message whose English is the line, and the Queue words a failed batch in Dutch', async () => {
    const { api } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url });
    await api['imports.run']({ file: exportOf(3), connector: 'Shop', segment: 'Welcome' });
    sandbox.inject({ status: 400 });
    const [report] = await api['queue.flush']({ connector: 'Shop' });

    const failedLine = report.messages.find((line) => line.includes('failed: 400'));
    expect(failedLine).toMatch(
      /^Shop: batch [0-9a-f-]{36} failed: 400 Unsupported API call or invalid request: the batch failed for good; its profiles wait until their data changes or you retry it\.$/,
    );
    expect(report.lineMessages).toHaveLength(report.messages.length);
    report.lineMessages!.forEach((m, i) => expect(english(m!, englishFormats())).toBe(report.messages[i]));

    expect(flushNotes(report)).toContain(failedLine);
    await i18n.changeLanguage('nl');
    const uuid = /batch (\S+) failed/.exec(failedLine!)![1];
    expect(flushNotes(report)).toContain(
      `Shop: batch ${uuid} is mislukt: 400 Niet-ondersteunde API-aanroep of ongeldig verzoek: de batch is definitief mislukt; de profielen wachten tot hun gegevens wijzigen of je het opnieuw probeert.`,
    );
  });

  it('names the process that took over sending in Dutch: its pid, host and since when', async () => {
    const { api, engine } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url, batchSize: 1 });
    await api['imports.run']({ file: exportOf(3), connector: 'Shop', segment: 'Welcome' });
    sandbox.inject({ delayMs: 400 });
    const flushing = api['queue.flush']({ connector: 'Shop' });
    await new Promise((r) => setTimeout(r, 100));
    // As if another process on another host had taken the connector's lease meanwhile.
    engine.db.prepare(`UPDATE delivery_leases SET holder = 'other@elsewhere#1', host = 'elsewhere', fence = fence + 1, expires_at = ?`).run(Date.now() + 60_000);
    const [report] = await flushing;

    expect(report.messages.join('\n')).toMatch(/^Shop: process \d+ on elsewhere \(since .+\) took over sending for this connector; this flush stopped\.$/m);
    await i18n.changeLanguage('nl');
    expect(flushNotes(report).join('\n')).toMatch(/^Shop: proces \d+ op elsewhere \(sinds .+\) heeft het versturen voor deze connector overgenomen; deze verzending is gestopt\.$/m);
  });

  it('an older engine that sent no line messages still has its lines shown, in English', async () => {
    const report = { connector: 'Shop', batchesSent: 0, customersDelivered: 0, failed: 0, halted: false, paused: false, messages: ['Shop: something new.'] };
    await i18n.changeLanguage('nl');
    expect(flushNotes(report)).toEqual(['Shop: something new.']);
  });
});
