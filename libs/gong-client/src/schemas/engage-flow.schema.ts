import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

const optionalString = Wire.optional(z.string());

/** `PublicApiFlow` (spec): one Engage flow, or (GET /v2/flows/folders) one folder. */
export const EngageFlowSchema = z.object({
  id: Wire.opaqueId,
  name: optionalString,
  folderId: Wire.optional(Wire.opaqueId),
  folderName: optionalString,
  visibility: Wire.optional(Wire.openEnum(['Company', 'Personal', 'Shared'] as const)),
  creationDate: Wire.optional(Wire.dateTime),
  exclusive: Wire.optional(z.boolean()),
});
export type EngageFlow = z.output<typeof EngageFlowSchema>;

/** GET /v2/flows and GET /v2/flows/folders (`FlowsResponse`, paged). */
export const FlowsResponseSchema = z.object({
  requestId: optionalString,
  records: RecordsSchema,
  flows: z.array(EngageFlowSchema).default([]),
});

/** `PublicApiFlowStep` (spec). */
export const EngageFlowStepSchema = z.object({
  id: Wire.opaqueId,
  stepOrder: Wire.optional(z.number().int()),
  action: Wire.optional(Wire.openEnum(['SEND_EMAIL', 'AUTO_SEND_EMAIL', 'CALL', 'LINKEDIN_CONNECT', 'LINKEDIN_MESSAGE', 'CUSTOM'] as const)),
  subject: optionalString,
  body: optionalString,
  isReply: Wire.optional(z.boolean()),
});

/** POST /v2/flows/steps (`FlowStepsResponse`). */
export const FlowStepsResponseSchema = z.object({
  requestId: optionalString,
  flows: z.array(EngageFlowSchema.omit({ folderName: true }).extend({ description: optionalString, steps: z.array(EngageFlowStepSchema).default([]) })).default([]),
});
export type EngageFlowWithSteps = z.output<typeof FlowStepsResponseSchema>['flows'][number];

/** `PublicApiAssignedFlow` (spec): one prospect in one flow. */
export const AssignedFlowSchema = z.object({
  flowId: Wire.opaqueId,
  flowName: optionalString,
  crmProspectId: z.string(),
  flowInstanceId: Wire.opaqueId,
  flowInstanceOwnerEmail: optionalString,
  flowInstanceOwnerFullName: optionalString,
  flowInstanceCreateDate: Wire.optional(Wire.dateTime),
  flowInstanceStatus: Wire.optional(Wire.openEnum(['Pending', 'Running', 'Paused', 'FinishedNoReply', 'FinishedResponse', 'Finished'] as const)),
  workspaceId: Wire.optional(Wire.opaqueId),
  exclusive: Wire.optional(z.boolean()),
});
export type AssignedFlow = z.output<typeof AssignedFlowSchema>;

/** POST /v2/flows/prospects (`ProspectsFlowsResponse`). */
export const ProspectsFlowsResponseSchema = z.object({
  requestId: optionalString,
  prospectsAssigned: z.array(AssignedFlowSchema).default([]),
});

/** `AssignedFlowFailure` (spec). */
export const AssignedFlowFailureSchema = z.object({
  flowId: Wire.optional(Wire.opaqueId),
  crmProspectId: z.string(),
  errorCode: Wire.optional(Wire.openEnum(['InvalidArgument', 'InvalidState', 'UnexpectedError'] as const)),
  errorMessage: optionalString,
});
export type AssignedFlowFailure = z.output<typeof AssignedFlowFailureSchema>;

/** POST /v2/flows/prospects/assign and /assign/cool-off-override (`AssignFlowResponse`). */
export const AssignFlowResponseSchema = z.object({
  requestId: optionalString,
  prospectsAssigned: z.array(AssignedFlowSchema).default([]),
  prospectsNotAssigned: z.array(AssignedFlowFailureSchema).default([]),
});
export type AssignFlowResult = z.output<typeof AssignFlowResponseSchema>;

/** `FlowAssignmentProspect` (spec). */
export const FlowAssignmentProspectSchema = z.object({
  firstName: optionalString,
  lastName: optionalString,
  email: optionalString,
  jobTitle: optionalString,
  linkedInUrl: optionalString,
  crmId: optionalString,
  accountCrmId: optionalString,
  companyName: optionalString,
});
export type FlowAssignmentProspect = z.output<typeof FlowAssignmentProspectSchema>;

/** POST /v2/flows/prospects/bulk-assignments (202) and GET …/{id} (`FlowProspectsBulkAssignmentResponse`). */
export const BulkAssignmentResponseSchema = z.object({
  requestId: optionalString,
  id: Wire.opaqueId,
  status: Wire.openEnum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const),
  totalCount: Wire.optional(z.number().int()),
  processedCount: Wire.optional(z.number().int()),
  successCount: Wire.optional(z.number().int()),
  failedCount: Wire.optional(z.number().int()),
  results: z
    .array(
      z.object({
        prospect: Wire.optional(FlowAssignmentProspectSchema),
        status: Wire.optional(Wire.openEnum(['CRM_OPERATION_FAILED', 'FLOW_ASSIGNMENT_FAILED', 'ASSIGNED'] as const)),
        crmId: optionalString,
        flowInstanceId: Wire.optional(Wire.opaqueId),
        errorCode: optionalString,
        errorMessage: optionalString,
      }),
    )
    .default([]),
});
export type BulkAssignment = z.output<typeof BulkAssignmentResponseSchema>;

/** POST /v2/flows/prospects/unassign-flows-by-crm-id and …-by-instance-id (`UnassignFlowsResponse`). */
export const UnassignFlowsResponseSchema = z.object({
  requestId: optionalString,
  unassignedFlowInstanceIds: z.array(Wire.opaqueId).default([]),
});
