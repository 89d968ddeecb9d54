import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formFromConnector, toConnectorPatch, withIdentifierType, type ConnectorFormValues } from '../../src/renderer/features/connectors/form-model';
import type { ConnectorView } from '../../src/shared/model';

const original: ConnectorView = {
  id: 1, name: 'Brand NL', endpoint: 'https://webhook.example.com/hook', tokenMasked: '••••1234', identifierType: 'hashed-email',
  customerType: 'HASHED_EMAIL', partnerNumber: 1022, batchSize: 250, flushIntervalMinutes: 45, cron: null, dailyLimit: 1234,
  authMode: 'bearer', timeoutMs: 5000, state: 'halted', stateReason: '401', pausedUntil: null, lastFlushAt: null, segments: [],
  createdAt: 0, updatedAt: 0, holdForReview: false,
};

/** An edit the operator can make in the form, and the patch field it must produce. */
const edits: Record<string, { field: string; apply: (v: ConnectorFormValues) => ConnectorFormValues }> = {
  name: { field: 'name', apply: (v) => ({ ...v, name: 'Brand BE' }) },
  endpoint: { field: 'url', apply: (v) => ({ ...v, endpoint: 'https://webhook.example.com/other' }) },
  token: { field: 'token', apply: (v) => ({ ...v, token: 'new-token-5678' }) },
  batchSize: { field: 'batchSize', apply: (v) => ({ ...v, batchSize: 600 }) },
  interval: { field: 'flushIntervalMinutes', apply: (v) => ({ ...v, flushIntervalMinutes: 5 }) },
  dailyLimit: { field: 'dailyLimit', apply: (v) => ({ ...v, dailyLimit: 99 }) },
  noDailyLimit: { field: 'dailyLimit', apply: (v) => ({ ...v, noDailyLimit: true }) },
  authMode: { field: 'authMode', apply: (v) => ({ ...v, authMode: 'query' }) },
  partner: { field: 'partnerNumber', apply: (v) => ({ ...v, partnerNumber: 4242, partnerCustom: true }) },
  holdForReview: { field: 'holdForReview', apply: (v) => ({ ...v, holdForReview: true }) },
};

describe('the edit form sends only what the operator changed', () => {
  it('for any set of edits, the patch names exactly the fields edited', () => {
    fc.assert(
      fc.property(fc.subarray(Object.keys(edits)), (chosen) => {
        const values = chosen.reduce((v, key) => edits[key].apply(v), formFromConnector(original));
        const patch = toConnectorPatch(values, original);
        expect(Object.keys(patch).sort()).toEqual([...new Set(chosen.map((key) => edits[key].field))].sort());
      }),
    );
  });

  it('an untouched form sends an empty patch, and switching the identifier type also moves a default partner number', () => {
    expect(toConnectorPatch(formFromConnector(original), original)).toEqual({});
    const switched = withIdentifierType(formFromConnector(original), 'customer-id');
    expect(toConnectorPatch(switched, original)).toEqual({ identifierType: 'customer-id', partnerNumber: 1020 });
    expect(toConnectorPatch(withIdentifierType(switched, 'hashed-email'), original)).toEqual({});
  });
});
