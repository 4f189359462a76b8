import { describe, expect, it } from '@jest/globals';
import { generateKeyPair, exportPKCS8, importSPKI, jwtVerify } from 'jose';
import { sha256Hex, WebhookSigner } from './webhook.signer.js';

describe('WebhookSigner', () => {
  it('signs webhook_url, body_sha256, iat and exp with RS256, verifiable with the PEM it publishes', async () => {
    const signer = await WebhookSigner.create({ ttlSeconds: 60 });
    const now = Date.UTC(2026, 0, 15, 12);
    const body = '{"callData":{},"isTest":false}';
    const token = await signer.sign('https://hooks.example/gong?tenant=1', body, now);
    const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(signer.publicKeyPem, 'RS256'), { currentDate: new Date(now) });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toEqual({ webhook_url: 'https://hooks.example/gong?tenant=1', body_sha256: sha256Hex(body), iat: now / 1000, exp: now / 1000 + 60 });
    expect(sha256Hex(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.publicKeyBase64Der).not.toContain('BEGIN');
    await expect(jwtVerify(token, await importSPKI(signer.publicKeyPem, 'RS256'), { currentDate: new Date(now + 61_000) })).rejects.toThrow(/exp/);
  });

  it('uses a given private key, and another key does not verify its tokens', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const signer = await WebhookSigner.create({ privateKeyPem: await exportPKCS8(privateKey) });
    const other = await WebhookSigner.create();
    expect(signer.publicKeyPem).not.toBe(other.publicKeyPem);
    const token = await signer.sign('https://x.example/h', 'b', Date.UTC(2026, 0, 1));
    const when = { currentDate: new Date(Date.UTC(2026, 0, 1)) };
    await expect(jwtVerify(token, await importSPKI(signer.publicKeyPem, 'RS256'), when)).resolves.toBeDefined();
    await expect(jwtVerify(token, await importSPKI(other.publicKeyPem, 'RS256'), when)).rejects.toThrow();
  });
});
