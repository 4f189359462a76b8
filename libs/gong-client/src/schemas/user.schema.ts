import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

/** `UserMetadata` (spec): a Gong user. `managerId` gives the reporting tree. */
export const UserMetadataSchema = z.object({
  id: Wire.gongId,
  emailAddress: Wire.optional(z.string()),
  created: Wire.optional(Wire.dateTime),
  active: Wire.optional(z.boolean()),
  emailAliases: Wire.optional(z.array(z.string())),
  trustedEmailAddress: Wire.optional(z.string()),
  firstName: Wire.optional(z.string()),
  lastName: Wire.optional(z.string()),
  title: Wire.optional(z.string()),
  phoneNumber: Wire.optional(z.string()),
  extension: Wire.optional(z.string()),
  personalMeetingUrls: Wire.optional(z.array(z.string())),
  settings: Wire.optional(
    z.object({
      webConferencesRecorded: Wire.optional(z.boolean()),
      preventWebConferenceRecording: Wire.optional(z.boolean()),
      telephonyCallsImported: Wire.optional(z.boolean()),
      emailsImported: Wire.optional(z.boolean()),
      preventEmailImport: Wire.optional(z.boolean()),
      nonRecordedMeetingsImported: Wire.optional(z.boolean()),
      gongConnectEnabled: Wire.optional(z.boolean()),
    }),
  ),
  managerId: Wire.optional(Wire.gongId),
  meetingConsentPageUrl: Wire.optional(z.string()),
  conferencingProviders: Wire.optional(
    z.array(z.object({ provider: Wire.optional(z.string()), isDefault: Wire.optional(z.boolean()) })),
  ),
  spokenLanguages: Wire.optional(
    z.array(z.object({ language: Wire.optional(z.string()), primary: Wire.optional(z.boolean()) })),
  ),
});
export type UserMetadata = z.output<typeof UserMetadataSchema>;

/** GET /v2/users and POST /v2/users/extensive. */
export const UsersResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  users: z.array(UserMetadataSchema),
});

/** GET /v2/users/{id}. */
export const UserResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  user: UserMetadataSchema,
});
