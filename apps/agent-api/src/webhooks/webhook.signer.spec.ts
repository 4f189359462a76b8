import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { WebhookSigner } from './webhook.signer.js';

describe('WebhookSigner', () => {
  it('signs timestamp.body with HMAC-SHA256 and verifies it', () => {
    const header = WebhookSigner.sign('s3cret', '{"a":1}', 1_700_000_000);
    expect(header).toBe(`t=1700000000,v1=${createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex')}`);
    expect(WebhookSigner.verify('s3cret', '{"a":1}', header, 1_700_000_010)).toBe(true);
  });

  it.each([
    ['another secret', 'other', '{"a":1}', 1_700_000_010],
    ['another body', 's3cret', '{"a":2}', 1_700_000_010],
    ['an old timestamp', 's3cret', '{"a":1}', 1_700_001_000],
  ])('refuses %s', (_name, secret, body, now) => {
    expect(WebhookSigner.verify(secret, body, WebhookSigner.sign('s3cret', '{"a":1}', 1_700_000_000), now)).toBe(false);
  });
});
