import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentStaging } from '../../../src/main/core/reconcile/staging';
import { dbWithSegment } from '../../support/temp-db';

let ctx: Awaited<ReturnType<typeof dbWithSegment>>;
beforeEach(async () => {
  ctx = await dbWithSegment();
});
afterEach(() => ctx.cleanup());

const tempCache = () => ctx.db.pragma('temp.cache_size', { simple: true });

describe("an import's staging", () => {
  it("uses a small TEMP page cache while open, and gives the connection back its own once the last one is done", () => {
    const own = tempCache();
    const first = new SegmentStaging(ctx.db, ctx.segmentId);
    const second = new SegmentStaging(ctx.db, ctx.segmentId);
    expect(tempCache()).toBe(-8192);
    first.dispose();
    expect(tempCache()).toBe(-8192);
    second.dispose();
    second.dispose();
    expect(tempCache()).toBe(own);
    expect(own).toBe(-32768);
  });
});
