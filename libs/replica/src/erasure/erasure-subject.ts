import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createHash } from 'node:crypto';

/** Whom an erasure is about: an email address or a phone number (Gong's two data-privacy keys). */
export type ErasureSubject = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/**
 * Normalizes an identifier the way it is compared everywhere: an email trimmed and lower-cased; a
 * phone number as Gong reads it (a leading `+`, then only its digits: "+1 (425) 555-2671" is
 * "+14255552671"). Bad input is a VALIDATION_FAILED naming the field.
 */
export const ErasureSubjects = {
  email(raw: string): ErasureSubject {
    const value = raw.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || value.length > 320 || value.includes('\u0000')) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'email: not an email address', { details: [{ path: 'body.email', message: 'not an email address' }] });
    }
    return { kind: 'email', value };
  },

  phone(raw: string): ErasureSubject {
    const trimmed = raw.trim();
    const value = `+${trimmed.replace(/[^0-9]/g, '')}`;
    if (!trimmed.startsWith('+') || !/^\+\d{6,15}$/.test(value)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'phone: must start with + and the country code, then 6 to 15 digits', {
        details: [{ path: 'body.phone', message: 'must start with + and the country code, then 6 to 15 digits' }],
      });
    }
    return { kind: 'phone', value };
  },

  /** The phone number of a stored party in the same form (null when it has none or it is not one). */
  normalizePhone(raw: string | null | undefined): string | null {
    if (!raw) return null;
    const digits = raw.replace(/[^0-9]/g, '');
    return digits.length >= 6 ? `+${digits}` : null;
  },

  /** What is stored about the subject: sha256 of kind and normalized value, never the value. */
  hash(subject: ErasureSubject): string {
    return createHash('sha256').update(`${subject.kind}:${subject.value}`).digest('hex');
  },
} as const;
