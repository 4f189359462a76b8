import type { FlowAssignmentProspect } from '../schemas/engage-flow.schema.js';

/** GET /v2/flows query (flowOwnerEmail required). */
export interface ListFlowsQuery {
  flowOwnerEmail: string;
  workspaceId?: string | undefined;
  folderId?: string | undefined;
  mostRecentlyAssigned?: boolean | undefined;
}

/** GET /v2/flows/folders query (flowFolderOwnerEmail required). */
export interface ListFlowFoldersQuery {
  flowFolderOwnerEmail: string;
  parentId?: string | undefined;
  workspaceId?: string | undefined;
}

/** `AssignFlowRequestV2` (spec). */
export interface AssignFlowRequest {
  crmProspectsIds: string[];
  flowId: string;
  flowInstanceOwnerEmail: string;
  overrides?: {
    steps?: Array<{ number: number; subject?: string | undefined; body?: string | undefined }> | undefined;
    flowInstanceVariables?: Array<{ name: string; value: string }> | undefined;
    coolOffOverride?: boolean | undefined;
  };
  flowInstanceDescription?: string | undefined;
}

/** `FlowProspectsBulkAssignmentRequest` (spec). */
export interface BulkFlowAssignmentRequest {
  flowInstanceOwnerEmail: string;
  flowId: string;
  prospects: FlowAssignmentProspect[];
}

/** `ReminderFilter` (spec): every field but workspaceId is required. */
export interface ListTasksFilter {
  userId: string;
  workspaceId?: string | undefined;
  types: Array<'FLOW' | 'MANUAL'>;
  taskAction: Array<'CALL'>;
  status: Array<'OPEN' | 'DONE' | 'DISMISSED'>;
}

/** `UpdateReminderRequest` (spec). */
export interface UpdateTaskRequest {
  userId: string;
  status?: 'OPEN' | 'DONE' | 'DISMISSED' | undefined;
  /** ISO-8601 date-time. */
  dueDate?: string | undefined;
  priority?: string | undefined;
}
