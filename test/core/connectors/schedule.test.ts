import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeSchedule } from '../../../src/main/core/connectors/schedule';
import { nextDueAt } from '../../../src/main/core/delivery';
import { formatSendTime } from '../../../src/shared/send-time';
import { importInto, setup, upsert } from '../delivery/helpers';

// Friday 20 March 2026, 12:00 in Amsterdam (UTC+1); summer time starts on Sunday 29 March.
const FRIDAY_NOON = Date.parse('2026-03-20T11:00:00Z');

describe('a cron schedule in words', () => {
  it('says when it sends, in Amsterdam time, and lists the next five send times across the change to summer time', () => {
    const schedule = describeSchedule('0 8 * * 1-5', FRIDAY_NOON);
    expect(schedule).toMatchObject({ cron: '0 8 * * 1-5', description: 'At 08:00, Monday through Friday, Europe/Amsterdam time', timeZone: 'Europe/Amsterdam', error: null });
    expect(schedule.next.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-23T07:00:00.000Z',
      '2026-03-24T07:00:00.000Z',
      '2026-03-25T07:00:00.000Z',
      '2026-03-26T07:00:00.000Z',
      '2026-03-27T07:00:00.000Z',
    ]);
    expect(describeSchedule('0 8 * * 1-5', Date.parse('2026-03-27T12:00:00Z')).next.slice(0, 2).map(formatSendTime)).toEqual(['Mon 2026-03-30 08:00', 'Tue 2026-03-31 08:00']);
  });

  it('gives the reason instead of times for an expression that is not valid', () => {
    const schedule = describeSchedule('0 25 * * *', FRIDAY_NOON);
    expect(schedule.description).toBeNull();
    expect(schedule.next).toEqual([]);
    expect(schedule.error).toMatch(/^"0 25 \* \* \*" is not a valid cron expression: /);
  });

  it('shows as the next send time the very time the scheduler flushes at', async () => {
    const expressions = fc.constantFrom('0 8 * * 1-5', '30 6,18 * * *', '*/45 * * * *', '0 0 1 * *', '15 9 * * 0');
    await fc.assert(
      fc.asyncProperty(expressions, fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }), async (cron, lastFlushAt) => {
        const ctx = await setup({ connector: { cron } });
        try {
          importInto(ctx.db, ctx.connectorId, 'Welcome', [upsert('c1')]); // something waits, so a send time is due
          ctx.db.prepare('UPDATE connectors SET last_flush_at = ? WHERE id = ?').run(lastFlushAt, ctx.connectorId);
          expect(describeSchedule(cron, lastFlushAt).next[0]).toBe(nextDueAt(ctx.db, ctx.connector(), lastFlushAt));
        } finally {
          await ctx.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
