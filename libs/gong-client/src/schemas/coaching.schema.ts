import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `CoachingUser` of GET /v2/coaching. */
const CoachingUserSchema = z.object({
  id: Wire.gongId,
  emailAddress: Wire.optional(z.string()),
  firstName: Wire.optional(z.string()),
  lastName: Wire.optional(z.string()),
  title: Wire.optional(z.string()),
});

/** GET /v2/coaching?workspace-id=&manager-id=&from=&to=: per report, metric name to string values. */
export const CoachingResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  coachingData: Wire.optional(
    z.array(
      z.object({
        manager: Wire.optional(CoachingUserSchema),
        directReportsMetrics: Wire.optional(
          z.array(
            z.object({
              report: CoachingUserSchema,
              metrics: Wire.optional(z.record(z.string(), z.array(z.string()))),
            }),
          ),
        ),
      }),
    ),
  ),
});
export type CoachingData = NonNullable<z.output<typeof CoachingResponseSchema>['coachingData']>[number];
