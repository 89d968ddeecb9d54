import { createHash } from 'node:crypto';
import type { Param } from '../../../shared/model';

/** Params as stored: the JSON text that is sent, and a short hash so "changed?" is an indexed comparison. */
export function encodeParams(params: readonly Param[]): { json: string; hash: string } {
  const json = JSON.stringify(params.map(({ name, type, value }) => ({ name, type, value })));
  return { json, hash: hashParams(json) };
}

export function hashParams(json: string): string {
  return createHash('md5').update(json).digest('base64url');
}

export function decodeParams(json: string): Param[] {
  return JSON.parse(json) as Param[];
}
