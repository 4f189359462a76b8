import { z } from 'zod';

/**
 * Gong ids are numeric strings of up to 20 digits, beyond JavaScript's safe integers.
 * They stay strings everywhere; never `Number(id)`.
 */
export const GongIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a numeric Gong id of 1 to 20 digits (as a string)');
export type GongId = z.infer<typeof GongIdSchema>;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
