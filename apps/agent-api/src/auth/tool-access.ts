import type { Principal } from './principal.js';

/**
 * OAuth scopes of the connector: reading, (actions issue) writing to Engage, tasks and the CRM, and
 * `gong:ai`: Gong's own AI (briefs, questions about an entity), paid in Gong credits.
 */
export const GONG_SCOPES = ['gong:read', 'gong:engage:write', 'gong:tasks:write', 'gong:crm:write', 'gong:ai'] as const;
export type GongScope = (typeof GONG_SCOPES)[number];

/** What a tool is about; a token or OAuth client can be limited to tags (or to named tools). */
export const TOOL_TAGS = ['calls', 'search', 'accounts', 'coaching', 'deals', 'engage', 'crm', 'ai'] as const;
export type ToolTag = (typeof TOOL_TAGS)[number];

/**
 * What one token may use: its scopes, and optionally a limit to named tools and/or tool tags
 * (a tool passes when it is named or carries one of the tags). Set on the Principal at sign-in.
 */
export interface ToolGrant {
  scopes: ReadonlySet<string>;
  /** Undefined: no limit by name or tag. */
  tools?: ReadonlySet<string> | undefined;
  tags?: ReadonlySet<string> | undefined;
  /** Writes skip the confirmation step (a token created `autoConfirm`, for trusted automations). */
  autoConfirm?: boolean | undefined;
}

/** The part of a tool that access is decided on. */
export interface ToolAccessTarget {
  name: string;
  tags: readonly ToolTag[];
  requiredScope: GongScope;
}

export type ToolAccessDecision = { allowed: true } | { allowed: false; reason: string; missingScope?: string };

/**
 * Whether a principal may list and call a tool. A principal without a grant (tokens minted before
 * scopes existed) may use every read tool.
 */
export function decideToolAccess(principal: Pick<Principal, 'grant'>, tool: ToolAccessTarget): ToolAccessDecision {
  const grant = principal.grant;
  if (!grant) return tool.requiredScope === 'gong:read' ? { allowed: true } : { allowed: false, reason: `needs scope ${tool.requiredScope}`, missingScope: tool.requiredScope };
  if (!grant.scopes.has(tool.requiredScope)) return { allowed: false, reason: `needs scope ${tool.requiredScope}`, missingScope: tool.requiredScope };
  if (grant.tools === undefined && grant.tags === undefined) return { allowed: true };
  if (grant.tools?.has(tool.name)) return { allowed: true };
  if (grant.tags && tool.tags.some((t) => grant.tags!.has(t))) return { allowed: true };
  return { allowed: false, reason: `this token is limited to other tools (tool ${tool.name} is not among its tools or tags)` };
}
