import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOOPBACK_HOSTS, isLoopbackHost } from '../../../src/shared/loopback';
import { splitWebhookUrl } from '../../../src/main/core/connectors/webhook-url';

describe('loopback, one list for the console and the webhook', () => {
  it('accepts plain http for a webhook on every host the console listens on', () => {
    for (const host of LOOPBACK_HOSTS) {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:8080/data-receiver/32-id`;
      expect(splitWebhookUrl(url).endpoint).toContain(':8080/data-receiver/32-id');
    }
  });

  it('counts every 127.x.x.x address as loopback, and no other IPv4 address', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(fc.property(octet, octet, octet, (a, b, c) => isLoopbackHost(`127.${a}.${b}.${c}`)));
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }).filter((n) => n !== 127), octet, (first, rest) => !isLoopbackHost(`${first}.${rest}.0.1`)));
  });

  it('refuses plain http for a host that only looks local', () => {
    for (const host of ['localhost.example.com', '0.0.0.0', '128.0.0.1', 'example.com']) {
      expect(() => splitWebhookUrl(`http://${host}/hook`)).toThrow(/must be an https URL/);
    }
  });
});
