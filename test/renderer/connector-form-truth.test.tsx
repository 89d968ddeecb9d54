// @vitest-environment jsdom
import './setup';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from 'i18next';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConnectorForm } from '../../src/renderer/features/connectors/ConnectorForm';
import type { ConnectorSaved, ConnectorView } from '../../src/shared/model';
import { screensOnEngine } from './engine-api';
import { renderUi } from './render';

const backend = screensOnEngine();

function renderForm() {
  const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
  renderUi(<ConnectorForm onSaved={onSaved} onCancel={() => undefined} />);
  return { onSaved, user: userEvent.setup() };
}

describe('the connector form on a first day', () => {
  it('flags every missing required field at once: name, endpoint and token', async () => {
    const { user, onSaved } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Create connector' }));
    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText('Endpoint URL is required')).toBeInTheDocument();
    expect(screen.getByText(/A token is required/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Endpoint/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Token/)).toHaveAttribute('aria-invalid', 'true');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('flags the missing fields the operator left empty after typing in another', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Brand NL');
    await user.click(screen.getByRole('button', { name: 'Create connector' }));
    expect(await screen.findByText('Endpoint URL is required')).toBeInTheDocument();
    expect(screen.getByText(/A token is required/)).toBeInTheDocument();
    expect(screen.queryByText('Name is required')).not.toBeInTheDocument();
  });

  it('never leaves the token of a refused URL visible in the Endpoint field', async () => {
    const { user } = renderForm();
    await user.click(screen.getByLabelText(/^Endpoint/));
    await user.paste('http://deployteq.example.com/hook?token=leaky-secret-4321');
    expect(await screen.findByText(/plain http is only accepted for 127\.0\.0\.1 or localhost/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(/^Endpoint/)).toHaveValue('http://deployteq.example.com/hook'));
    expect(document.body.textContent).not.toContain('leaky-secret-4321');
    // The token went where tokens go: the masked Token field.
    expect(screen.getByLabelText(/^Token/)).toHaveValue('leaky-secret-4321');
    expect(screen.getByLabelText(/^Token/)).toHaveAttribute('type', 'password');
  });

  it('never leaves the token visible when the pasted text is not a URL at all', async () => {
    const { user } = renderForm();
    await user.click(screen.getByLabelText(/^Endpoint/));
    await user.paste('deployteq.example.com/hook?token=leaky-secret-8765');
    expect(await screen.findByText(/is not a URL/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(/^Endpoint/)).not.toHaveValue(expect.stringContaining('leaky-secret-8765')));
    expect((screen.getByLabelText(/^Endpoint/) as HTMLInputElement).value).not.toContain('leaky-secret-8765');
    expect(document.body.textContent).not.toContain('leaky-secret-8765');
  });

  it('lets the keyboard reach the show/hide button of the token and press it', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Token/), 'typed-token');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Show or hide the token' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByLabelText(/^Token/)).toHaveAttribute('type', 'text');
  });
});

describe('editing a connector whose segments hold profiles', () => {
  async function connectorWithProfiles() {
    const { connector } = await backend.api['connectors.create']({
      name: 'Brand NL', url: 'http://127.0.0.1:8080/hook', token: 'first-token-1234', identifierType: 'hashed-email', batchSize: 250, dailyLimit: 1234,
    });
    const file = join(tmpdir(), `canopy-form-${process.pid}-${Date.now()}.csv`);
    writeFileSync(file, 'email,firstName\nann@example.com,Ann\n');
    await backend.engine.importFile({ file, connector: 'Brand NL', segment: 'Welcome' });
    rmSync(file);
    return connector;
  }

  it('saves a new token alone, leaving identifier type, batch size and daily limit as they were', async () => {
    const connector = await connectorWithProfiles();
    const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
    const user = userEvent.setup();
    renderUi(<ConnectorForm connector={connector} onSaved={onSaved} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText(/^Token/), 'second-token-5678');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(onSaved.mock.calls[0][0].connector).toMatchObject({ tokenMasked: '••••5678', identifierType: 'hashed-email', batchSize: 250, dailyLimit: 1234, partnerNumber: 1022 });
  });

  it('says before any attempt why the identifier type cannot change and what to do instead, and keeps it fixed', async () => {
    const connector = engineView(await connectorWithProfiles());
    const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
    const user = userEvent.setup();
    renderUi(<ConnectorForm connector={connector} onSaved={onSaved} onCancel={() => undefined} />);
    expect(screen.getByText('Fixed while Welcome holds profiles known by their Hashed Email. To send by Customer ID, add a new connector for the same webhook.')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Customer ID' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(backend.engine.connectors.get('Brand NL').identifierType).toBe('hashed-email');
  });

  it('says it in Dutch on a Dutch screen, the identifier types in Dutch too', async () => {
    const connector = engineView(await connectorWithProfiles());
    await i18n.changeLanguage('nl');
    try {
      renderUi(<ConnectorForm connector={connector} onSaved={() => undefined} onCancel={() => undefined} />);
      expect(
        screen.getByText(
          'Vast zolang Welcome profielen bevat die bekend zijn op hun gehasht e-mailadres. Wil je op klant-id versturen, voeg dan een nieuwe connector toe voor dezelfde webhook.',
        ),
      ).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('the engine still refuses the change if the screen did not know of the profiles, saying why', async () => {
    const stale = await connectorWithProfiles();
    const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
    const user = userEvent.setup();
    renderUi(<ConnectorForm connector={stale} onSaved={onSaved} onCancel={() => undefined} />);
    await user.click(screen.getByRole('radio', { name: 'Customer ID' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot change from Hashed Email to Customer ID: its segments \(Welcome\) hold profiles.*Add a new connector/);
    expect(onSaved).not.toHaveBeenCalled();
    expect(backend.engine.connectors.get('Brand NL').identifierType).toBe('hashed-email');
  });
});

/** The connector as the screens get it now, its segments' members counted. */
function engineView(connector: ConnectorView): ConnectorView {
  return backend.engine.connectors.view(backend.engine.connectors.byId(connector.id));
}
