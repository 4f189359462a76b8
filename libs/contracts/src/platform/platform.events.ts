import { z } from 'zod';
import { EnvelopeSchema } from '../envelope/envelope.js';
import { IsoDateTimeSchema } from '../gong/gong-id.js';

/** A message that could not be handled within its maximum deliveries, with the reason. */
export const MessageDeadLetteredV1Schema = z.object({
  stream: z.string(),
  consumer: z.string(),
  subject: z.string(),
  deliveries: z.number().int().positive(),
  reason: z.string().min(1),
  /** The original payload, base64-encoded (it may not be valid JSON, which is often the reason). */
  payloadBase64: z.string(),
  envelope: EnvelopeSchema.optional(),
  deadLetteredAt: IsoDateTimeSchema,
});
export type MessageDeadLetteredV1 = z.infer<typeof MessageDeadLetteredV1Schema>;
