import { hash } from 'node:crypto';
import type { Param } from '../../../shared/model';

/** Params as stored: the JSON text that is sent, and a short hash so "changed?" is an indexed comparison. */
export function encodeParams(params: readonly Param[]): { json: string; hash: string } {
  const json = paramsJson(params);
  return { json, hash: hashParams(json) };
}

/** The JSON text alone (exactly JSON.stringify of the params). */
export function paramsJson(params: readonly Param[]): string {
  let json = '[';
  for (let i = 0; i < params.length; i++) json += i ? `,${encodeParam(params[i])}` : encodeParam(params[i]);
  return `${json}]`;
}

/** One param's JSON object text, as it appears in encodeParams' array (readers cache it per distinct value). */
export function encodeParam(param: Param): string {
  return `${paramPrefix(param.name, param.type)}${jsonString(param.value)}}`;
}

// The text is exactly JSON.stringify([{ name, type, value }, ...]), built faster: an import encodes a
// million rows whose names and types repeat, and whose values rarely need escaping.
const prefixes = new Map<string, Map<string, string>>();
let cachedPrefixes = 0;
function paramPrefix(name: string, type: string): string {
  let byName = prefixes.get(type);
  if (byName === undefined) prefixes.set(type, (byName = new Map()));
  let prefix = byName.get(name);
  if (prefix === undefined) {
    prefix = `{"name":${JSON.stringify(name)},"type":${JSON.stringify(type)},"value":`;
    if (cachedPrefixes < 10_000) {
      byName.set(name, prefix);
      cachedPrefixes++;
    }
  }
  return prefix;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (value: string) => (NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`);

export function hashParams(json: string): string {
  return hash('md5', json, 'base64url');
}

export function decodeParams(json: string): Param[] {
  return JSON.parse(json) as Param[];
}
