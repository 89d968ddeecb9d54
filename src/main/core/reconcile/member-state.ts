/**
 * A segment's membership in compact form: per member a 96-bit key, a 64-bit params hash and its customer id,
 * sorted by key and packed into blobs of CHUNK members (table segment_state, migration 004). An import reads
 * it once, sequentially (a few megabytes for a million members where desired holds hundreds), finds what
 * changed in memory, and touches desired and pending only for the keys that changed.
 *
 * It mirrors desired exactly: only staging.ts writes either, in the same transaction (a test checks both).
 *
 * Keys: a Hashed Email id is already a SHA-256 (its first 96 bits are the key); a Customer ID is hashed
 * first (a connector's identifier type never changes while its segments hold members). Two members share a key
 * with odds of about n²/2^97 as stored, and 7e-13 for five million members in memory (MemberIndex); the params
 * hash is state-hash.ts's (cheaper per row than the MD5 pending and delivered keep), so a change goes unseen with
 * odds of about 2^-64.
 */
import { hash } from 'node:crypto';
import type { Db } from '../db/open';
import type { IdentifierType } from '../../../shared/model';
import { sql } from '../db/sql';
import { decodeParams } from './params';
import { writeStateHash } from './state-hash';
import { MemberFilter } from './member-filter';

/** Members per stored chunk: small enough to hold one chunk's ids, large enough for few rows. */
export const CHUNK = 16_384;

/** Words per key (3 × 32 bits) and per params hash (2 × 32 bits) in the typed arrays below. */
export const KEY_WORDS = 3;
export const HASH_WORDS = 2;

/** Writes a customer's key at `keys[at..at+2]`. */
export type KeyWriter = (customerId: string, keys: Uint32Array, at: number) => void;

/** The identifier type of a segment's connector. */
export const identifierTypeOf = (db: Db, segmentId: number): IdentifierType | undefined =>
  sql(db, 'SELECT c.identifier_type FROM segments s JOIN connectors c ON c.id = s.connector_id WHERE s.id = ?', 'pluck').get(segmentId) as IdentifierType | undefined;

/** The key function of a segment: by its connector's identifier type. */
export const keyWriter = (db: Db, segmentId: number): KeyWriter => keyWriterFor(identifierTypeOf(db, segmentId));

/** Whether keys sort as the ids do: a Hashed Email id's key is its first 96 bits (a Customer ID's is hashed). */
export const keysFollowIds = (type: IdentifierType | undefined): boolean => type === 'hashed-email';

/** The key function for a connector's identifier type. */
export const keyWriterFor = (type: IdentifierType | undefined): KeyWriter => (keysFollowIds(type) ? hexKey : hashedKey);

/** A Hashed Email id is 64 lowercase hex digits (identifiers.ts): its first 96 bits are the key. */
const hexKey: KeyWriter = (customerId, keys, at) => {
  if (customerId.length !== 64) return hashedKey(customerId, keys, at);
  keys[at] = hexWord(customerId, 0);
  keys[at + 1] = hexWord(customerId, 8);
  keys[at + 2] = hexWord(customerId, 16);
};

/** The 32-bit number of the 8 hex digits at `from` (no substrings: this runs for every row of an import). */
function hexWord(text: string, from: number): number {
  let word = 0;
  for (let i = from; i < from + 8; i++) word = word * 16 + HEX_DIGIT[text.charCodeAt(i) & 127];
  return word;
}

const HEX_DIGIT = new Uint8Array(128);
'0123456789abcdef'.split('').forEach((c, i) => (HEX_DIGIT[c.charCodeAt(0)] = HEX_DIGIT[c.toUpperCase().charCodeAt(0)] = i));

const hashedKey: KeyWriter = (customerId, keys, at) => hexKey(hash('sha256', customerId, 'hex'), keys, at);

/** Orders key i of `a` against key j of `b`. */
export function compareKeys(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  const ai = i * KEY_WORDS;
  const bj = j * KEY_WORDS;
  return a[ai] - b[bj] || a[ai + 1] - b[bj + 1] || a[ai + 2] - b[bj + 2];
}

/**
 * The fewest members per bucket of the index (a power of two of buckets makes it 4 to 8): their 32 to 64 bytes of
 * tails span one or two cache lines, and the buckets take 4 bytes per 4 to 8 members instead of per member (at
 * 5,000,000 members 4 MB instead of 16).
 */
