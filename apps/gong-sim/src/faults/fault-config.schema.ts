import { z } from 'zod';

/** Where a fault applies: a share of matching requests, optionally only the next N, only some paths. */
const selector = {
  /** Share of matching requests affected, 0..1 (default 1: every one). */
  rate: z.number().min(0).max(1).default(1),
  /** Affect only this many more requests, then stop. */
  remaining: z.number().int().positive().optional(),
  /** Only these API paths (exact, e.g. "/v2/calls/extensive"); all /v2 paths when absent. */
  paths: z.array(z.string().startsWith('/')).optional(),
};

export const FaultConfigSchema = z
  .object({
    /** Answer with these statuses instead of serving (500 gets Gong's JSON body, 502/503/504 a proxy's HTML page). */
    errors: z.array(z.object({ status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]), ...selector }).strict()).optional(),
    /** Extra latency before answering. */
    latency: z.object({ ms: z.number().int().nonnegative(), jitterMs: z.number().int().nonnegative().default(0), ...selector }).strict().optional(),
    /** Served, then the answer held back this long (a response lost in flight: the change is made, the client may time out). */
    slowAnswer: z.object({ ms: z.number().int().nonnegative(), ...selector }).strict().optional(),
    /** A 429 storm: matching requests get 429 with this Retry-After, whatever the quota says. */
    rateLimitStorm: z.object({ retryAfterSeconds: z.number().int().nonnegative(), ...selector }).strict().optional(),
    /** Successful bodies cut short (a connection dropped mid-body). */
    truncatedBody: z.object(selector).strict().optional(),
    /** Successful bodies that are not valid JSON. */
    malformedJson: z.object(selector).strict().optional(),
    /** Cursor lifetime override (expire cursors early). */
    cursorTtlMs: z.number().int().nonnegative().optional(),
    /** One-shot: every cursor issued so far stops working. */
    expireCursorsNow: z.boolean().optional(),
    /** Webhook deliveries silently dropped. */
    dropWebhooks: z.object({ rate: selector.rate, remaining: selector.remaining }).strict().optional(),
  })
  .strict();

export type FaultConfig = z.input<typeof FaultConfigSchema>;
export type ParsedFaultConfig = z.output<typeof FaultConfigSchema>;
