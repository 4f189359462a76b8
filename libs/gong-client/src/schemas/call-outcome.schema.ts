import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `CallOutcome` of GET /v2/call-outcomes (set up in Gong's dialer). */
export const CallOutcomeSchema = z.object({
  callOutcome: z.string(),
  displayOrder: Wire.optional(z.number().int()),
  connectStatus: Wire.optional(Wire.openEnum(['CONNECTED', 'NOT_CONNECTED'] as const)),
  sentiment: Wire.optional(Wire.openEnum(['POSITIVE', 'NEGATIVE', 'NEUTRAL'] as const)),
  todoAction: Wire.optional(Wire.openEnum(['COMPLETE', 'COMPLETE_AND_REMOVE'] as const)),
  automation: Wire.optional(Wire.openEnum(['MARK_AS_OPT_OUT'] as const)),
  category: Wire.optional(Wire.openEnum(['ANSWERED', 'NOT_ANSWERED'] as const)),
});
export type CallOutcome = z.output<typeof CallOutcomeSchema>;

export const CallOutcomesResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  outcomes: Wire.optional(z.array(CallOutcomeSchema)),
});
