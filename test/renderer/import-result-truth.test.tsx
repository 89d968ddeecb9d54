// @vitest-environment jsdom
import './setup';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../src/renderer/api/client';
import { ImportPage } from '../../src/renderer/features/imports/ImportPage';
import { ResultPanel } from '../../src/renderer/features/imports/ResultPanel';
import { connectEngineEvents } from '../../src/renderer/stores/events';
import { useLog } from '../../src/renderer/stores/log';
import { useQueue } from '../../src/renderer/stores/queue';
import { useImports } from '../../src/renderer/stores/imports';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { engineApi } from './engine-api';
import { renderUi } from './render';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;
let disconnect: () => void;

beforeEach(async () => {
  sandbox = await startSandbox({ token: 'result-token-24680' });
  backend = engineApi();
  setApi(backend.api);
  useLog.setState({ events: [] });
  useQueue.setState({ queue: [], pending: [] });
  useImports.getState().reset();
  disconnect = connectEngineEvents();
  await backend.api['connectors.create']({ name: 'Demo', url: sandbox.url, batchSize: 500 });
});
afterEach(async () => {
  disconnect();
  await backend.engine.scheduler.stop({ deadlineMs: 0 });
  await backend.engine.delivery.idle();
  setApi(null);
  backend.close();
  await sandbox.close();
});

function exportOf(n: number): string {
  const file = join(tmpdir(), `canopy-result-${process.pid}-${n}-${Date.now()}.csv`);
  writeFileSync(file, ['customerId,firstName', ...Array.from({ length: n }, (_, i) => `${i + 1},Name${i + 1}`)].join('\n'));
  return file;
}

describe('the import result tells the truth', () => {
  it('with the scheduler running: says everything goes now, and the counts follow the deliveries live', async () => {
    backend.engine.scheduler.start();
    const result = await backend.api['imports.run']({ file: exportOf(1234), connector: 'Demo', segment: 'Welcome' });
    renderUi(<ResultPanel result={result} />);

    expect(screen.getByRole('status')).toHaveTextContent('Sending now: the scheduler sends all 1,234 changes for Demo in one flush, about 3 requests of up to 500.');
    await waitFor(() => expect(screen.getByLabelText('Sent since import: 1234')).toBeInTheDocument(), { timeout: 15_000 });
    await waitFor(() => expect(screen.getByLabelText('New: 0')).toBeInTheDocument(), { timeout: 15_000 });
    expect(screen.getByRole('status')).toHaveTextContent('So far 1,234 changes of this segment were delivered: nothing is left to send.');
    expect(sandbox.members('Welcome').size).toBe(1234);
  });

  it('with less than a batch: names the next flush in local time with its zone, and nothing is sent before', async () => {
    backend.engine.scheduler.start();
    const result = await backend.api['imports.run']({ file: exportOf(40), connector: 'Demo', segment: 'Welcome' });
    renderUi(<ResultPanel result={result} />);
    // The time carries its day when the next flush falls after midnight ("Wed 2 Dec, 00:03 UTC").
    expect(screen.getByRole('status')).toHaveTextContent(
      /^What happens nextLess than a full batch \(40 changes of 500\): they go at the next scheduled flush, at (\w{3} \d{1,2} \w{3}, )?\d\d:\d\d [A-Z]{3,5}([+-]\d+)?, or now with Flush now\.$/,
    );
    expect(screen.getByLabelText('New: 40')).toBeInTheDocument();
    expect(screen.getByLabelText('Sent since import: 0')).toBeInTheDocument();
    expect(sandbox.requestCount).toBe(0);
  });

  it('without a scheduler: says nothing goes until a flush', async () => {
    const result = await backend.api['imports.run']({ file: exportOf(40), connector: 'Demo', segment: 'Welcome' });
    renderUi(<ResultPanel result={result} />);
    expect(screen.getByRole('status')).toHaveTextContent(/No scheduler is running here: the 40 changes for Demo wait until a flush/);
  });
});

describe('the Import page before an import', () => {
  it('with the scheduler running, no longer claims that nothing leaves until a flush', async () => {
    backend.engine.scheduler.start();
    renderUi(<ImportPage />);
    expect(await screen.findByText(/The scheduler is running: once the import is stored, its changes go out by themselves/)).toBeInTheDocument();
    expect(screen.queryByText(/Nothing leaves this computer until you flush/)).not.toBeInTheDocument();
  });

  it('without a scheduler, says that nothing leaves until a flush', async () => {
    renderUi(<ImportPage />);
    expect(await screen.findByText(/No scheduler is running: the import only queues its changes, and nothing leaves this computer until you flush/)).toBeInTheDocument();
  });
});