const MEMBERS_PER_BUCKET = 4;

/** Words per key tail in memory (MemberIndex). */
export const TAIL_WORDS = 2;

/**
 * How far a key's first word is shifted to give its bucket: its top 8 to 22 bits pick the bucket, so each holds 4
 * to 8 members.
 */
export const bucketShiftFor = (size: number) => 32 - Math.min(22, Math.max(8, Math.floor(Math.log2(size / MEMBERS_PER_BUCKET + 1))));

/**
 * What matching a row against a segment's members needs: their keys and params hashes in key order, and an
 * index into them. Its arrays live in shared memory, so a reader thread can match rows too (imports/read-thread.ts).
 *
 * A member's key is held as its bucket (the top 8 to 22 bits) and its tail, the 64 bits after those: 8 bytes a
 * member where the whole key took 12 (20 MB less at 5,000,000 members). In memory two members then share a key
 * with odds of about n²/2^(65 + bucket bits), at most n/2^62 (7e-13 for five million); the whole 96-bit keys stay
 * on disk, for the state written next (MemberIds.keys).
 */
export class MemberIndex {
  private readonly bucketShift: number;

  constructor(
    readonly size: number,
    /** Per member in key order, TAIL_WORDS words: the key's 64 bits after its bucket's. */
    readonly tails: Uint32Array,
    readonly hashes: Uint32Array,
    /**
     * For each bucket, where its members start (a two-level index into `tails`): 4 to 8 members a bucket, so a
     * look-up touches one bucket and the one or two cache lines of its tails, not a whole binary search's (keys
     * are random, so each step of a search is a cache miss). Binary within a bucket, in case the keys are not
     * random (a Hashed Email column is taken as given).
     */
    readonly buckets: Uint32Array,
  ) {
    this.bucketShift = bucketShiftFor(size);
  }

  /** The arrays for an index of `size` members, in shared memory; filled in key order by `IndexBuilder`. */
  static builder(size: number, into?: IndexArrays): IndexBuilder {
    return new IndexBuilder(size, bucketShiftFor(size), into);
  }

  /** Arrays that indexes of up to `size` members can be built in, one after the other (this thread's own memory). */
  static arraysFor(size: number): IndexArrays {
    return { tails: new Uint32Array(size * TAIL_WORDS), hashes: new Uint32Array(size * HASH_WORDS), buckets: new Uint32Array(bucketCount(bucketShiftFor(size))) };
  }

  /** The member with this key (`keys[at..]` of `from`), or -1. */
  find(from: Uint32Array, at: number): number {
    const shift = this.bucketShift;
    const bucket = from[at] >>> shift;
    const high0 = tailHigh(from, at, shift);
    const low0 = tailLow(from, at, shift);
    let low = this.buckets[bucket];
    let high = this.buckets[bucket + 1];
    const tails = this.tails;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const m = mid * TAIL_WORDS;
      const order = tails[m] - high0 || tails[m + 1] - low0;
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid;
    }
    return -1;
  }

  /** Whether member `member` has the params hash at `hashes[at..]`. */
  sameHash(member: number, hashes: Uint32Array, at: number): boolean {
    const h = member * HASH_WORDS;
    return this.hashes[h] === hashes[at] && this.hashes[h + 1] === hashes[at + 1];
  }
}

/** The two words of a key's tail: the 64 bits after its bucket's `32 - shift` bits. */
const tailHigh = (keys: Uint32Array, at: number, shift: number) => ((keys[at] << (32 - shift)) | (keys[at + 1] >>> shift)) >>> 0;
const tailLow = (keys: Uint32Array, at: number, shift: number) => ((keys[at + 1] << (32 - shift)) | (keys[at + 2] >>> shift)) >>> 0;

/** An index's arrays (MemberIndex.arraysFor). */
export interface IndexArrays {
  tails: Uint32Array;
  hashes: Uint32Array;
  buckets: Uint32Array;
}

/** The entries of a bucket array for a bucket shift: one per bucket and the end. */
const bucketCount = (shift: number) => (1 << (32 - shift)) + 1;

/** Fills a MemberIndex's arrays from whole keys, given in key order. */
class IndexBuilder {
  private readonly tails: Uint32Array;
  private readonly hashes: Uint32Array;
  private readonly buckets: Uint32Array;
  private added = 0;
  private nextBucket = 0;

