import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { deliveredState } from '../../../src/main/core/reconcile/delivered-export';
import { writeDeliveredCsv } from '../../../src/main/core/reconcile/delivered-csv';
import { encodeParams } from '../../../src/main/core/reconcile/params';
import type { Param } from '../../../src/shared/model';
import { dbWithSegment } from '../../support/temp-db';

let ctx: Awaited<ReturnType<typeof dbWithSegment>>;
afterEach(() => ctx.cleanup());

const p = (name: string, value: string): Param => ({ name, type: 'string', value });

async function deliver(profiles: Record<string, Param[]>) {
  ctx = await dbWithSegment();
  const insert = ctx.db.prepare('INSERT INTO delivered (segment_id, customer_id, params, params_hash, delivered_at) VALUES (?, ?, ?, ?, ?)');
  for (const [id, params] of Object.entries(profiles)) {
    const { json, hash } = encodeParams(params);
    insert.run(ctx.segmentId, id, json, hash, Date.parse('2026-03-10T08:00:00Z'));
  }
}

describe('the delivered state of a segment, as exported', () => {
  it('has one column per param any profile has, in the order sent, and an empty cell where a profile lacks one', async () => {
    await deliver({
      c1: [p('firstName', 'Ann'), p('city', 'Delft')],
      c2: [p('city', '{"name":"trick"}'), p('points', '7')],
      c3: [],
      c4: [p('firstName', 'Bea, "B"'), p('city', 'Gouda')],
    });
    const state = deliveredState(ctx.db, ctx.segmentId);
    expect(state.paramNames).toEqual(['firstName', 'city', 'points']);
    expect([...state.pages(2)].map((page) => page.map((r) => r.customerId))).toEqual([['c1', 'c2'], ['c3', 'c4']]);

    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    expect(await writeDeliveredCsv(ctx.db, ctx.segmentId, out)).toBe(4);
    expect(parse(text)).toEqual([
      ['customerId', 'firstName', 'city', 'points', 'deliveredAt'],
      ['c1', 'Ann', 'Delft', '', '2026-03-10T08:00:00.000Z'],
      ['c2', '', '{"name":"trick"}', '7', '2026-03-10T08:00:00.000Z'],
      ['c3', '', '', '', '2026-03-10T08:00:00.000Z'],
      ['c4', 'Bea, "B"', 'Gouda', '', '2026-03-10T08:00:00.000Z'],
    ]);
  });

  it('is only a header for a segment nothing was delivered to', async () => {
    await deliver({});
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    expect(await writeDeliveredCsv(ctx.db, ctx.segmentId, out)).toBe(0);
    expect(text).toBe('customerId,deliveredAt\r\n');
  });
});
