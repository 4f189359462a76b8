import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** Paging block of every paginated Gong response; `cursor` is present only when more pages remain. */
export const RecordsSchema = z.object({
  totalRecords: z.number(),
  currentPageSize: z.number(),
  currentPageNumber: z.number(),
  cursor: Wire.optional(z.string()),
});
export type Records = z.output<typeof RecordsSchema>;