  constructor(
    private readonly size: number,
    private readonly shift: number,
    into?: IndexArrays,
  ) {
    // In shared memory unless given: a reader thread matches rows against it too.
    this.tails = into ? into.tails.subarray(0, size * TAIL_WORDS) : new Uint32Array(new SharedArrayBuffer(size * TAIL_WORDS * 4));
    this.hashes = into ? into.hashes.subarray(0, size * HASH_WORDS) : new Uint32Array(new SharedArrayBuffer(size * HASH_WORDS * 4));
    this.buckets = into ? into.buckets.subarray(0, bucketCount(shift)) : new Uint32Array(new SharedArrayBuffer(bucketCount(shift) * 4));
  }

  /** Adds `count` members: their whole keys and their hashes. */
  add(keys: Uint32Array, hashes: Uint32Array, count: number): void {
    const shift = this.shift;
    this.hashes.set(hashes.subarray(0, count * HASH_WORDS), this.added * HASH_WORDS);
    for (let i = 0; i < count; i++, this.added++) {
      const k = i * KEY_WORDS;
      const bucket = keys[k] >>> shift;
      while (this.nextBucket <= bucket) this.buckets[this.nextBucket++] = this.added;
      this.tails[this.added * TAIL_WORDS] = tailHigh(keys, k, shift);
      this.tails[this.added * TAIL_WORDS + 1] = tailLow(keys, k, shift);
    }
  }

  index(): MemberIndex {
    if (this.added !== this.size) throw new Error(`The segment's state lists ${this.added} members, not ${this.size}`);
    while (this.nextBucket < this.buckets.length) this.buckets[this.nextBucket++] = this.size;
    return new MemberIndex(this.size, this.tails, this.hashes, this.buckets);
  }
}

/**
 * A large segment's members as an import reads its file against them (issue 11): the filter of their keys and
 * hashes, and the key ranges the rows are sorted into, to be matched one range at a time against the members
 * of that range only (MemberState.rangeIndexes, which yields them one after the other, in the same memory).
 */
export interface MemberRanges {
  /** Null once the file is read (so that it can be collected while the ranges are matched). */
  filter: MemberFilter | null;
  /** The member each range starts at, the first range's 0. */
  starts: number[];
  /** The first key of each range after the first (KEY_WORDS each). */
  keys: Uint32Array;
}

/** The range of MemberRanges a key belongs to: the last one whose first key is not above it. */
export function rangeOf(ranges: MemberRanges, keys: Uint32Array, at: number): number {
  // Binary: how many of the ranges' first keys (ranges after the first) are not above the key.
  let low = 0;
  let high = ranges.starts.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(ranges.keys, mid, keys, at / KEY_WORDS) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A segment's members as loaded: the index in memory (or, for a segment of more than a few million, the filter
 * and key ranges of MemberRanges); their whole keys and ids read chunk by chunk when needed.
 */
export class MemberState {
  private constructor(
    private readonly matchIndex: MemberIndex | null,
    /** Null unless loaded by key range. */
    readonly ranges: MemberRanges | null,
    readonly size: number,
    private readonly chunkIds: number[],
    /** The chunk number a new state starts at: after the old one, which it replaces once written. */
    readonly nextChunk: number,
  ) {}

  /** The members' index (a state loaded whole). */
  get index(): MemberIndex {
    if (this.matchIndex === null) throw new Error('This state was loaded by key range: it has no index of all members');
    return this.matchIndex;
  }

  /** One sequential read of the segment's state: keys and hashes, not the ids; one chunk in memory at a time. */
  static load(db: Db, segmentId: number): MemberState {
    const size = memberCount(db, segmentId);
    const builder = MemberIndex.builder(size);
    const { chunkIds, nextChunk } = readState(db, segmentId, (keys, hashes, entries) => builder.add(keys, hashes, entries));
    return new MemberState(builder.index(), null, size, chunkIds, nextChunk);
  }

