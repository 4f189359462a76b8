import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `WorkspaceMetadata` (spec). */
export const WorkspaceSchema = z.object({
  id: Wire.gongId,
  name: Wire.optional(z.string()),
  description: Wire.optional(z.string()),
});
export type Workspace = z.output<typeof WorkspaceSchema>;

/** GET /v2/workspaces (not paginated). */
export const WorkspacesResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  workspaces: z.array(WorkspaceSchema),
});
