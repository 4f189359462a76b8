import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'gcenc:v1:';
const KEY_BYTES = 32;

interface Kek {
  id: string;
  key: Buffer;
}

/**
 * Envelope encryption of secrets at rest (webhook signing secrets, Gong OAuth tokens, the built-in
 * authorization server's signing key). Each value gets a fresh 256-bit data key; the value is
 * sealed with AES-256-GCM under that data key, and the data key with AES-256-GCM under the
 * deployment's key-encryption key (KEK), whose id travels with the value:
 * `gcenc:v1:<kek id>:<wrap iv>:<wrapped data key>:<iv>:<ciphertext>` (base64url; GCM tags appended).
 * The purpose (table and column) is bound as additional data, so a value copied into another
 * column does not open. Keys come from SECRETS_ENCRYPTION_KEYS, `id:base64key` comma-separated:
 * the first seals, every one opens (rotation: put the new key first, reseal, then drop the old).
 * Without keys values are stored as they are, and values stored before encryption was turned on
 * (not starting with the prefix) are read as they are until resealed.
 */
export class SecretBox {
  private constructor(private readonly keks: readonly Kek[]) {}

  /** No keys: values stay as they are. */
  static readonly plain = new SecretBox([]);

  /** From SECRETS_ENCRYPTION_KEYS (`id:base64 of 32 bytes`, comma-separated; the first seals). */
  static fromSetting(setting: string | undefined): SecretBox {
    if (setting === undefined || setting.trim() === '') return SecretBox.plain;
    const keks = setting.split(',').map((entry, i) => {
      const [id, b64, ...rest] = entry.trim().split(':');
      const key = b64 === undefined ? Buffer.alloc(0) : Buffer.from(b64, 'base64');
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || rest.length > 0 || key.length !== KEY_BYTES) {
        throw new AppError(ErrorCode.CONFIG_INVALID, `SECRETS_ENCRYPTION_KEYS entry ${i + 1}: expected <id>:<base64 of 32 random bytes> (e.g. k2026:$(openssl rand -base64 32))`);
      }
      return { id, key };
    });
    if (new Set(keks.map((k) => k.id)).size !== keks.length) throw new AppError(ErrorCode.CONFIG_INVALID, 'SECRETS_ENCRYPTION_KEYS: key ids must be distinct');
    return new SecretBox(keks);
  }

  get enabled(): boolean {
    return this.keks.length > 0;
  }

  get activeKeyId(): string | undefined {
    return this.keks[0]?.id;
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** Seals `plaintext` for `purpose` with the active key (as is without keys). */
  seal(plaintext: string, purpose: string): string {
    const kek = this.keks[0];
    if (!kek) return plaintext;
    const dek = randomBytes(KEY_BYTES);
    const wrapIv = randomBytes(12);
    const wrap = createCipheriv('aes-256-gcm', kek.key, wrapIv);
    wrap.setAAD(Buffer.from(`dek|${purpose}`));
    const wrapped = Buffer.concat([wrap.update(dek), wrap.final(), wrap.getAuthTag()]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dek, iv);
    cipher.setAAD(Buffer.from(purpose));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${kek.id}:${[wrapIv, wrapped, iv, ct].map((b) => b.toString('base64url')).join(':')}`;
  }

  /** Opens a stored value (a value stored before encryption is returned as it is). */
  open(stored: string, purpose: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [kid, ...parts] = stored.slice(PREFIX.length).split(':');
    const kek = this.keks.find((k) => k.id === kid);
    if (!kek) throw new AppError(ErrorCode.CONFIG_INVALID, `A stored secret (${purpose}) is sealed with key "${kid}", which SECRETS_ENCRYPTION_KEYS does not hold`);
    const [wrapIv, wrapped, iv, ct] = parts.map((p) => Buffer.from(p, 'base64url'));
    if (!wrapIv || !wrapped || !iv || !ct || parts.length !== 4) throw new AppError(ErrorCode.CONFIG_INVALID, `A stored secret (${purpose}) is malformed`);
    try {
      const unwrap = createDecipheriv('aes-256-gcm', kek.key, wrapIv);
      unwrap.setAAD(Buffer.from(`dek|${purpose}`));
      unwrap.setAuthTag(wrapped.subarray(wrapped.length - 16));
      const dek = Buffer.concat([unwrap.update(wrapped.subarray(0, wrapped.length - 16)), unwrap.final()]);
      const decipher = createDecipheriv('aes-256-gcm', dek, iv);
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(ct.subarray(ct.length - 16));
      return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError(ErrorCode.CONFIG_INVALID, `A stored secret (${purpose}) does not open with key "${kid}" (altered, or another key under that id)`);
    }
  }

  /** Whether `stored` should be sealed again: stored in clear, or under a key that is not the active one. */
  needsReseal(stored: string): boolean {
    const active = this.keks[0];
    if (!active) return false;
    return !stored.startsWith(`${PREFIX}${active.id}:`);
  }
}
