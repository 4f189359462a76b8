import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `ErrorResponse` (spec): the body of every Gong error. Read leniently; it only enriches messages. */
export const ErrorResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  errors: Wire.optional(z.array(z.string())),
});
export type ErrorResponse = z.output<typeof ErrorResponseSchema>;
