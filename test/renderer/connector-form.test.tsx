// @vitest-environment jsdom
import './setup';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectorForm } from '../../src/renderer/features/connectors/ConnectorForm';
import type { ConnectorSaved } from '../../src/shared/model';
import { screensOnEngine } from './engine-api';
import { i18n } from '../../src/renderer/i18n';
import { errorsFromApi } from '../../src/renderer/features/connectors/form-model';
import type { ApiErrorShape } from '../../src/shared/api';
import { renderUi } from './render';

const backend = screensOnEngine();

function renderForm() {
  const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
  renderUi(<ConnectorForm onSaved={onSaved} onCancel={() => undefined} />);
  return { onSaved, user: userEvent.setup() };
}

describe('connector form', () => {
  it('splits a pasted webhook URL with ?token= into Endpoint and Token at once, and says so', async () => {
    const { user } = renderForm();
    await user.click(screen.getByLabelText(/^Endpoint/));
    await user.paste('https://app.example.com/app/api/rest/public/v2/project/datahook/data-receiver/32-id?token=s3cr3t-token-abcd&x=1');

    await waitFor(() => expect(screen.getByLabelText(/^Endpoint/)).toHaveValue('https://app.example.com/app/api/rest/public/v2/project/datahook/data-receiver/32-id?x=1'));
    expect(screen.getByLabelText(/^Token/)).toHaveValue('s3cr3t-token-abcd');
    expect(screen.getByLabelText(/^Token/)).toHaveAttribute('type', 'password');
    expect(screen.getByRole('status')).toHaveTextContent(/token was moved to the Token field/);
  });

  it('reveals the masked token only when asked', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Token/), 'abc');
    await user.click(screen.getByRole('button', { name: 'Show or hide the token' }));
    expect(screen.getByLabelText(/^Token/)).toHaveAttribute('type', 'text');
  });

  it('says under the Endpoint field why a URL is refused', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Endpoint/), 'http://deployteq.example.com/hook');
    await user.tab();
    expect(await screen.findByText(/plain http is only accepted for 127\.0\.0\.1 or localhost/)).toBeInTheDocument();
  });

  it('shows each validation message beside its field and saves nothing', async () => {
    const { user, onSaved } = renderForm();
    await user.click(screen.getByRole('button', { name: /Advanced settings/ }));
    await user.clear(screen.getByLabelText(/^Batch size/));
    await user.type(screen.getByLabelText(/^Batch size/), '601');
    await user.click(screen.getByRole('button', { name: 'Create connector' }));

    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText('Batch size is at most 600')).toBeInTheDocument();
    expect(screen.getByText(/A token is required/)).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
    expect(backend.engine.connectors.list()).toHaveLength(0);
  });

  it('moves the partner number between 1020 and 1022 with the identifier type, until the operator sets their own', async () => {
    const { user } = renderForm();
    await user.click(screen.getByRole('button', { name: /Advanced settings/ }));
    const partner = () => screen.getByLabelText(/^Partner number/);
    expect(partner()).toHaveValue('1020');

    await user.click(screen.getByRole('radio', { name: 'Hashed Email' }));
    expect(partner()).toHaveValue('1022');
    expect(screen.getByText('HASHED_EMAIL')).toBeInTheDocument();

    await user.clear(partner());
    await user.type(partner(), '4242');
    await user.click(screen.getByRole('radio', { name: 'Customer ID' }));
    expect(partner()).toHaveValue('4242');
  });

  it('creates the connector in the engine with the token kept out of sight', async () => {
    const { user, onSaved } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Brand NL');
    await user.click(screen.getByLabelText(/^Endpoint/));
    await user.paste('http://127.0.0.1:8080/hook?token=the-secret-token-9876');
    await waitFor(() => expect(screen.getByLabelText(/^Token/)).toHaveValue('the-secret-token-9876'));
    await user.click(screen.getByRole('radio', { name: 'Hashed Email' }));
    await user.click(screen.getByRole('button', { name: 'Create connector' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    const { connector, notices } = onSaved.mock.calls[0][0];
    expect(connector).toMatchObject({ name: 'Brand NL', endpoint: 'http://127.0.0.1:8080/hook', customerType: 'HASHED_EMAIL', partnerNumber: 1022 });
    expect(connector.tokenMasked).toBe('••••9876');
    expect(JSON.stringify(notices)).not.toContain('the-secret-token-9876');
  });

  it('shows a refusal of the engine (a taken name) beside the Name field', async () => {
    await backend.api['connectors.create']({ name: 'Taken', url: 'http://127.0.0.1:1/x', token: 'tok-1234567890' });
    const { user, onSaved } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'Taken');
    await user.type(screen.getByLabelText(/^Endpoint/), 'http://127.0.0.1:2/y');
    await user.type(screen.getByLabelText(/^Token/), 'tok-abcdefghijk');
    await user.click(screen.getByRole('button', { name: 'Create connector' }));
    expect(await screen.findByText('This name is taken')).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('editing a connector', () => {
  it('keeps the token unless a new one is typed, and saves only what changed', async () => {
    const { connector } = await backend.api['connectors.create']({ name: 'Brand NL', url: 'http://127.0.0.1:8080/hook', token: 'first-token-1234' });
    const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
    const user = userEvent.setup();
    renderUi(<ConnectorForm connector={connector} onSaved={onSaved} onCancel={() => undefined} />);
    expect(screen.getByLabelText(/^Token/)).toHaveValue('');
    expect(screen.getByText(/Leave empty to keep the current token \(••••1234\)/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Advanced settings/ }));
    await user.clear(screen.getByLabelText(/^Batch size/));
    await user.type(screen.getByLabelText(/^Batch size/), '250');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(onSaved.mock.calls[0][0].connector).toMatchObject({ batchSize: 250, tokenMasked: '••••1234', endpoint: 'http://127.0.0.1:8080/hook' });
    expect(await backend.engine.connectors.token(backend.engine.connectors.get('Brand NL'))).toBe('first-token-1234');
  });
});

describe('connector form in Dutch', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('words each validation message beside its field in Dutch, the limit included', async () => {
    await i18n.changeLanguage('nl');
    const { user, onSaved } = renderForm();
    await user.click(screen.getByRole('button', { name: /Geavanceerde instellingen/ }));
    await user.clear(screen.getByLabelText(/^Batchgrootte/));
    await user.type(screen.getByLabelText(/^Batchgrootte/), '601');
    await user.click(screen.getByRole('button', { name: 'Connector maken' }));

    expect(await screen.findByText('Naam is verplicht')).toBeInTheDocument();
    expect(screen.getByText('Batchgrootte is hoogstens 600')).toBeInTheDocument();
    expect(screen.getByText(/Een token is verplicht/)).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("places the engine's own field refusals in Dutch: each issue carries its code, the field and the limit", async () => {
    const refusal = (await backend.api['connectors.create']({ name: 'Shop', url: 'https://example.com/hook', token: 't', timeoutMs: 10 }).catch((e: unknown) => e)) as ApiErrorShape;
    expect(refusal.message).toBe('Timeout is at least 1000 ms');
    expect(refusal.issues).toEqual([{ path: 'timeoutMs', message: 'Timeout is at least 1000 ms', sentence: { code: 'fieldMilliseconds', params: { field: 'timeoutMs', minimum: 1000 } } }]);
    await i18n.changeLanguage('nl');
    const patch = (await backend.api['connectors.update']({ connector: 'Nobody', patch: { batchSize: 0 } }).catch((e: unknown) => e)) as ApiErrorShape;
    expect(errorsFromApi(patch)).toEqual({ batchSize: 'Batchgrootte moet minstens 1 zijn' });
  });
});
