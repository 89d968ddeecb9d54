import { saidError } from '../errors';
import { said } from '../../../shared/messages';
import { isLoopbackHost } from '../../../shared/loopback';
import { redact } from '../delivery/redact';

export interface SplitUrl {
  endpoint: string;
  token: string | null;
  /** Told to the operator when the token was taken out of a pasted URL. */
  notice: string | null;
}

/**
 * Splits a webhook URL as Deployteq shows it (`…/data-receiver/32-id?token=abc`) into the endpoint
 * (the URL without the token; other query parameters stay) and the token. The endpoint must be an absolute
 * https URL; plain http is accepted for loopback hosts only, for local testing against the sandbox.
 */
export function splitWebhookUrl(raw: string): SplitUrl {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw saidError('notAUrl', { url: redact(text) }, 'invalid-input');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw url.protocol === 'http:' ? saidError('httpNotLoopback', {}, 'invalid-input') : saidError('notWebAddress', { protocol: url.protocol }, 'invalid-input');
  }
  if (url.username || url.password) throw saidError('urlWithCredentials', {}, 'invalid-input');
  const token = url.searchParams.get('token');
  url.search = queryWithout(url.search, 'token');
  url.hash = '';
  const endpoint = url.toString();
  if (token === null) return { endpoint, token: null, notice: null };
  if (token.trim() === '') throw saidError('emptyUrlToken', {}, 'invalid-input');
  return {
    endpoint,
    token: token.trim(),
    notice: said('urlTokenMoved').text,
  };
}

/** The token as it may be shown: at most its last 4 characters, and none of a short one. */
export function maskToken(token: string): string {
  return token.length >= 12 ? `••••${token.slice(-4)}` : '••••';
}

/**
 * Takes a `token=` query parameter out of text that may not even parse as a URL, so a refused paste never
 * leaves its token in sight: the rest of the text as typed, and the token.
 */
export function takeTokenOut(text: string): { rest: string; token: string | null } {
  let token: string | null = null;
  const rest = text
    .replace(/([?&])token=([^&#\s]*)&?/i, (_match, separator: string, value: string) => {
      token = decodeLeniently(value).trim() || null;
      return separator;
    })
    .replace(/[?&]$/, '');
  return { rest, token };
}

function decodeLeniently(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The query without parameter `name`, the others exactly as given: URLSearchParams would re-encode them
 * (`x=%20y` became `x=+y`), and a receiver need not read `+` as a space.
 */
function queryWithout(search: string, name: string): string {
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && decodeLeniently(part.split('=')[0].replace(/\+/g, ' ')) !== name);
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}
