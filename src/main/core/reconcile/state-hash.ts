/**
 * The params hash a segment's member state keeps per member (member-state.ts): 64 bits in two 32-bit words,
 * equal for two rows exactly when their params are (barring odds of about 2^-64 per changed row).
 *
 * Why not the MD5 that pending and delivered keep (params.ts hashParams): an import hashes every row of the
 * file to tell the few that changed, and one MD5 of a row's JSON costs about 1.2 µs (a million rows: 1.2 s),
 * where this hash combines per-param hashes that the reader computes once per distinct value (cities, dates,
 * opt-ins repeat) in a few nanoseconds. The MD5 is still computed, but only for the rows that changed.
 *
 * A param's hash is two murmur3 (32-bit) hashes, with two seeds, of its JSON text exactly as encodeParam writes
 * it; a row's hash folds its params' hashes in order, then its number of params. Both are pure functions of
 * the text, the same in every process and version: a change here needs a migration that rebuilds the states.
 */
import type { Param } from '../../../shared/model';
import { encodeParam } from './params';

const SEED_A = 0x9747b28c;
const SEED_B = 0x2f3a1d05;

/** Murmur3's 32-bit hash of a text's UTF-16 code units, two units a block. */
export function textHash(text: string, seed: number): number {
  let h = seed | 0;
  const length = text.length;
  const pairs = length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    h ^= mixBlock(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  if (length & 1) h ^= mixBlock(text.charCodeAt(length - 1));
  return finalMix(h ^ length);
}

function mixBlock(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One param's hash words, from its JSON text (encodeParam). */
export const paramHashA = (json: string): number => textHash(json, SEED_A);
export const paramHashB = (json: string): number => textHash(json, SEED_B);

/** A row's hash words before its first param: fold each param's words in, in order, then finish. */
export const ROW_START_A = SEED_A;
export const ROW_START_B = SEED_B;

/** Folds one param's hash word into a row's (order matters: each step is a bijection of the row so far). */
export const foldA = (row: number, param: number): number => Math.imul(((row << 5) | (row >>> 27)) ^ param, 0x9e3779b1);
export const foldB = (row: number, param: number): number => Math.imul(((row << 7) | (row >>> 25)) ^ param, 0x85ebca77);

/** A row's final hash word, from its folded words and its number of params. */
export const finishRow = (row: number, params: number): number => finalMix(row ^ params);

/** The state hash of a list of params, written at `out[at]` and `out[at + 1]`: what the reader computes per row. */
export function writeStateHash(params: readonly Param[], out: Uint32Array, at: number): void {
  let a = ROW_START_A;
  let b = ROW_START_B;
  for (const param of params) {
    const json = encodeParam(param);
    a = foldA(a, paramHashA(json));
    b = foldB(b, paramHashB(json));
  }
  out[at] = finishRow(a, params.length);
  out[at + 1] = finishRow(b, params.length);
}
