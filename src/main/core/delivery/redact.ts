/**
 * The token must never appear in a log, an error, a snippet or a preview. Redact both the `token=` query
 * parameter of any URL and the token's own value wherever else it turns up, in every form a receiver or a
 * library might echo it: raw, percent-encoded (upper- or lower-case hex), JSON-escaped (with or without `\/`),
 * base64 and base64url.
 */
export function redactTokenParam(text: string): string {
  return text.replace(/([?&]token=)[^&#\s"']*/gi, '$1***');
}

/**
 * The last token's forms: a drain redacts several texts per batch with the same token, and building the ten
 * forms each time cost more than the redaction. Only the latest token is kept, one the process holds anyway.
 */
let lastForms: { token: string; forms: readonly string[] } | null = null;

export function tokenForms(token: string): readonly string[] {
  if (lastForms?.token !== token) lastForms = { token, forms: computeTokenForms(token) };
  return lastForms.forms;
}

function computeTokenForms(token: string): string[] {
  const percent = encodeURIComponent(token);
  const json = JSON.stringify(token).slice(1, -1);
  const base64 = Buffer.from(token, 'utf8').toString('base64');
  const forms = [
    token,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    encodeURI(token),
    json,
    json.replace(/\//g, '\\/'),
    // As ASCII-only encoders (Python's json.dumps, PHP's json_encode) write it: \u00e9 for é, and \/ for /.
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/'),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(token, 'utf8').toString('base64url'),
  ];
  // Longest first: a shorter form inside a longer one must not leave the longer one's remains behind.
  return [...new Set(forms)].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

export function redact(text: string, token?: string | null): string {
  let out = redactTokenParam(text);
  if (token && token.length >= 1) {
    for (const form of tokenForms(token)) if (out.includes(form)) out = out.split(form).join('***');
  }
  return out;
}

/** Response bodies kept in the database (batches.last_error): redacted first, then cut to this many characters. */
export const STORED_BODY_LENGTH = 4096;

export function redactedForStorage(text: string, token?: string | null): string {
  const clean = redact(text, token);
  return clean.length > STORED_BODY_LENGTH ? `${clean.slice(0, STORED_BODY_LENGTH - 1)}…` : clean;
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