  /**
   * As `load`, but into a MemberFilter, with the members cut into key ranges of `perRange` (the last may be
   * larger by up to half of that). `mask` narrows the fingerprints (tests).
   */
  static loadRanged(db: Db, segmentId: number, perRange: number, mask?: number): MemberState {
    const size = memberCount(db, segmentId);
    const count = Math.max(1, Math.round(size / perRange));
    const starts = Array.from({ length: count }, (_, i) => Math.floor((i * size) / count));
    const firstKeys = new Uint32Array((count - 1) * KEY_WORDS);
    const builder = MemberFilter.builder(size, mask);
    let member = 0;
    let next = 1;
    const { chunkIds, nextChunk } = readState(db, segmentId, (keys, hashes, entries) => {
      builder.add(keys, hashes, entries);
      for (; next < count && starts[next] < member + entries; next++) {
        const at = (starts[next] - member) * KEY_WORDS;
        firstKeys.set(keys.subarray(at, at + KEY_WORDS), (next - 1) * KEY_WORDS);
      }
      member += entries;
    });
    return new MemberState(null, { filter: builder.filter(), starts, keys: firstKeys }, size, chunkIds, nextChunk);
  }

  /** The members' params hashes in key order (a state loaded whole). */
  get hashes(): Uint32Array {
    return this.index.hashes;
  }

  /** The member with this key (`keys[at..]` of `from`), or -1. */
  find(from: Uint32Array, at: number): number {
    return this.index.find(from, at);
  }

  /**
   * For a state loaded by key range: each range's members in turn, as an index of their own (its member 0 is
   * the range's `start`), in one sequential read of the state.
   */
  *rangeIndexes(db: Db): Generator<{ start: number; index: MemberIndex }> {
    const { starts } = this.ranges!;
    const read = sql(db, 'SELECT entries, keys, hashes FROM segment_state WHERE id = ?');
    const sizeOf = (range: number) => (range + 1 < starts.length ? starts[range + 1] : this.size) - starts[range];
    // Each range's index is built in the same arrays: a range is done with before the next is read.
    const arrays = MemberIndex.arraysFor(Math.max(...starts.map((_, range) => sizeOf(range))));
    let range = 0;
    let builder = MemberIndex.builder(sizeOf(0), arrays);
    let inRange = 0;
    for (const id of this.chunkIds) {
      const row = read.get(id) as { entries: number; keys: Buffer; hashes: Buffer };
      const [keys, hashes] = [words(row.keys), words(row.hashes)];
      for (let taken = 0; taken < row.entries; ) {
        const count = Math.min(row.entries - taken, sizeOf(range) - inRange);
        builder.add(keys.subarray(taken * KEY_WORDS), hashes.subarray(taken * HASH_WORDS), count);
        [taken, inRange] = [taken + count, inRange + count];
        if (inRange === sizeOf(range) && range + 1 < starts.length) {
          yield { start: starts[range], index: builder.index() };
          builder = MemberIndex.builder(sizeOf(++range), arrays);
          inRange = 0;
        }
      }
    }
    yield { start: starts[range], index: builder.index() };
  }

  /** The members' whole keys and customer ids, in key order, one chunk at a time (one sequential read). */
  ids(db: Db): Generator<MemberIds> {
    return this.readIds(db, false);
  }

  /**
   * As `ids`, but each chunk is deleted as it is read, for a caller that writes the new state in the same
   * transaction: the pages a chunk frees are reused, still in the page cache, by the new chunks written next,
   * so each page reaches the WAL once, where deleting the old state at the end wrote it zeroed (secure_delete)
   * besides the new pages.
   */
  takeIds(db: Db): Generator<MemberIds> {
    return this.readIds(db, true);
  }

  private *readIds(db: Db, take: boolean): Generator<MemberIds> {
    const read = sql(db, 'SELECT entries, keys, hashes, id_ends AS ends, ids FROM segment_state WHERE id = ?');
    const remove = sql(db, 'DELETE FROM segment_state WHERE id = ?');
    for (const id of this.chunkIds) {
      const row = read.get(id) as { entries: number; keys: Buffer; hashes: Buffer; ends: Buffer; ids: Buffer };
      if (take) remove.run(id);
      yield new MemberIds(row.entries, words(row.keys), words(row.hashes), row.ids, words(row.ends));
    }
  }
}

/** Reads a segment's state chunk by chunk, in key order, handing each chunk's keys and hashes to `onChunk`. */
function readState(db: Db, segmentId: number, onChunk: (keys: Uint32Array, hashes: Uint32Array, entries: number) => void): { chunkIds: number[]; nextChunk: number } {
  // eslint-disable-next-line no-restricted-syntax -- iterated: a cached statement would stay busy if a read stopped halfway
  const rows = db
    .prepare('SELECT id, chunk, entries, keys, hashes FROM segment_state WHERE segment_id = ? ORDER BY chunk')
    .iterate(segmentId) as IterableIterator<{ id: number; chunk: number; entries: number; keys: Buffer; hashes: Buffer }>;
  const chunkIds: number[] = [];
  let nextChunk = 0;
  for (const row of rows) {
    onChunk(words(row.keys), words(row.hashes), row.entries);
    chunkIds.push(row.id);
    nextChunk = row.chunk + 1;
  }
  return { chunkIds, nextChunk };
}

