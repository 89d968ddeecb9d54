// @vitest-environment jsdom
import './setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Notifications } from '@mantine/notifications';
import { describe, expect, it } from 'vitest';
import { QueuePage } from '../../src/renderer/features/queue/QueuePage';
import { ConnectorsPage } from '../../src/renderer/features/connectors/ConnectorsPage';
import { ConfirmDialog } from '../../src/renderer/components/ConfirmDialog';
import { useConnectors } from '../../src/renderer/stores/connectors';
import { useQueue } from '../../src/renderer/stores/queue';
import { fixture } from '../support/run-cli';
import { screensOnEngine } from './engine-api';
import { renderUi } from './render';

/** The connector and queue actions (the actions modules of features/connectors and features/queue) as the operator uses them, against a real engine. */
const world = screensOnEngine();

const HOOK = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-actions?token=token-actions-123456';

const queueScreen = () =>
  renderUi(
    <>
      <Notifications />
      <QueuePage />
    </>,
  );

describe('actions on a connector from the Queue', () => {
  it('Pause pauses the connector, and the Queue and the Connectors lists both show it paused', async () => {
    await world.api['connectors.create']({ name: 'Webshop', url: HOOK });
    await useConnectors.getState().refresh();
    const user = userEvent.setup();
    queueScreen();

    await user.click(await screen.findByRole('button', { name: 'Pause Webshop' }));

    expect(await screen.findByRole('button', { name: 'Resume Webshop' })).toBeInTheDocument();
    expect(world.engine.connectors.get('Webshop').state).toBe('paused');
    await waitFor(() => expect(useConnectors.getState().connectors.map((c) => c.state)).toEqual(['paused']));
    expect(useQueue.getState().queue.map((q) => q.state)).toEqual(['paused']);
  });

  it('a refused action says the engine’s sentence once, and the screen then shows what the engine holds', async () => {
    await world.api['connectors.create']({ name: 'Webshop', url: HOOK });
    const user = userEvent.setup();
    queueScreen();
    const pause = await screen.findByRole('button', { name: 'Pause Webshop' });
    // Removed behind the screen's back (another window, the CLI): the click reaches a connector that is gone.
    await world.api['connectors.remove']({ connector: 'Webshop' });

    await user.click(pause);

    const notice = await screen.findByText(/There is no connector named "Webshop"/);
    expect(within(notice.closest('.mantine-Notification-root') as HTMLElement).getByText('Not changed')).toBeInTheDocument();
    expect(screen.getAllByText(/There is no connector named "Webshop"/)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Pause Webshop' })).not.toBeInTheDocument());
  });
});

const connectorsScreen = () =>
  renderUi(
    <>
      <Notifications />
      <ConfirmDialog />
      <ConnectorsPage />
    </>,
  );

describe('removing from the Connectors screen, after the confirmation', () => {
  it('Remove takes the connector out of the engine, the Connectors list and the Queue', async () => {
    await world.api['connectors.create']({ name: 'Webshop', url: HOOK });
    await useQueue.getState().refresh();
    const user = userEvent.setup();
    connectorsScreen();

    await user.click(await screen.findByRole('button', { name: 'Remove Webshop' }));
    await user.click(await screen.findByRole('button', { name: 'Remove connector' }));

    await waitFor(() => expect(screen.queryByRole('article', { name: 'Connector Webshop' })).not.toBeInTheDocument());
    expect(await world.api['connectors.list']({})).toEqual([]);
    await waitFor(() => expect(useQueue.getState().queue).toEqual([]));
  });

  it('removing a segment drops it from the card, and the engine no longer tracks it', async () => {
    await world.api['connectors.create']({ name: 'Webshop', url: HOOK });
    await world.api['segments.add']({ connector: 'Webshop', segment: 'Newsletter' });
    const user = userEvent.setup();
    connectorsScreen();

    await user.click(await screen.findByRole('button', { name: 'Remove segment Newsletter' }));
    await user.click(await screen.findByRole('button', { name: 'Remove segment' }));

    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove segment Newsletter' })).not.toBeInTheDocument());
    expect((await world.api['connectors.list']({}))[0].segments).toEqual([]);
  });
});

describe('Release in the Queue', () => {
  it('refuses when a later import added held changes since the screen showed them: said once, nothing released', async () => {
    await world.api['connectors.create']({ name: 'Shop', url: HOOK, identifierType: 'hashed-email', holdForReview: true });
    await world.api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'WelcomeFlow' });
    const user = userEvent.setup();
    queueScreen();
    const release = await screen.findByRole('button', { name: 'Release the held changes of Shop' });
    // Imported from elsewhere (the CLI, a watched folder) while the operator looks at the screen.
    await world.api['imports.run']({ file: fixture('nl-excel-export.csv'), connector: 'Shop', segment: 'Later' });

    await user.click(release);

    expect(await screen.findByText(/Not released: a later import added changes to segment Later/)).toBeInTheDocument();
    expect(screen.getAllByText(/Not released: a later import/)).toHaveLength(1);
    const held = (await world.api['queue.pending']({})).map((s) => [s.segmentName, (s.heldForReview ?? 0) > 0]);
    expect(held).toEqual(expect.arrayContaining([['WelcomeFlow', true], ['Later', true]]));
    expect(screen.queryByText('Released')).not.toBeInTheDocument();
  });
});
