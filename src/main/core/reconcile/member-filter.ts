/**
 * What a large segment's import reads its file against (issue 11): per member 32 bits, a fingerprint of their
 * key and params hash together, in buckets by key as MemberIndex has them. It answers one question of a row:
 * could it be a member's row with that member's own params? "No" is certain, and such a row is staged as it
 * is read. "Maybe" is confirmed later, one key range at a time, against the members' whole keys and hashes
 * (reconcile/staging.ts); a "maybe" that is not confirmed (odds of about one in 700 million a row) has the
 * file read again the classic way. 4.8 bytes a member where MemberIndex and MemberOutcomes take 20.7: at
 * 5,000,000 members 24 MB instead of 104.
 */
import { HASH_WORDS, KEY_WORDS, bucketShiftFor } from './member-state';

/** A fingerprint of a key (KEY_WORDS words) and a params hash (HASH_WORDS words): murmur3's mixing, word by word. */
export function fingerprint(keys: Uint32Array, at: number, hashes: Uint32Array, hashAt: number): number {
  let h = 0x6a09e667;
  h = mixIn(h, keys[at]);
  h = mixIn(h, keys[at + 1]);
  h = mixIn(h, keys[at + 2]);
  h = mixIn(h, hashes[hashAt]);
  h = mixIn(h, hashes[hashAt + 1]);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mixIn(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export class MemberFilter {
  private readonly bucketShift: number;

  constructor(
    readonly size: number,
    /** Per member in key order, their fingerprint (masked). */
    readonly prints: Uint32Array,
    /** For each bucket, where its members start in `prints`. */
    readonly buckets: Uint32Array,
    /** The fingerprint's bits kept: all but in tests, which make "maybe" common to exercise the read again. */
    readonly mask: number = 0xffffffff,
  ) {
    this.bucketShift = bucketShiftFor(size);
  }

  static builder(size: number, mask = 0xffffffff): FilterBuilder {
    return new FilterBuilder(size, bucketShiftFor(size), mask);
  }

  /** Whether a member may have the key at `keys[at..]` with the params hash at `hashes[hashAt..]` (false: none has). */
  mayHave(keys: Uint32Array, at: number, hashes: Uint32Array, hashAt: number): boolean {
    const bucket = keys[at] >>> this.bucketShift;
    const print = (fingerprint(keys, at, hashes, hashAt) & this.mask) >>> 0;
    for (let i = this.buckets[bucket], end = this.buckets[bucket + 1]; i < end; i++) if (this.prints[i] === print) return true;
    return false;
  }
}

/** Fills a MemberFilter's arrays (in shared memory, for the reader threads) from members given in key order. */
class FilterBuilder {
  private readonly prints: Uint32Array;
  private readonly buckets: Uint32Array;
  private added = 0;
  private nextBucket = 0;

  constructor(
    private readonly size: number,
    private readonly shift: number,
    private readonly mask: number,
  ) {
    this.prints = new Uint32Array(new SharedArrayBuffer(Math.max(1, size) * 4));
    this.buckets = new Uint32Array(new SharedArrayBuffer(((1 << (32 - shift)) + 1) * 4));
  }

  add(keys: Uint32Array, hashes: Uint32Array, count: number): void {
    for (let i = 0; i < count; i++, this.added++) {
      const bucket = keys[i * KEY_WORDS] >>> this.shift;
      while (this.nextBucket <= bucket) this.buckets[this.nextBucket++] = this.added;
      this.prints[this.added] = (fingerprint(keys, i * KEY_WORDS, hashes, i * HASH_WORDS) & this.mask) >>> 0;
    }
  }

  filter(): MemberFilter {
    if (this.added !== this.size) throw new Error(`The segment's state lists ${this.added} members, not ${this.size}`);
    while (this.nextBucket < this.buckets.length) this.buckets[this.nextBucket++] = this.size;
    return new MemberFilter(this.size, this.prints, this.buckets, this.mask);
  }
}
