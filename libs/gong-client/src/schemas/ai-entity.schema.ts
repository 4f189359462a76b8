import { z } from 'zod';
import { Wire } from './wire.schema.js';

/**
 * Gong's AI content (paid in Gong credits): `GET /v2/settings/briefs` (the `Briefs` schema),
 * `GET /v2/entities/get-brief` (`GenerateBriefResponse`) and `GET /v2/entities/ask-entity`
 * (`AskEntityResponse`), field by field from the official spec. Every field is optional there.
 */

/** `CallInfoDto`: a call that holds evidence (ids are strings in the spec). */
export const AiCallInfoSchema = z.object({
  id: Wire.optional(Wire.opaqueId),
  title: Wire.optional(z.string()),
  started: Wire.optional(Wire.dateTime),
  url: Wire.optional(z.string()),
});
export type AiCallInfo = z.output<typeof AiCallInfoSchema>;

/** `EmailInfoDto`. */
export const AiEmailInfoSchema = z.object({
  id: Wire.optional(z.string()),
  title: Wire.optional(z.string()),
  sentDateTime: Wire.optional(Wire.dateTime),
});

/** `EmailFindingDto`. */
export const AiEmailFindingSchema = z.object({ emails: Wire.optional(z.array(AiEmailInfoSchema)) });

/** `BriefCallFindingDto` / `EntityCallFindingDto`. */
export const AiCallFindingSchema = z.object({ call: Wire.optional(AiCallInfoSchema) });

/** `WebFindingDto`. */
export const AiWebFindingSchema = z.object({ domain: Wire.optional(z.string()), title: Wire.optional(z.string()), url: Wire.optional(z.string()) });

/** `McpResultDto` (a section whose type is McpConnection). */
export const AiMcpResultSchema = z.object({
  connections: Wire.optional(
    z.array(
      z.object({
        name: Wire.optional(z.string()),
        status: Wire.optional(Wire.openEnum(['SUCCESS', 'AUTH_REQUIRED', 'FAILED', 'NOT_CONNECTED', 'NO_MATCHING_TOOLS', 'NO_USER_CONTEXT', 'UNKNOWN'] as const)),
      }),
    ),
  ),
  servers: Wire.optional(z.array(z.string())),
  mcpStatus: Wire.optional(Wire.openEnum(['SUCCESS', 'FAILURE', 'CONNECTION_ERROR'] as const)),
  errorMessage: Wire.optional(z.string()),
});

/** `BriefSectionDto`. */
export const BriefSectionSchema = z.object({
  title: Wire.optional(z.string()),
  sectionSummary: Wire.optional(z.array(z.string())),
  conversationFindings: Wire.optional(
    z.object({
      callFindings: Wire.optional(z.array(AiCallFindingSchema)),
      emailFindings: Wire.optional(z.array(AiEmailFindingSchema)),
    }),
  ),
  briefSectionType: Wire.optional(Wire.openEnum(['Conversations', 'Web', 'CrmOrGongData', 'McpConnection'] as const)),
  webFindings: Wire.optional(z.array(AiWebFindingSchema)),
  mcpResult: Wire.optional(AiMcpResultSchema),
});
export type BriefSection = z.output<typeof BriefSectionSchema>;

/** `GenerateBriefResponse` (GET /v2/entities/get-brief). */
export const GenerateBriefResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  numOfCallsSearched: Wire.optional(z.number().int()),
  numOfEmailsSearched: Wire.optional(z.number().int()),
  briefSections: Wire.optional(z.array(BriefSectionSchema)),
});
export type GenerateBriefResponse = z.output<typeof GenerateBriefResponseSchema>;

/** `AnswerSectionDto`. */
export const AnswerSectionSchema = z.object({
  answerItems: Wire.optional(z.array(z.string())),
  emailFindings: Wire.optional(z.array(AiEmailFindingSchema)),
  callFindings: Wire.optional(z.array(AiCallFindingSchema)),
});
export type AnswerSection = z.output<typeof AnswerSectionSchema>;

/** `AskEntityResponse` (GET /v2/entities/ask-entity). */
export const AskEntityResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  numOfCallsSearched: Wire.optional(z.number().int()),
  numOfEmailsSearched: Wire.optional(z.number().int()),
  answer: Wire.optional(z.array(AnswerSectionSchema)),
});
export type AskEntityResponse = z.output<typeof AskEntityResponseSchema>;

/** `Brief` (AI brief settings). Ids are strings in this schema of the spec. */
export const BriefSettingSchema = z.object({
  briefId: Wire.optional(Wire.opaqueId),
  briefName: Wire.optional(z.string()),
  workspaceId: Wire.optional(Wire.opaqueId),
  description: Wire.optional(z.string()),
  /** "Published" or "Not published". */
  status: Wire.optional(z.string()),
  creator: Wire.optional(z.string()),
  creatorUserId: Wire.optional(Wire.opaqueId),
  created: Wire.optional(Wire.dateTime),
  updated: Wire.optional(Wire.dateTime),
});
export type BriefSetting = z.output<typeof BriefSettingSchema>;

/** `Briefs` (GET /v2/settings/briefs). */
export const BriefsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  briefs: Wire.optional(z.array(BriefSettingSchema)),
});