/**
 * One chunk's customer ids as stored (decoded only where needed), in one of two forms:
 * - raw: when every id of the chunk is a SHA-256 in lowercase hex (Hashed Email), its 32 bytes, RAW_ID_BYTES
 *   an id, and no ends (id_ends is empty): half the bytes, so an import reads and writes less (migration 011);
 * - text: UTF-8 bytes and where each id ends.
 */
export class MemberIds {
  constructor(
    readonly length: number,
    /** The members' whole keys (KEY_WORDS each). */
    readonly keys: Uint32Array,
    /** Their params hashes (HASH_WORDS each). */
    readonly hashes: Uint32Array,
    readonly bytes: Buffer,
    /** Where each id ends in `bytes`; empty for raw ids. */
    readonly ends: Uint32Array,
  ) {}

  get raw(): boolean {
    return this.ends.length === 0;
  }

  text(i: number): string {
    if (this.raw) return this.bytes.toString('hex', i * RAW_ID_BYTES, (i + 1) * RAW_ID_BYTES);
    return this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

/** Bytes of a raw id: a SHA-256. */
export const RAW_ID_BYTES = 32;

/** An id kept raw: exactly what `Buffer.toString('hex')` gives back (64 lowercase hex digits). */
export const isRawId = (customerId: string): boolean => customerId.length === 2 * RAW_ID_BYTES && LOWER_HEX.test(customerId);
const LOWER_HEX = /^[0-9a-f]+$/;

/** A Buffer's bytes as 32-bit words (copied when the Buffer is not 4-byte aligned). */
function words(buffer: Buffer): Uint32Array {
  if (buffer.byteOffset % 4 === 0) return new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  return new Uint32Array(new Uint8Array(buffer).buffer);
}

/**
 * Writes a segment's new state in key order, replacing the old one, chunk by chunk. A chunk is written
 * with raw ids (MemberIds) while every id added to it is one; the first other id turns it to text.
 */
export class MemberStateWriter {
  private readonly keys = new Uint32Array(CHUNK * KEY_WORDS);
  private readonly hashes = new Uint32Array(CHUNK * HASH_WORDS);
  private readonly raw = Buffer.allocUnsafe(CHUNK * RAW_ID_BYTES);
  private rawOnly = true;
  private readonly ends = new Uint32Array(CHUNK);
  private ids = Buffer.allocUnsafe(CHUNK * 72);
  private idBytes = 0;
  private entries = 0;
  private readonly insert;
  total = 0;

  constructor(
    db: Db,
    private readonly segmentId: number,
    private chunk: number,
  ) {
    this.insert = sql(db, 'INSERT INTO segment_state (segment_id, chunk, entries, keys, hashes, id_ends, ids) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /** Adds a member whose id is known as text. */
  add(keys: Uint32Array, keyAt: number, hashes: Uint32Array, hashAt: number, customerId: string): void {
    if (this.rawOnly && isRawId(customerId)) {
      this.raw.write(customerId, this.entries * RAW_ID_BYTES, 'hex');
    } else {
      const bytes = Buffer.from(customerId, 'utf8');
      this.addText(bytes, 0, bytes.length);
    }
    this.addKeyAndHash(keys, keyAt, hashes, hashAt);
  }

  /** Adds member `i` of an old chunk, its id copied as stored where the forms agree (never decoded then). */
  addStored(keys: Uint32Array, keyAt: number, hashes: Uint32Array, hashAt: number, from: MemberIds, i: number): void {
    if (from.raw && this.rawOnly) from.bytes.copy(this.raw, this.entries * RAW_ID_BYTES, i * RAW_ID_BYTES, (i + 1) * RAW_ID_BYTES);
    else if (!from.raw && !this.rawOnly) this.addText(from.bytes, i === 0 ? 0 : from.ends[i - 1], from.ends[i]);
    else return this.add(keys, keyAt, hashes, hashAt, from.text(i));
    this.addKeyAndHash(keys, keyAt, hashes, hashAt);
  }

  /** Writes the last, partial chunk. */
  finish(): void {
    if (this.entries > 0) this.flush();
  }

  private addText(bytes: Buffer, start: number, end: number): void {
    if (this.rawOnly) this.toText();
    if (this.idBytes + end - start > this.ids.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.ids.length * 2, this.idBytes + end - start));
      this.ids.copy(bigger, 0, 0, this.idBytes);
      this.ids = bigger;
    }
    this.idBytes += bytes.copy(this.ids, this.idBytes, start, end);
    this.ends[this.entries] = this.idBytes;
  }

  /** The chunk's raw ids so far as text, for an id that cannot be raw. */
  private toText(): void {
    this.rawOnly = false;
    for (let i = 0; i < this.entries; i++) {
      this.idBytes += this.ids.write(this.raw.toString('hex', i * RAW_ID_BYTES, (i + 1) * RAW_ID_BYTES), this.idBytes, 'latin1');
      this.ends[i] = this.idBytes;
    }
  }

  private addKeyAndHash(keys: Uint32Array, keyAt: number, hashes: Uint32Array, hashAt: number): void {
    const k = this.entries * KEY_WORDS;
    this.keys[k] = keys[keyAt];
    this.keys[k + 1] = keys[keyAt + 1];
    this.keys[k + 2] = keys[keyAt + 2];
    this.hashes[this.entries * HASH_WORDS] = hashes[hashAt];
    this.hashes[this.entries * HASH_WORDS + 1] = hashes[hashAt + 1];
    if (++this.entries === CHUNK) this.flush();
  }

  private flush(): void {
    const n = this.entries;
    const bytes = (array: Uint32Array, length: number) => Buffer.from(array.buffer, array.byteOffset, length * 4);
    this.insert.run(
      this.segmentId,
      this.chunk++,
      n,
      bytes(this.keys, n * KEY_WORDS),
      bytes(this.hashes, n * HASH_WORDS),
      this.rawOnly ? EMPTY : bytes(this.ends, n),
      this.rawOnly ? this.raw.subarray(0, n * RAW_ID_BYTES) : this.ids.subarray(0, this.idBytes),
    );
    this.total += n;
    this.entries = 0;
    this.idBytes = 0;
    this.rawOnly = true;
  }
}

const EMPTY = Buffer.alloc(0);

/** How many members the segment has: a sum over a few chunk rows of its state, never a count over desired_state. */
export const memberCount = (db: Db, segmentId: number): number =>
  sql(db, 'SELECT coalesce(sum(entries), 0) FROM segment_state WHERE segment_id = ?', 'pluck').get(segmentId) as number;

/**
 * Builds a segment's state from its desired state (undo, adopt, migrations 004 and 015). `source` is for
 * migration 004, which ran when the desired state was the table `desired` (migration 013 replaced it).
 */
export function rebuildMemberState(db: Db, segmentId: number, source: 'desired_state' | 'desired' = 'desired_state'): void {
  // Not the cached sql(): iterated, a cached statement would stay busy if a read stopped halfway
  const rows = db.prepare(`SELECT customer_id AS id, params FROM ${source} WHERE segment_id = ?`).raw(true).iterate(segmentId) as IterableIterator<[string, string]>;
  const ids: string[] = [];
  let hashWords = new Uint32Array(1024 * HASH_WORDS);
  for (const [id, params] of rows) {
    if ((ids.length + 1) * HASH_WORDS > hashWords.length) {
      const bigger = new Uint32Array(hashWords.length * 2);
      bigger.set(hashWords);
      hashWords = bigger;
    }
    writeStateHash(decodeParams(params), hashWords, ids.length * HASH_WORDS);
    ids.push(id);
  }
  const keys = new Uint32Array(ids.length * KEY_WORDS);
  const writeKey = keyWriter(db, segmentId);
  ids.forEach((id, i) => writeKey(id, keys, i * KEY_WORDS));
  const order = Array.from(ids.keys()).sort((a, b) => compareKeys(keys, a, keys, b));
  sql(db, 'DELETE FROM segment_state WHERE segment_id = ?').run(segmentId);
  const writer = new MemberStateWriter(db, segmentId, 0);
  for (const i of order) writer.add(keys, i * KEY_WORDS, hashWords, i * HASH_WORDS, ids[i]);
  writer.finish();
}
