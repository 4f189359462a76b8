import { AppError, ErrorCode, validate } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import type { GongAiCacheRepository, PersonErasureRecord, PersonErasureRepository } from '@gong-connector/persistence';
import type { Logger } from '@gong-connector/platform';
import { ErasureSubjects, type PersonEraser } from '@gong-connector/replica';
import { z } from 'zod';

/** `POST /admin/erasure`: exactly one of an email address or a phone number. */
export const ErasureBodySchema = z
  .strictObject({
    email: z.string().max(320).optional().describe('Email address of the person to erase'),
    phone: z.string().max(40).optional().describe('Phone number of the person to erase: + and the country code, then the number'),
    requestedBy: z.string().trim().min(1).max(200).optional().describe('Who asked (a name or ticket, recorded with the erasure; default: the admin API)'),
  })
  .refine((b) => (b.email === undefined) !== (b.phone === undefined), { message: 'give exactly one of email or phone', path: ['email'] });
export type ErasureBody = z.infer<typeof ErasureBodySchema>;

/**
 * Erasure as the admin API and CLI offer it: validates the identifier, erases the person from the
 * replica and the index (PersonEraser), then, when AGENT_API_ERASURE_FORWARD_TO_GONG is on, asks
 * Gong to erase them too (interactive priority); the outcome is recorded (never the address). Cached
 * Gong AI answers are dropped (their text may name the person).
 */
export class ErasureService {
  constructor(
    private readonly eraser: PersonEraser,
    private readonly erasures: PersonErasureRepository,
    private readonly gong: (() => Promise<GongClient>) | null,
    private readonly logger: Logger,
    /** Gong AI answers (may name the person): dropped with every erasure. */
    private readonly aiCache?: GongAiCacheRepository,
  ) {}

  async erase(input: unknown, defaultRequestedBy: string): Promise<PersonErasureRecord> {
    const body = validate(ErasureBodySchema, input ?? {}, 'body');
    const subject = body.email !== undefined ? ErasureSubjects.email(body.email) : ErasureSubjects.phone(body.phone!);
    const { erasure } = await this.eraser.erase(subject, body.requestedBy ?? defaultRequestedBy, ErasureSubjects.hash(subject));
    await this.aiCache?.clear();
    if (!this.gong) return erasure;
    try {
      const gong = await this.gong();
      await gong.eraseDataFor(subject.kind === 'email' ? { emailAddress: subject.value } : { phoneNumber: subject.value }, { priority: 'interactive' });
      await this.erasures.setGongForward(erasure.id, 'sent', null);
      return { ...erasure, gongForward: 'sent' };
    } catch (error) {
      const code = error instanceof AppError ? error.code : ErrorCode.INTERNAL;
      this.logger.warn({ erasureId: erasure.id, code }, 'erasure done here but not forwarded to Gong');
      await this.erasures.setGongForward(erasure.id, 'failed', code);
      return { ...erasure, gongForward: 'failed', gongForwardError: code };
    }
  }

  list(): Promise<PersonErasureRecord[]> {
    return this.erasures.list();
  }
}
