import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
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

describe('WebhookSigner: Standard Webhooks headers', () => {
  const secret = 'whsec_Ab-_cd0123456789xyzXYZ0123456789ab';
  const body = '{"event":"call.indexed","data":{"callId":"7100000000000000001"}}';
  const now = Math.floor(Date.now() / 1000);

  it('writes webhook-id, webhook-timestamp and v1,base64(HMAC-SHA256(secret, id.timestamp.body))', () => {
    const headers = WebhookSigner.standardHeaders(secret, 'dlv_1', body, 1_700_000_000);
    const mac = createHmac('sha256', secret).update(`dlv_1.1700000000.${body}`).digest('base64');
    expect(headers).toEqual({ 'webhook-id': 'dlv_1', 'webhook-timestamp': '1700000000', 'webhook-signature': `v1,${mac}` });
  });

  it('is verified by the standardwebhooks library with the secret as shown (raw key)', () => {
    const headers = WebhookSigner.standardHeaders(secret, 'dlv_2', body, now);
    expect(new StandardWebhook(secret, { format: 'raw' }).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it.each([
    ['another secret', 'whsec_other', body, 'dlv_3'],
    ['another body', secret, body.replace('7100', '7200'), 'dlv_3'],
    ['another id', secret, body, 'dlv_4'],
  ])('the library refuses %s', (_name, verifyWith, verifyBody, id) => {
    const headers = { ...WebhookSigner.standardHeaders(secret, 'dlv_3', body, now), 'webhook-id': id };
    expect(() => new StandardWebhook(verifyWith, { format: 'raw' }).verify(verifyBody, headers)).toThrow(/signature/i);
  });

  it('the library refuses a delivery older than its tolerance', () => {
    const headers = WebhookSigner.standardHeaders(secret, 'dlv_5', body, now - 3600);
    expect(() => new StandardWebhook(secret, { format: 'raw' }).verify(body, headers)).toThrow(/too old/i);
  });
});
