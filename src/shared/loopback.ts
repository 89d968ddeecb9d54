/**
 * Loopback: the only hosts the console listens on, and the only hosts a webhook may be plain http for
 * (local testing against the sandbox). One list, so the two never drift apart.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** A URL's hostname is loopback: one of LOOPBACK_HOSTS, IPv6 as URL writes it (`[::1]`), or any 127.x.x.x. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname) || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
