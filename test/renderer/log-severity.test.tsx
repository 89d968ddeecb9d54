// @vitest-environment jsdom
/**
 * The log colours each attempt by what the engine says it means, not by its status code read again: a 404
 * that halts the connector is as red as a 401, a 429 pause is yellow, a 5xx retry orange, a 2xx teal.
 * Real Webhook Receivers on 127.0.0.1 give the answers; the engine records them; the screen shows its log.
 */
import './setup';
import { screen, within } from '@testing-library/react';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogView } from '../../src/renderer/features/log/LogPage';
import { startFaultReceiver, type FaultReceiver } from '../support/fault-receiver';
import { engineApi } from './engine-api';
import { renderUi } from './render';

let backend: ReturnType<typeof engineApi>;
const receivers: FaultReceiver[] = [];

beforeEach(() => {
  backend = engineApi();
});
afterEach(async () => {
  backend.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** A connector whose receiver answers every request with `status`, with one profile queued, flushed once. */
async function sendTo(status: number) {
  const receiver = await startFaultReceiver((_req, res) => res.writeHead(status, { 'retry-after': '3600' }).end('{}'));
  receivers.push(receiver);
  const name = `Answers ${status}`;
  await backend.api['connectors.create']({ name, url: `${receiver.endpoint}?token=tok-0123456789abcdef` });
  const file = join(backend.dir, `${status}.csv`);
  writeFileSync(file, 'customer_id,city\n1001,Utrecht\n');
  await backend.api['imports.run']({ file, connector: name, segment: 'Welcome' });
  await backend.api['queue.flush']({ connector: name });
}

const badgeOf = (status: number) => {
  const row = screen.getAllByRole('row', { name: new RegExp(`Answers ${status} HTTP ${status}`) })[0];
  return within(row).getByText(String(status)).closest('.mantine-Badge-root') as HTMLElement;
};
const colourOf = (status: number) => /--badge-bg: var\(--mantine-color-(\w+)-light\)/.exec(badgeOf(status).getAttribute('style') ?? '')?.[1];

describe('the log colours an attempt by the engine’s outcome', () => {
  it('shows a 404 that halted the connector red, like a 401; a 400 failure red; a 429 pause yellow; a 500 orange; a 200 teal', async () => {
    for (const status of [200, 400, 401, 404, 429, 500]) await sendTo(status);
    const events = await backend.api['log.list']({});
    expect(events.find((e) => e.httpStatus === 404)).toMatchObject({ outcome: 'halted', severity: 'halted' });

    renderUi(<LogView events={events} />);
    expect(colourOf(404)).toBe('red');
    expect(colourOf(401)).toBe('red');
    expect(colourOf(400)).toBe('red');
    expect(colourOf(429)).toBe('yellow');
    expect(colourOf(500)).toBe('orange');
    expect(colourOf(200)).toBe('teal');
  });
});
