import type { TranscriptMonologue } from '../transcript/transcript.generator.js';
import type { SentenceIntent, SentenceSide } from '../transcript/sentence-intent.model.js';
import type { Call } from './company.model.js';
import type { CompanyStore } from './company.store.js';
import { toPermissionProfileDto } from '../api/permission-profiles.routes.js';

export interface GroundTruthProfile {
  id: string;
  workspaceId: string;
  name: string;
  callsAccess: { permissionLevel: string; teamLeadIds: string[] | null };
  userIds: string[];
  /** The profile exactly as `/v2/all-permission-profiles` serves it (every domain and boolean). */
  dto: Record<string, unknown>;
}

/** What a test needs to check a connector against the simulated company (GET /__sim/company). */
export interface CompanyGroundTruth {
  seed: string;
  sizes: { users: number; accounts: number; calls: number; days: number; workspaces: number };
  company: { name: string; domain: string; product: string; timeZone: string };
  /** History covers [from, to). */
  range: { from: string; to: string };
  workspaces: Array<{ id: string; name: string }>;
  users: Array<{
    id: string;
    emailAddress: string;
    name: string;
    title: string;
    role: string;
    workspaceId: string;
    managerId: string | null;
    active: boolean;
    isAvatar: boolean;
  }>;
  /** userId -> managerId (direct). */
  reportsTo: Record<string, string>;
  profiles: GroundTruthProfile[];
  /** Which user holds which profile in which workspace (users holding none are absent). */
  profileAssignments: Array<{ userId: string; workspaceId: string; profileId: string; profileName: string; callsAccessLevel: string }>;
  accounts: Array<{ crmId: string; name: string; domain: string }>;
  calls?: Array<{
    id: string;
    started: string;
    workspaceId: string;
    primaryUserId: string;
    participantUserIds: string[];
    isPrivate: boolean;
    scope: string;
    accountCrmId: string | null;
    opportunityCrmId: string | null;
    hasCrmContext: boolean;
    transcriptReadyAt: string;
  }>;
  /** API-granted access (what POST /v2/calls/users-access returns). */
  usersAccess: Array<{ callId: string; userIds: string[] }>;
  /** Seeded deals (only with sizes.deals > 0): hidden health and outcome, never served by the API. */
  deals?: Array<{ opportunityCrmId: string; accountCrmId: string; health: number; outcome: 'won' | 'lost' | 'open'; callIds: string[] }>;
}

export function toGroundTruth(store: CompanyStore, options: { includeCalls?: boolean } = {}): CompanyGroundTruth {
  const d = store.data;
  const reportsTo: Record<string, string> = {};
  for (const u of d.users) if (u.managerId) reportsTo[u.id] = u.managerId;
  const truth: CompanyGroundTruth = {
    seed: d.seed,
    sizes: { ...d.sizes },
    company: { name: d.name, domain: d.domain, product: d.product, timeZone: d.timeZone },
    range: { from: new Date(d.anchor - d.sizes.days * 86_400_000).toISOString(), to: new Date(d.anchor).toISOString() },
    workspaces: d.workspaces.map((w) => ({ id: w.id, name: w.name })),
    users: d.users.map((u) => ({
      id: u.id,
      emailAddress: u.emailAddress,
      name: `${u.firstName} ${u.lastName}`,
      title: u.title,
      role: u.role,
      workspaceId: u.workspaceId,
      managerId: u.managerId ?? null,
      active: u.active,
      isAvatar: u.isAvatar,
    })),
    reportsTo,
    profiles: d.profiles.map((p) => ({
      id: p.id,
      workspaceId: p.workspaceId,
      name: p.name,
      callsAccess: { permissionLevel: p.callsAccess.permissionLevel, teamLeadIds: p.callsAccess.teamLeadIds },
      userIds: [...p.userIds],
      dto: toPermissionProfileDto(p),
    })),
    profileAssignments: d.profiles.flatMap((p) =>
      p.userIds.map((userId) => ({ userId, workspaceId: p.workspaceId, profileId: p.id, profileName: p.name, callsAccessLevel: p.callsAccess.permissionLevel })),
    ),
    accounts: d.accounts.map((a) => ({ crmId: a.crmId, name: a.name, domain: a.domain })),
    usersAccess: [...d.usersAccess.entries()].map(([callId, userIds]) => ({ callId, userIds: [...userIds] })),
  };
  if (options.includeCalls !== false) {
    truth.calls = d.calls.map((c) => ({
      id: c.id,
      started: new Date(c.started).toISOString(),
      workspaceId: c.workspaceId,
      primaryUserId: c.primaryUserId,
      participantUserIds: c.parties.filter((p) => p.userId).map((p) => p.userId!),
      isPrivate: c.isPrivate,
      scope: c.scope,
      accountCrmId: c.accountCrmId ?? null,
      opportunityCrmId: c.opportunityCrmId ?? null,
      hasCrmContext: c.hasCrmContext,
      transcriptReadyAt: new Date(c.transcriptReadyAt).toISOString(),
    }));
  }
  if (d.deals.length > 0) truth.deals = d.deals.map((x) => ({ ...x, callIds: [...x.callIds] }));
  return truth;
}

/**
 * One generated sentence as the simulator meant it: what it is about and who said it. Served only
 * by the simulator's own surface (GET /__sim/calls/{id}/transcript-truth, GongSim.transcriptTruth),
 * never by the Gong API, so the connector can never read it; relevance benchmarks judge by it.
 */
export interface TranscriptTruthSentence {
  speakerId: string;
  /** `company`: the recording company's side; `customer`: anyone else. */
  side: SentenceSide;
  /** Milliseconds from the start of the call, as in the served transcript. */
  start: number;
  end: number;
  text: string;
  intent: SentenceIntent;
  /** Both halves of a sentence said in two turns (interrupted) share this number. */
  split?: number;
}

export interface CallTranscriptTruth {
  callId: string;
  accountCrmId: string | null;
  sentences: TranscriptTruthSentence[];
}

export function toTranscriptTruth(call: Call, monologues: readonly TranscriptMonologue[]): CallTranscriptTruth {
  const sentences: TranscriptTruthSentence[] = [];
  for (const m of monologues) {
    for (const s of m.sentences) {
      const truth: TranscriptTruthSentence = { speakerId: m.speakerId, side: m.internal ? 'company' : 'customer', start: s.start, end: s.end, text: s.text, intent: s.intent };
      if (s.split !== undefined) truth.split = s.split;
      sentences.push(truth);
    }
  }
  return { callId: call.id, accountCrmId: call.accountCrmId ?? null, sentences };
}
