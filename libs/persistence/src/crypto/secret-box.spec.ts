import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

describe('SecretBox: envelope encryption of secrets at rest', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('seals with a fresh data key each time and opens with the same purpose only', () => {
    const box = SecretBox.fromSetting(k1);
    const a = box.seal('whsec_abc', 'webhook.secret');
    const b = box.seal('whsec_abc', 'webhook.secret');
    expect(a).toMatch(/^gcenc:v1:k1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_abc');
    expect(box.open(a, 'webhook.secret')).toBe('whsec_abc');
    expect(() => box.open(a, 'gong.tokens')).toThrow(/does not open/);
  });

  it('rotates: a new first key seals, the old one still opens, needsReseal says which rows to redo', () => {
    const old = SecretBox.fromSetting(k1).seal('token', 'p');
    const rotated = SecretBox.fromSetting(`${k2},${k1}`);
    expect(rotated.open(old, 'p')).toBe('token');
    expect(rotated.needsReseal(old)).toBe(true);
    const resealed = rotated.seal(rotated.open(old, 'p'), 'p');
    expect(rotated.needsReseal(resealed)).toBe(false);
    expect(() => SecretBox.fromSetting(k2).open(old, 'p')).toThrow(/key "k1"/);
  });

  it('reads values stored before encryption as they are, and marks them for resealing', () => {
    const box = SecretBox.fromSetting(k1);
    expect(box.open('legacy-plain', 'p')).toBe('legacy-plain');
    expect(box.needsReseal('legacy-plain')).toBe(true);
    expect(SecretBox.plain.seal('x', 'p')).toBe('x');
    expect(SecretBox.plain.needsReseal('x')).toBe(false);
  });

  it('refuses tampering and bad key settings without echoing the key', () => {
    const box = SecretBox.fromSetting(k1);
    const sealed = box.seal('secret', 'p');
    const parts = sealed.split(':');
    const ct = parts[parts.length - 1]!;
    parts[parts.length - 1] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1); // the first character carries 6 whole bits
    const flipped = parts.join(':');
    expect(() => box.open(flipped, 'p')).toThrow();
    for (const bad of ['k1', 'k1:short', `bad id:${randomBytes(32).toString('base64')}`, `${k1},${k1}`]) {
      let message = '';
      try {
        SecretBox.fromSetting(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/SECRETS_ENCRYPTION_KEYS/);
      expect(message).not.toContain(k1.split(':')[1]);
    }
  });
});
