// @vitest-environment jsdom
/**
 * The desktop app's screens get the engine's errors from the preload as envelopes, never as JSON packed into
 * an Error's message: the api client checks each reply and throws an ApiError with the engine's code and
 * sentence. `window.api` here is the preload's shape over a real engine process host and main's client.
 */
import './setup';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, setApi } from '../../src/renderer/api/client';
import { ApiError } from '../../src/renderer/api/errors';
import { ConnectorForm } from '../../src/renderer/features/connectors/ConnectorForm';
import type { BridgeApi } from '../../src/shared/api';
import { startEngineBridge } from '../support/engine-bridge';
import { tempDir } from '../support/temp-db';
import { renderUi } from './render';

const URL = 'http://127.0.0.1:9/hook?token=tok-0123456789abcdef';
let dir: ReturnType<typeof tempDir>;
let desktop: ReturnType<typeof startEngineBridge>;

beforeEach(async () => {
  dir = tempDir('canopy-bridge-errors-');
  desktop = startEngineBridge(dir.dir);
  await desktop.client.started;
  window.api = desktop.bridge;
  setApi(null); // the client finds window.api itself, as in the desktop app
});

afterEach(async () => {
  delete window.api;
  setApi(null);
  await desktop.stop();
  dir.cleanup();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('the api client over the desktop bridge', () => {
  it('throws the engine refusal as an ApiError carrying its code, sentence and field issues', async () => {
    await call('connectors.create', { name: 'Shop', url: URL });
    const error = await refusal(call('connectors.create', { name: 'Shop', url: URL }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'conflict', message: 'A connector named "Shop" already exists.', issues: [{ path: 'name', message: 'This name is taken' }] });

    expect(await refusal(call('connectors.remove', { connector: 'Nope' }))).toMatchObject({ code: 'not-found', message: 'There is no connector named "Nope" (known: Shop).' });
  });

  it('passes a result through unchanged', async () => {
    await call('connectors.create', { name: 'Shop', url: URL });
    expect((await call('connectors.list', {})).map((c) => c.name)).toEqual(['Shop']);
  });

  it('says a reply that is not an envelope is not an API reply, rather than showing it as a result', async () => {
    window.api = { ...desktop.bridge, 'connectors.list': async () => [] } as unknown as BridgeApi;
    setApi(null);
    expect(await refusal(call('connectors.list', {}))).toMatchObject({ code: 'unexpected', message: "The desktop app's answer to connectors.list is not an API reply." });
  });

  it('shows a name already taken beside the Name field of the connector form', async () => {
    await call('connectors.create', { name: 'Shop', url: URL });
    renderUi(<ConnectorForm onSaved={() => undefined} onCancel={() => undefined} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Name/), 'Shop');
    await user.click(screen.getByLabelText(/^Endpoint/));
    await user.paste(URL);
    await user.click(screen.getByRole('button', { name: 'Create connector' }));
    expect(await screen.findByText('This name is taken')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
  });
});
