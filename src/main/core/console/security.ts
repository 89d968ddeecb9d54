import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { SECRET_HEADER } from '../../../shared/console';

/** A fresh secret per launch: 32 random bytes, URL-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** The pages' policy: our own scripts only, no framing, no plugins, talk to this origin only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** Host names (with the port) a request may be addressed to: anything else is DNS rebinding or a mistake. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Host must name the loopback console itself; Origin, when the browser sends one, must be this console. */
export function checkOrigin(req: IncomingMessage, hosts: Set<string>): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return `Host "${host}" is not this console: open it at 127.0.0.1 or localhost.`;
  const origin = req.headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length).toLowerCase()))) {
    return `Requests from ${origin} are not accepted.`;
  }
  return null;
}

/** Constant-time comparison of the request's secret header with this launch's secret. */
export function hasSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[SECRET_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
