// @vitest-environment jsdom
import './setup';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConnectorForm } from '../../src/renderer/features/connectors/ConnectorForm';
import { describeSchedule } from '../../src/main/core/connectors/schedule';
import { formatSendTime } from '../../src/shared/send-time';
import type { ConnectorSaved } from '../../src/shared/model';
import { screensOnEngine } from './engine-api';
import { renderUi } from './render';

const backend = screensOnEngine();

async function openForm(connector?: ConnectorSaved['connector'], before?: (user: ReturnType<typeof userEvent.setup>) => Promise<void>) {
  const onSaved = vi.fn<(saved: ConnectorSaved) => void>();
  const user = userEvent.setup();
  renderUi(<ConnectorForm connector={connector} onSaved={onSaved} onCancel={() => undefined} />);
  await before?.(user);
  await user.click(screen.getByRole('button', { name: /Advanced settings/ }));
  return { user, onSaved, cron: () => screen.getByLabelText(/^Send times \(cron\)/) };
}

describe('the send-times field of the connector form', () => {
  it('says the schedule in words and lists the next five send times, as the engine computes them', async () => {
    const { user, cron } = await openForm();
    await user.type(cron(), '0 8 * * 1-5');
    const schedule = await screen.findByRole('group', { name: 'Schedule' });
    expect(schedule).toHaveTextContent('At 08:00, Monday through Friday, Europe/Amsterdam time');
    const times = within(schedule).getAllByRole('listitem').map((li) => li.textContent);
    expect(times).toHaveLength(5);
    for (const time of times) expect(time).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{4}-\d\d-\d\d 08:00$/);
    expect(times).toEqual(describeSchedule('0 8 * * 1-5', Date.now()).next.map(formatSendTime));
  });

  it('says why an expression is not valid, under the field', async () => {
    const { user, cron } = await openForm();
    await user.type(cron(), '0 25 * * *');
    expect(await screen.findByText(/"0 25 \* \* \*" is not a valid cron expression/)).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Schedule' })).not.toBeInTheDocument();
  });

  it('saves the expression with a new connector', async () => {
    const { user, onSaved, cron } = await openForm(undefined, async (user) => {
      await user.type(screen.getByLabelText(/^Name/), 'Mornings');
      await user.type(screen.getByLabelText(/^Endpoint/), 'http://127.0.0.1:8080/hook');
      await user.type(screen.getByLabelText(/^Token/), 'tok-1234567890');
    });
    await user.type(cron(), '30 6,18 * * *');
    await user.click(screen.getByRole('button', { name: 'Create connector' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(backend.engine.connectors.get('Mornings').cron).toBe('30 6,18 * * *');
  });

  it('clears the schedule of an existing connector when the field is emptied', async () => {
    const { connector } = await backend.api['connectors.create']({ name: 'Mornings', url: 'http://127.0.0.1:8080/hook', token: 'tok-1234567890', cron: '0 8 * * 1-5' });
    const { user, onSaved, cron } = await openForm(connector);
    expect(cron()).toHaveValue('0 8 * * 1-5');
    await user.clear(cron());
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(backend.engine.connectors.get('Mornings').cron).toBeNull();
  });
});
