import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventsQuery, listEvents, recordEvent, type NewEvent } from '../../../src/main/core/events/log';
import { parseLogQuery } from '../../../src/main/core/events/log-query';
import { hashedEmail } from '../../../src/main/core/imports/identifiers';
import type { Db } from '../../../src/main/core/db/open';
import { dbWithSegment } from '../../support/temp-db';

const ROWS = 100_000;
const ALICE = 'Alice.Jansen@Example.com';
const ALICE_HASH = (hashedEmail(ALICE) as { id: string }).id;

/**
 * A log of 100,000 attempts, written by the engine's own recordEvent (so the search index is kept by its
 * triggers): mostly 200s, every 97th a 429 with a rate-limit body, every 1000th a 401. Every 500th attempt's
 * batch carried Alice (hashed) and customer "C-42".
 */
describe('log search over 100,000 attempts', () => {
  let db: Db;
  let connectorId: number;
  let cleanup: () => void;
  const aliceBatches: string[] = [];

  beforeAll(async () => {
    let segmentId: number;
    ({ db, connectorId, segmentId, cleanup } = await dbWithSegment());
    const insertBatch = db.prepare(`INSERT INTO batches (uuid, connector_id, customers, counts, state, created_at) VALUES (?, ?, 1, '{}', 'delivered', ?)`);
    const insertItem = db.prepare(`INSERT INTO batch_items (batch_id, segment_id, customer_id, status, params_hash) VALUES (?, ?, ?, 'NEW', 'h')`);
    db.transaction(() => {
      for (let n = 1; n <= ROWS; n++) {
        const uuid = randomUUID();
        const status = n % 1000 === 0 ? 401 : n % 97 === 0 ? 429 : 200;
        if (n % 500 === 0) {
          const batchId = Number(insertBatch.run(uuid, connectorId, n).lastInsertRowid);
          insertItem.run(batchId, segmentId, ALICE_HASH);
          insertItem.run(batchId, segmentId, 'C-42');
          aliceBatches.push(uuid);
        }
        const event: NewEvent = {
          at: n,
          connectorId,
          connectorName: 'Test',
          batchUuid: uuid,
          kind: 'attempt',
          outcome: status === 200 ? 'delivered' : status === 401 ? 'halted' : 'retrying',
          httpStatus: status,
          meaning: status === 200 ? 'Accepted' : status === 401 ? 'Authentication failed (token or user invalid)' : 'Too many requests: retrying later',
          responseSnippet: status === 429 ? '{"error":"Rate Limit Exceeded","retryAfter":60}' : null,
        };
        recordEvent(db, event);
      }
    })();
  }, 120_000);
  afterAll(() => cleanup());

  const search = (query: string, limit = 200) => listEvents(db, { query, limit });

  it('finds the attempts of one batch by its uuid', () => {
    const uuid = aliceBatches[3];
    const found = search(uuid.toUpperCase());
    expect(found.map((e) => e.batchUuid)).toEqual([uuid]);
  });

  it('finds a customer by email (as its Hashed Email) or by customer id: the attempts of every batch that carried it', () => {
    const byEmail = search(`  ${ALICE} `, 1000);
    expect(byEmail).toHaveLength(ROWS / 500);
    expect(new Set(byEmail.map((e) => e.batchUuid))).toEqual(new Set(aliceBatches));
    expect(search('C-42', 1000).map((e) => e.id)).toEqual(byEmail.map((e) => e.id));
    expect(search('nobody@example.com')).toEqual([]);
  });

  it('finds attempts by HTTP status, newest first, within the limit', () => {
    const unauthorised = search('401', 1000);
    expect(unauthorised).toHaveLength(ROWS / 1000);
    expect(unauthorised.every((e) => e.httpStatus === 401)).toBe(true);
    expect(unauthorised.map((e) => e.id)).toEqual([...unauthorised.map((e) => e.id)].sort((a, b) => b - a));
    expect(search('HTTP 401', 5).map((e) => e.id)).toEqual(unauthorised.slice(0, 5).map((e) => e.id));
  });

  it('finds text in the meaning or the response body, in any case', () => {
    const limited = search('rate limit', 5000);
    expect(limited.length).toBe(Array.from({ length: ROWS }, (_, i) => i + 1).filter((n) => n % 97 === 0 && n % 1000 !== 0).length);
    expect(limited.every((e) => e.httpStatus === 429)).toBe(true);
    expect(search('TOKEN OR USER', 1000)).toHaveLength(ROWS / 1000);
  });

  it('combines with the connector filter and paging', () => {
    const firstPage = listEvents(db, { query: '401', limit: 10 });
    const next = listEvents(db, { query: '401', limit: 10, beforeId: firstPage.at(-1)!.id });
    expect(next[0].id).toBeLessThan(firstPage.at(-1)!.id);
    expect(listEvents(db, { query: '401', connectorId: connectorId + 1 })).toEqual([]);
  });

  it('takes any text literally: quotes, FTS operators and short text neither throw nor match everything', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const found = search(text, 50);
        expect(found.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 200 },
    );
    expect(search('Accepted OR NOT x')).toEqual([]);
    expect(search('"')).toEqual([]);
  });

  it('uses an index for every reading of the query (EXPLAIN QUERY PLAN), never a scan of the events', () => {
    for (const query of [aliceBatches[0], ALICE, '401', 'rate limit', '200', 'Accepted']) {
      const { query: text, args } = eventsQuery({ query, limit: 200 });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...args) as Array<{ detail: string }>).map((row) => row.detail);
      const started = performance.now();
      const found = search(query).length;
      const ms = (performance.now() - started).toFixed(1); // a figure to read, not a pass/fail threshold
      console.log(`EXPLAIN QUERY PLAN for ${JSON.stringify(query)} (${found} found in ${ms} ms of ${ROWS} rows):\n  ${plan.join('\n  ')}`);
      expect(plan.filter((step) => /^SCAN (events|e|b|i)\b/.test(step)), query).toEqual([]);
    }
  });

  it('reads the query as every reading that fits', () => {
    expect(parseLogQuery(' 200 ')).toMatchObject({ httpStatus: 200, customerIds: ['200'], batchUuid: null });
    expect(parseLogQuery(ALICE).customerIds).toEqual([ALICE, ALICE_HASH]);
    expect(parseLogQuery('ab').textPhrase).toBeNull();
    expect(parseLogQuery('say "hi"').textPhrase).toBe('"say ""hi"""');
  });
});
