/** The Retention form's field errors come from the schema the engine checks, worded in the screen's language. */
import { describe, expect, it } from 'vitest';
import { retentionErrors } from '../../src/renderer/features/backups/retention-form';

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);

describe('the Retention form', () => {
  it('accepts whole days within bounds, bodies no longer than the log', () => {
    expect(retentionErrors({ bodyDays: 14, eventDays: 180 }, t)).toEqual({});
    expect(retentionErrors({ bodyDays: 30, eventDays: 30 }, t)).toEqual({});
  });

  it('says which field is wrong, and why', () => {
    expect(retentionErrors({ bodyDays: 0, eventDays: 180 }, t)).toEqual({ bodyDays: 'retention.days {"min":1,"max":3650}' });
    expect(retentionErrors({ bodyDays: 14, eventDays: '' }, t)).toEqual({ eventDays: 'retention.days {"min":1,"max":3650}' });
    expect(retentionErrors({ bodyDays: 14, eventDays: 3651 }, t)).toEqual({ eventDays: 'retention.days {"min":1,"max":3650}' });
    expect(retentionErrors({ bodyDays: 200, eventDays: 180 }, t)).toEqual({ bodyDays: 'retention.bodiesLonger' });
  });
});
