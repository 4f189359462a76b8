import { GongIdSchema } from '@gong-connector/contracts';
import { z } from 'zod';

/**
 * Building blocks for Gong response schemas. Objects are plain `z.object`s: unknown fields (Gong adds
 * fields without notice) are ignored, while a field we model that is missing (when required) or of
 * the wrong type is reported with its path.
 */
export const Wire = {
  /**
   * Optional on the wire: Gong sends an absent value either as a missing key or as `null`; both
   * become `undefined`.
   */
  optional<T extends z.ZodType>(schema: T) {
    return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
  },

  /**
   * A Gong numeric id (call, user, workspace, profile): a digit string, or a JSON number. The JSON
   * parser keeps numbers beyond 2^53 as exact digit strings; safe integers are turned into strings
   * here, so ids are strings end to end.
   */
  gongId: z.union([GongIdSchema, z.number().int().nonnegative().transform((n) => String(n))], {
    error: (issue) =>
      issue.input === undefined ? 'required' : 'expected a numeric Gong id (a digit string or an integer)',
  }),

  /** An opaque id (speaker, participant, tracker, comment, CRM object): a string or an integer, kept as a string. */
  opaqueId: z.union([z.string(), z.number().int().transform((n) => String(n))], {
    error: (issue) => (issue.input === undefined ? 'required' : 'expected an id (a string or an integer)'),
  }),

  /** An ISO-8601 date-time string, kept as sent. */
  dateTime: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'expected an ISO-8601 date-time' }),

  /**
   * A string enum from the spec that Gong may extend: the known values are typed, an unknown value is
   * kept verbatim rather than failing a whole page. Consumers must handle unknown values (the access
   * rules treat an unknown permission level as no access).
   */
  openEnum<const T extends readonly string[]>(known: T) {
    return z.custom<T[number] | (string & {})>((value) => typeof value === 'string', {
      error: `expected a string (known values: ${known.join(', ')})`,
    });
  },
};
