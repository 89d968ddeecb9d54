/**
 * The token must never appear in a log, an error, a snippet or a preview. Redact both the `token=` query
 * parameter of any URL and the token's own value (raw and URL-encoded) wherever else it turns up.
 */
export function redactTokenParam(text: string): string {
  return text.replace(/([?&]token=)[^&#\s"']*/gi, '$1***');
}

export function redact(text: string, token?: string | null): string {
  let out = redactTokenParam(text);
  if (token && token.length >= 1) {
    for (const form of new Set([token, encodeURIComponent(token)])) out = out.split(form).join('***');
  }
  return out;
}

/** The endpoint with the token appended as `?token=` (or `&token=` after existing query parameters, which stay as they are). */
export function withTokenParam(endpoint: string, token: string): string {
  const hash = endpoint.indexOf('#');
  const base = hash >= 0 ? endpoint.slice(0, hash) : endpoint;
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}token=${encodeURIComponent(token)}`;
}

/** The URL as shown to people: with `?token=***` when the token travels in the query. */
export function displayUrl(endpoint: string, authMode: 'query' | 'bearer'): string {
  return authMode === 'query' ? withTokenParam(endpoint, '***').replace('token=%2A%2A%2A', 'token=***') : redactTokenParam(endpoint);
}
