// @vitest-environment jsdom
import './setup';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { LogView } from '../../src/renderer/features/log/LogPage';
import { eventsToCsv } from '../../src/renderer/features/log/csv';
import { useLog } from '../../src/renderer/stores/log';
import type { BatchEventView } from '../../src/shared/model';
import { renderUi } from './render';
import { severityOf } from '../../src/main/core/delivery/outcome';

const at = Date.UTC(2026, 10, 27, 9, 0, 0);
const attempt = (id: number, connectorName: string, httpStatus: number | null, meaning: string, extra: Partial<BatchEventView> = {}): BatchEventView => ({
  id,
  at: at + id * 60_000,
  connectorId: connectorName === 'Brand NL' ? 1 : 2,
  connectorName,
  batchUuid: `00000000-0000-4000-8000-00000000000${id}`,
  kind: 'attempt',
  outcome: httpStatus === 200 ? 'delivered' : 'failed',
  httpStatus,
  meaning,
  latencyMs: 40 + id,
  customers: 10 * id,
  counts: { 'Nieuwsbrief NL': { NEW: 10 * id } },
  responseSnippet: httpStatus === 200 ? '{"status":"accepted"}' : '{"error":"authentication failed"}',
  nextRetryAt: null,
  severity: severityOf(extra.outcome ?? (httpStatus === 200 ? 'delivered' : 'failed')),
  ...extra,
});

const events = [
  attempt(5, 'Brand NL', null, 'Brand NL resumed by the operator.', { kind: 'connector', outcome: 'resumed', customers: 0, counts: {}, batchUuid: null, latencyMs: null }),
  attempt(4, 'Brand BE', 500, 'Internal server error: retried with backoff', { nextRetryAt: at + 3_600_000 }),
  attempt(3, 'Brand NL', 401, 'Authentication failed: the connector is halted'),
  attempt(2, 'Brand BE', 200, 'Delivered'),
  attempt(1, 'Brand NL', 200, 'Delivered'),
];

const bodyRows = () => within(screen.getByRole('table', { name: 'Batch attempts' })).getAllByRole('row').slice(1);

beforeEach(() => useLog.setState({ filters: { connector: null, outcome: 'all' } }));

describe('live log table', () => {
  it('shows every attempt with its HTTP status and what it means', () => {
    renderUi(<LogView events={events} />);
    expect(bodyRows()).toHaveLength(5);
    expect(screen.getByRole('row', { name: /Brand NL resumed Brand NL resumed by the operator/ })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Brand NL HTTP 401 Authentication failed/ })).toBeInTheDocument();
  });

  it('filters by connector', async () => {
    renderUi(<LogView events={events} />);
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Connector' }), 'Brand NL');
    expect(bodyRows()).toHaveLength(3);
    expect(bodyRows().every((row) => row.textContent?.includes('Brand NL'))).toBe(true);
    expect(screen.getByText('Showing 3 of 5 entries')).toBeInTheDocument();
  });

  it('filters by outcome: problems are the requests without a 2xx, not the operator notes', async () => {
    const user = userEvent.setup();
    renderUi(<LogView events={events} />);
    await user.click(screen.getByRole('radio', { name: 'Problems' }));
    expect(bodyRows().map((r) => within(r).getAllByRole('cell')[4].textContent)).toEqual(['500', '401']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Connector' }), 'Brand NL');
    expect(bodyRows()).toHaveLength(1);

    await user.click(screen.getByRole('radio', { name: 'Delivered' }));
    expect(bodyRows().map((r) => within(r).getAllByRole('cell')[4].textContent)).toEqual(['200']);
  });

  it('opens the details of an attempt: its uuid and the response', async () => {
    const user = userEvent.setup();
    renderUi(<LogView events={events} />);
    await user.click(screen.getByRole('row', { name: /HTTP 401/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Batch attempt' });
    expect(within(drawer).getByText('00000000-0000-4000-8000-000000000003')).toBeInTheDocument();
    expect(within(drawer).getByLabelText('Response snippet')).toHaveTextContent('authentication failed');
  });

  it('exports what is shown as CSV that a spreadsheet cannot mistake for formulas', () => {
    const csv = eventsToCsv([attempt(1, '=HYPERLINK("x")', 200, 'Delivered')]);
    const [header, line] = csv.trim().split('\r\n');
    expect(header).toBe('time,connector,batch_uuid,kind,outcome,http_status,meaning,latency_ms,customers,new,modified,removed,segments,next_retry');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('2026-11-27T09:01:00.000Z');
  });
});
