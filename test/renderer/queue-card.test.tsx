// @vitest-environment jsdom
import './setup';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { ConnectorQueue } from '../../src/renderer/features/queue/ConnectorQueue';
import { screensOnEngine } from './engine-api';
import { renderUi } from './render';

/** The Queue screen's card for one connector, from a real engine's queue view. */
const world = screensOnEngine();

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-shared';

describe('the Queue card', () => {
  it('shows when another process is sending, and which connectors share the daily meter', async () => {
    await world.api['connectors.create']({ name: 'Webshop', url: `${HOOK}?token=token-one-123456`, dailyLimit: 1000 });
    await world.api['connectors.create']({ name: 'Stores', url: `${HOOK}?token=token-two-123456`, dailyLimit: 1000 });
    const webshop = world.engine.connectors.get('Webshop');
    // Another live process (this one, as another holder) holds Webshop's sender lease.
    world.engine.db
      .prepare('INSERT INTO delivery_leases (name, holder, pid, host, since, expires_at, fence) VALUES (?, ?, ?, ?, ?, ?, 1)')
      .run(`connector:${webshop.id}`, 'the-app', process.pid, hostname(), Date.UTC(2026, 2, 10, 9, 0, 0), Date.now() + 60_000);
    const queue = (await world.api['queue.status']({})).find((q) => q.connectorName === 'Webshop')!;
    renderUi(<ConnectorQueue queue={queue} segments={[]} />);
    expect(screen.getByText('Sending from another process')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`process ${process.pid} on ${hostname()} \\(since 2026-03-10 \\d\\d:00:00 \\S+\\) is sending this connector's batches right now`))).toBeInTheDocument();
    expect(screen.getByText('Shared with Stores (same Deployteq brand)')).toBeInTheDocument();
  });
});
