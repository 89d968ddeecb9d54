import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchEventView, QueueView } from '../../src/shared/model';
import { engineFailureText, notificationFor, trayConnectorLine, trayTooltip } from '../../src/main/shell/desktop-messages';
import { desktopSettingsFile, loadDesktopSettings, saveDesktopSettings } from '../../src/main/shell/desktop-settings';
import { tempDir } from '../support/temp-db';
import { severityOf } from '../../src/main/core/delivery/outcome';

const batch = (patch: Partial<BatchEventView>): BatchEventView => ({
  id: 1,
  at: 0,
  connectorId: 1,
  connectorName: 'Newsletter',
  batchUuid: '00000000-0000-4000-8000-000000000000',
  kind: 'send',
  outcome: 'delivered',
  httpStatus: 200,
  meaning: '200 Accepted.',
  latencyMs: 120,
  customers: 500,
  counts: {},
  responseSnippet: null,
  nextRetryAt: null,
  severity: severityOf(patch.outcome ?? 'delivered'),
  ...patch,
});

const queue = (patch: Partial<QueueView>): QueueView => ({
  connectorId: 1,
  connectorName: 'Newsletter',
  state: 'active',
  stateReason: null,
  pending: { NEW: 0, MODIFIED: 0, REMOVED: 0 },
  inFlight: 0,
  held: 0,
  nextFlushAt: null,
  requestsToday: 0,
  dailyLimit: 50_000,
  ...patch,
});

describe('desktop notifications', () => {
  it('tells the operator when a connector is halted, with what Deployteq answered', () => {
    const notice = notificationFor({
      type: 'batch',
      event: batch({ outcome: 'halted', httpStatus: 401, meaning: '401 Authentication failed (token or user invalid): connector halted until the token is changed.' }),
    });
    expect(notice).toEqual({
      title: 'Newsletter stopped sending',
      body: '401 Authentication failed (token or user invalid): connector halted until the token is changed.',
    });
  });

  it('tells the operator when a batch failed for good, with how many profiles wait', () => {
    const notice = notificationFor({ type: 'batch', event: batch({ outcome: 'failed', httpStatus: 400, customers: 1234, meaning: '400 Refused by Deployteq' }) });
    expect(notice?.title).toBe('A batch for Newsletter failed for good');
    expect(notice?.body).toBe('1,234 profiles. 400 Refused by Deployteq.');
  });

  it('stays quiet for deliveries, retries and every other event', () => {
    expect(notificationFor({ type: 'batch', event: batch({ outcome: 'delivered' }) })).toBeNull();
    expect(notificationFor({ type: 'batch', event: batch({ outcome: 'retrying', httpStatus: 503 }) })).toBeNull();
    expect(notificationFor({ type: 'queue', queue: [] })).toBeNull();
    expect(notificationFor({ type: 'import-progress', jobId: 'j', rowsRead: 1, bytesRead: 1, totalBytes: 2 })).toBeNull();
  });
});

describe('the tray queue summary', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0);

  it('shows pending changes and the countdown to the next flush', () => {
    const line = trayConnectorLine(queue({ pending: { NEW: 1000, MODIFIED: 200, REMOVED: 34 }, nextFlushAt: now + 12 * 60_000 }), now);
    expect(line).toBe('Newsletter: 1,234 pending, next flush in 12 min');
  });

  it('says when a connector is up to date, paused, halted or overdue', () => {
    expect(trayConnectorLine(queue({}), now)).toBe('Newsletter: up to date');
    expect(trayConnectorLine(queue({ state: 'paused', pending: { NEW: 5, MODIFIED: 0, REMOVED: 0 } }), now)).toBe('Newsletter: paused, 5 pending');
    expect(trayConnectorLine(queue({ state: 'halted', stateReason: '401 Authentication failed' }), now)).toBe('Newsletter: halted, 401 Authentication failed');
    expect(trayConnectorLine(queue({ pending: { NEW: 5, MODIFIED: 0, REMOVED: 0 }, nextFlushAt: now - 1 }), now)).toBe('Newsletter: 5 pending, next flush due now');
  });

  it('sums up every connector in the tooltip, halted ones first', () => {
    expect(trayTooltip([])).toBe('Canopy Batch: no connectors yet');
    expect(trayTooltip([queue({}), queue({ connectorName: 'Shop' })])).toBe('Canopy Batch: all segments up to date');
    expect(trayTooltip([queue({ pending: { NEW: 2, MODIFIED: 0, REMOVED: 0 }, inFlight: 500 })])).toBe('Canopy Batch: 502 changes pending');
    expect(trayTooltip([queue({ state: 'halted' }), queue({ pending: { NEW: 2, MODIFIED: 0, REMOVED: 0 } })])).toBe('Canopy Batch: 1 connector halted');
  });
});

describe('the engine failure dialog', () => {
  it('explains the one start-up failure developers meet: better-sqlite3 built for Node, not Electron', () => {
    const text = engineFailureText("The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.");
    expect(text).toMatch(/node scripts\/electron-native\.mjs/);
  });

  it('passes any other sentence on unchanged', () => {
    expect(engineFailureText('The database was made by a newer version.')).toBe('The database was made by a newer version.');
  });
});

describe('the desktop settings file', () => {
  let ctx: ReturnType<typeof tempDir>;
  beforeEach(() => (ctx = tempDir('canopy-settings-')));
  afterEach(() => ctx.cleanup());

  it('keeps running in the tray by default', () => {
    expect(loadDesktopSettings(desktopSettingsFile(ctx.dir))).toEqual({ keepRunningInTray: true });
  });

  it('remembers the choice', () => {
    const file = desktopSettingsFile(ctx.dir);
    saveDesktopSettings(file, { keepRunningInTray: false });
    expect(loadDesktopSettings(file)).toEqual({ keepRunningInTray: false });
  });

  it('falls back to the defaults when the file is damaged', () => {
    const file = desktopSettingsFile(ctx.dir);
    writeFileSync(file, '{not json');
    expect(loadDesktopSettings(file)).toEqual({ keepRunningInTray: true });
    writeFileSync(file, JSON.stringify({ keepRunningInTray: 'yes' }));
    expect(loadDesktopSettings(file)).toEqual({ keepRunningInTray: true });
  });
});
