import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

const DateOrDateTime = z.union([z.iso.date(), IsoDateTimeSchema], { error: 'must be a date (2026-01-01) or an ISO date-time' });

/** Body of ingest's `POST /admin/backfills`: calls that started in [from, to), optionally of one workspace. */
export const BackfillRequestV1Schema = z
  .object({
    from: DateOrDateTime,
    to: DateOrDateTime,
    workspaceId: GongIdSchema.optional(),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to', path: ['to'] });
export type BackfillRequestV1 = z.infer<typeof BackfillRequestV1Schema>;

export const BackfillStatusV1Schema = z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']);

/** A backfill job as ingest's admin API shows it (`GET /admin/backfills/:id`). */
export const BackfillJobV1Schema = z.object({
  id: z.string().min(1),
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  workspaceId: GongIdSchema.nullable(),
  status: BackfillStatusV1Schema,
  callsStored: z.number().int().nonnegative(),
  /** Calls Gong reported for the range; null before the first page. */
  callsTotal: z.number().int().nonnegative().nullable(),
  transcriptsStored: z.number().int().nonnegative(),
  requestsSpent: z.number().int().nonnegative(),
  /** callsStored / callsTotal (0 before the first page, 1 once completed). */
  progress: z.number().min(0).max(1),
  /** Gong requests the rest should take (one extensive page and one transcript batch per 100 calls). */
  requestsRemaining: z.number().int().nonnegative().nullable(),
  /** When the rest should be done at the current rate and the quota left today; null when unknown. */
  eta: IsoDateTimeSchema.nullable(),
  /** What the ETA rests on, for a person. */
  etaBasis: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  startedAt: IsoDateTimeSchema.nullable(),
  finishedAt: IsoDateTimeSchema.nullable(),
});
export type BackfillJobV1 = z.infer<typeof BackfillJobV1Schema>;
