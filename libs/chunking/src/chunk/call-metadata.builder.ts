import type { ChunkCallMetadata } from './chunk.model.js';
import type { ChunkInputCall } from '../input/chunk-input.schema.js';

/**
 * The call-level part of every chunk, built once per call and frozen (all chunks share it).
 * Participants are the userIds of Internal parties; blank values read as absent.
 */
export function buildCallMetadata(call: ChunkInputCall): ChunkCallMetadata {
  const opportunities = call.opportunities.map((o) => Object.freeze({ id: o.id, name: blankToNull(o.name), stage: blankToNull(o.stage) }));
  return Object.freeze({
    callId: call.id,
    title: call.title ?? '',
    started: call.started,
    durationSeconds: call.duration,
    workspaceId: blankToNull(call.workspaceId),
    primaryUserId: blankToNull(call.primaryUserId),
    participantUserIds: freezeDistinct(call.parties.filter((p) => p.affiliation === 'Internal').map((p) => blankToNull(p.userId))),
    accountIds: freezeDistinct(call.accounts.map((a) => a.id)),
    accountNames: freezeDistinct(call.accounts.map((a) => blankToNull(a.name))),
    opportunityIds: freezeDistinct(opportunities.map((o) => o.id)),
    opportunityStages: freezeDistinct(opportunities.map((o) => o.stage)),
    opportunities: Object.freeze(opportunities),
    isPrivate: call.isPrivate,
  });
}

function blankToNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

function freezeDistinct(values: readonly (string | null)[]): readonly string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (v === null || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return Object.freeze(out);
}
