import { z } from 'zod';
import { GongIdSchema } from '../gong/gong-id.js';

/**
 * What a service identity's subscription may receive, set explicitly by an admin: every call, or
 * the calls of a named set of workspaces, hosts (`userIds`) and teams (`teamLeadIds`: the lead and
 * everyone below them in the manager graph, transitively, as Gong's `managers-team` level reads
 * it). A call matches when it is in any named set (hosted by a named user, by a member of a named
 * team, or in a named workspace). Private calls only when `includePrivate` is true. The narrower
 * reading throughout: a call is "a user's" when they host it, not when they merely join it.
 */
export const SubscriptionScopeSchema = z
  .strictObject({
    calls: z.enum(['all', 'selected']).describe('all: every call of the company; selected: only the calls of the named users, teams and workspaces'),
    userIds: z.array(GongIdSchema).max(1000).default([]).describe('Gong user ids whose hosted calls are received'),
    teamLeadIds: z.array(GongIdSchema).max(1000).default([]).describe('Gong user ids of team leads: calls hosted by the lead or anyone below them'),
    workspaceIds: z.array(GongIdSchema).max(100).default([]).describe('Gong workspace ids whose calls are received'),
    includePrivate: z.boolean().default(false).describe('Also private calls (default false: never)'),
  })
  .refine((s) => s.calls === 'all' || s.userIds.length + s.teamLeadIds.length + s.workspaceIds.length > 0, {
    message: 'a selected scope names at least one user, team lead or workspace (or use calls: "all")',
    path: ['calls'],
  })
  .refine((s) => s.calls === 'selected' || s.userIds.length + s.teamLeadIds.length + s.workspaceIds.length === 0, {
    message: 'calls: "all" takes no userIds, teamLeadIds or workspaceIds',
    path: ['calls'],
  });
export type SubscriptionScope = z.infer<typeof SubscriptionScopeSchema>;

/** The scope subscriptions created before they had a principal migrated to: every call except private ones. */
export const LEGACY_SUBSCRIPTION_SCOPE: SubscriptionScope = Object.freeze({
  calls: 'all',
  userIds: [],
  teamLeadIds: [],
  workspaceIds: [],
  includePrivate: false,
}) as SubscriptionScope;

/**
 * Whose view a subscription (outbound webhook) receives: a Gong user's (`user`: their email or id;
 * their access filter applies to every event, exactly as to their REST and MCP answers) or a
 * service identity's with an explicit scope.
 */
export const SubscriptionPrincipalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), user: z.string().trim().min(1).max(320).describe('The Gong user: email address or numeric user id') }),
  z.strictObject({
    kind: z.literal('service'),
    name: z.string().trim().min(1).max(200).describe('Name of the service identity (who receives these events)'),
    scope: SubscriptionScopeSchema,
  }),
]);
export type SubscriptionPrincipal = z.infer<typeof SubscriptionPrincipalSchema>;
