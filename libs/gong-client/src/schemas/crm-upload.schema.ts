import { z } from 'zod';
import { Wire } from './wire.schema.js';

const optionalString = Wire.optional(z.string());

/** POST /v2/crm/entities and DELETE /v2/crm/integrations (`AsyncProcessingResponse`, 201). */
export const AsyncProcessingResponseSchema = z.object({ requestId: optionalString, clientRequestId: optionalString });

/** GET /v2/crm/request-status (`RequestStatusResponse`): where an asynchronous CRM request stands. */
export const CrmRequestStatusSchema = z.object({
  requestId: optionalString,
  status: Wire.openEnum(['PENDING', 'IN_PROGRESS', 'DONE', 'FAILED'] as const),
  errors: z.array(z.object({ line: Wire.optional(z.number().int()), description: optionalString })).default([]),
  totalErrorCount: Wire.optional(z.number().int()),
  totalSuccessCount: Wire.optional(z.number().int()),
});
export type CrmRequestStatus = z.output<typeof CrmRequestStatusSchema>;

/** `GenericCrmIntegration` (spec); the integration id is int64 on the wire, a string here. */
export const CrmIntegrationSchema = z.object({ integrationId: Wire.gongId, ownerEmail: optionalString, name: optionalString });
export type CrmIntegration = z.output<typeof CrmIntegrationSchema>;

/** GET /v2/crm/integrations. */
export const CrmIntegrationsResponseSchema = z.object({ requestId: optionalString, integrations: z.array(CrmIntegrationSchema).default([]) });

/** PUT /v2/crm/integrations (`RegisterGenericCrmResponse`). */
export const RegisterCrmResponseSchema = z.object({ requestId: optionalString, integrationId: Wire.gongId });

/** `GenericSchemaFieldRequest` (spec): one custom CRM field. */
export const CrmSchemaFieldSchema = z.object({
  uniqueName: z.string(),
  label: optionalString,
  type: optionalString,
  lastModified: optionalString,
  isDeleted: Wire.optional(z.boolean()),
  referenceTo: optionalString,
  orderedValueList: Wire.optional(z.array(z.string())),
});

/** GET /v2/crm/entity-schema (`ListSelectedFieldsResponse`). */
export const CrmEntitySchemaResponseSchema = z.object({
  requestId: optionalString,
  objectTypeToSelectedFields: z.record(z.string(), z.array(CrmSchemaFieldSchema)).default({}),
});
