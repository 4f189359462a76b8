import type {
  Account,
  AnsweredScorecardSeed,
  Call,
  CallComment,
  CallParty,
  CallPhase,
  Company,
  Contact,
  Opportunity,
  User,
} from './company.model.js';
import type { IdFactory } from './id.factory.js';
import { NamesData } from './names.data.js';
import { SeededRandom } from './seeded.random.js';

export interface CallOverrides {
  accountCrmId?: string;
  hostUserId?: string;
  isPrivate?: boolean;
  phase?: CallPhase;
  /** Seconds. */
  duration?: number;
}

export interface CallIndexes {
  usersById: Map<string, User>;
  usersByWorkspace: Map<string, User[]>;
  accountsByCrmId: Map<string, Account>;
  contactsByAccount: Map<string, Contact[]>;
  opportunitiesByAccount: Map<string, Opportunity[]>;
  reportsByManager: Map<string, User[]>;
}

export const CALL_OUTCOMES = [
  { id: 'MEETING_BOOKED', category: 'Answered', name: 'Meeting booked' },
  { id: 'INTERESTED', category: 'Answered', name: 'Interested' },
  { id: 'NOT_INTERESTED', category: 'Answered', name: 'Not interested' },
  { id: 'LEFT_VOICEMAIL', category: 'Not answered', name: 'Left voicemail' },
  { id: 'DEMO_COMPLETED', category: 'Answered', name: 'Demo completed' },
  { id: 'FOLLOW_UP_SCHEDULED', category: 'Answered', name: 'Follow-up scheduled' },
];

const COMMENTS = [
  'Great handling of the pricing objection here.',
  'Nice discovery question, this is where the real pain came out.',
  'We should send this part to the product team.',
  'Good moment to ask about the decision process.',
  'Listen to how the customer describes the problem here.',
  'This competitor comparison is worth sharing with the team.',
];

/**
 * Builds one call from a seed: who hosted it, who attended (internal users, account contacts,
 * guests from unknown domains, dial-ins), its CRM context, privacy, scorecards and comments.
 * Used both for the seeded history and for calls completed later (admin or live mode).
 */
export class CallFactory {
  private readonly hostPool: Array<readonly [User, number]>;
  private readonly accountWeights: Array<readonly [Account, number]>;

  constructor(
    private readonly company: Company,
    private readonly indexes: CallIndexes,
    private readonly ids: IdFactory,
  ) {
    const roleWeight: Record<string, number> = { rep: 10, sdr: 6, se: 2, csm: 6, manager: 2, director: 0.5, vp: 0.3 };
    this.hostPool = company.users
      .filter((u) => !u.isAvatar && roleWeight[u.role] !== undefined)
      .map((u) => [u, roleWeight[u.role]] as const);
    this.accountWeights = company.accounts.map((a, i) => [a, 1 / Math.pow(i + 1, 0.7)] as const);
  }

  /**
   * `index` names the call's seed (the n-th call of the company); `started` is when it began.
   */
  build(index: number, timing: number | { endsAt: number }, overrides: CallOverrides = {}): Call {
    const seedKey = `${this.company.seed}/call/${index}`;
    const rng = SeededRandom.derive(seedKey, 'meta');
    const refTime = typeof timing === 'number' ? timing : timing.endsAt;
    const host = overrides.hostUserId ? this.requireUser(overrides.hostUserId) : this.pickHost(rng, refTime);
    const sdr = host.role === 'sdr';
    const telephony = sdr ? rng.chance(0.85) : rng.chance(0.08);
    const duration = overrides.duration ?? (telephony ? rng.int(60, sdr ? 600 : 1200) : rng.int(12, 62) * 60 + rng.int(0, 59));
    const started = typeof timing === 'number' ? timing : timing.endsAt - duration * 1000;
    let phase: CallPhase =
      overrides.phase ??
      (sdr
        ? 'discovery'
        : host.role === 'csm'
          ? rng.weighted([['follow-up', 6], ['pricing', 1], ['internal', 1]] as const)
          : rng.weighted([['discovery', 25], ['demo', 20], ['pricing', 15], ['security', 11], ['follow-up', 19], ['internal', 10]] as const));
    if (telephony && phase === 'internal') phase = 'discovery';
    const internal = phase === 'internal';

    let account: Account | undefined;
    if (overrides.accountCrmId) {
      account = this.indexes.accountsByCrmId.get(overrides.accountCrmId);
      if (!account) throw new Error(`unknown account ${overrides.accountCrmId}`);
    } else if (!internal || rng.chance(0.7)) {
      account = rng.weighted(this.accountWeights);
    }
    const opportunities = account ? (this.indexes.opportunitiesByAccount.get(account.crmId) ?? []) : [];
    const opportunity = opportunities.length ? rng.pick(opportunities) : undefined;

    const parties: CallParty[] = [];
    const party = (p: Omit<CallParty, 'id'>): CallParty => {
      const full = { id: this.ids.next(), ...p };
      parties.push(full);
      return full;
    };
    const userParty = (u: User, speaks: boolean): CallParty =>
      party({
        name: `${u.firstName} ${u.lastName}`,
        emailAddress: u.emailAddress,
        title: u.title,
        userId: u.id,
        affiliation: 'Internal',
        methods: ['Invitee', 'Attendee'],
        ...(speaks ? { speakerId: this.ids.next() } : {}),
        ...(u.phoneNumber && telephony ? { phoneNumber: u.phoneNumber } : {}),
      });
    userParty(host, true);

    const activeAt = (u: User) => !u.isAvatar && u.created < started && (u.active || (u.deactivated ?? 0) > started);
    const internalExtras: User[] = [];
    const sameWorkspace = telephony
      ? []
      : (this.indexes.usersByWorkspace.get(host.workspaceId) ?? []).filter((u) => u.id !== host.id && activeAt(u));
    if (!telephony) {
      const manager = host.managerId ? this.indexes.usersById.get(host.managerId) : undefined;
      if (manager && activeAt(manager) && rng.chance(internal ? 0.7 : phase === 'pricing' ? 0.5 : 0.15)) internalExtras.push(manager);
      const ses = sameWorkspace.filter((u) => u.role === 'se');
      if (ses.length && rng.chance(phase === 'demo' || phase === 'security' ? 0.6 : internal ? 0.4 : 0.08)) internalExtras.push(rng.pick(ses));
      const peers = sameWorkspace.filter((u) => u.role === 'rep' || u.role === 'csm');
      if (peers.length && rng.chance(internal ? 0.8 : 0.05)) internalExtras.push(rng.pick(peers));
    }
    for (const u of new Set(internalExtras)) userParty(u, rng.chance(0.85));
    if (internal && parties.length === 1) {
      const other = sameWorkspace.length ? rng.pick(sameWorkspace) : undefined;
      if (other) userParty(other, true);
    }
    if (internal && parties.length > 1 && parties.filter((p) => p.speakerId).length < 2) {
      // A meeting is a conversation: someone besides the host speaks.
      parties.find((p) => !p.speakerId)!.speakerId = this.ids.next();
    }

    if (!internal && account) {
      const contacts = this.indexes.contactsByAccount.get(account.crmId) ?? [];
      const attendees = rng.sample(contacts, telephony ? 1 : rng.int(1, Math.min(4, contacts.length)));
      let someoneSpoke = false;
      attendees.forEach((c, i) => {
        const attended = telephony || i === 0 || rng.chance(0.88);
        const speaks = attended && (i === 0 || rng.chance(0.8));
        someoneSpoke ||= speaks;
        party({
          name: `${c.firstName} ${c.lastName}`,
          emailAddress: c.emailAddress,
          title: c.title,
          affiliation: 'External',
          methods: attended ? ['Invitee', 'Attendee'] : ['Invitee'],
          contactCrmId: c.crmId,
          ...(speaks ? { speakerId: this.ids.next() } : {}),
          ...(telephony && c.phoneNumber ? { phoneNumber: c.phoneNumber } : {}),
        });
      });
      if (!telephony && rng.chance(0.07)) {
        // A guest from a domain that matches no account (a consultant, a personal address).
        const first = rng.pick(NamesData.firstNames);
        const last = rng.pick(NamesData.lastNames);
        const domain = rng.pick(NamesData.unknownDomains);
        party({
          name: `${first} ${last}`,
          emailAddress: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`,
          affiliation: 'External',
          methods: ['Invitee', 'Attendee'],
          ...(rng.chance(0.5) ? { speakerId: this.ids.next() } : {}),
        });
      }
      if (!telephony && rng.chance(0.04)) {
        // A dial-in Gong cannot place: no name, no email.
        party({ affiliation: 'Unknown', phoneNumber: `+1 ${rng.int(201, 989)}-555-${rng.digits(4, 0, 9)}`, methods: ['Attendee'], ...(rng.chance(0.5) ? { speakerId: this.ids.next() } : {}) });
      }
      if (!someoneSpoke) {
        const first = parties.find((p) => p.affiliation === 'External');
        if (first) first.speakerId = this.ids.next();
      }
    }

    const scope: Call['scope'] = parties.some((p) => p.affiliation === 'External')
      ? 'External'
      : parties.some((p) => p.affiliation === 'Unknown')
        ? 'Unknown'
        : 'Internal';
    const system = telephony ? rng.pick(['Outreach', 'Salesloft', 'Aircall', 'Dialpad']) : rng.weighted([['Zoom', 6], ['Google Meet', 2], ['Microsoft Teams', 2], ['WebEx', 1]] as const);
    const accountName = account?.name ?? this.company.name;
    const title = telephony
      ? `Call with ${parties.find((p) => p.affiliation === 'External')?.name ?? 'prospect'}`
      : internal
        ? account
          ? `Deal review: ${account.name}`
          : rng.pick(['Weekly pipeline review', 'Forecast call', 'Team sync', 'Deal strategy session'])
        : titleFor(phase, accountName, this.company.name, rng);
    const isPrivate = overrides.isPrivate ?? rng.chance(internal ? 0.15 : 0.06);
    const hasCrmContext = Boolean(account) && !internal && rng.chance(0.9);
    const completedAt = started + duration * 1000;

    const call: Call = {
      id: this.ids.next(),
      seedKey,
      title,
      phase,
      scheduled: telephony ? started : roundDownToQuarterHour(started),
      started,
      duration,
      primaryUserId: host.id,
      workspaceId: host.workspaceId,
      direction: telephony ? (rng.chance(0.85) ? 'Outbound' : 'Inbound') : 'Conference',
      system,
      scope,
      media: telephony ? 'Audio' : rng.chance(0.9) ? 'Video' : 'Audio',
      language: 'eng',
      isPrivate,
      parties,
      hasCrmContext,
      competitor: rng.pick(this.company.competitors),
      comments: [],
      completedAt,
      transcriptReadyAt: completedAt,
      scorecards: [],
    };
    if (!telephony) {
      const zoomish = system === 'Zoom' ? `https://zoom.us/j/${rng.digits(10)}` : system === 'Google Meet' ? `https://meet.google.com/${rng.chars(3, 'abcdefghijkmnopqrstuvwxyz')}-${rng.chars(4, 'abcdefghijkmnopqrstuvwxyz')}-${rng.chars(3, 'abcdefghijkmnopqrstuvwxyz')}` : system === 'Microsoft Teams' ? `https://teams.microsoft.com/l/meetup-join/${rng.chars(24, 'abcdefghijklmnopqrstuvwxyz0123456789')}` : `https://webex.com/meet/${host.meetingSlug}`;
      call.meetingUrl = zoomish;
      call.calendarEventId = `${rng.chars(26, 'abcdefghijklmnopqrstuv0123456789')}@google.com`;
      call.purpose = phase === 'internal' ? 'Internal meeting' : purposeFor(phase);
    } else {
      call.clientUniqueId = rng.chars(19, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
      if (sdr) call.sdrDisposition = rng.pick(['Connected', 'Left voicemail', 'Got the gatekeeper', 'Meeting booked', 'Not interested']);
      if (rng.chance(0.2)) call.customData = rng.pick(['Conference Call', 'Cold call list Q3', 'Inbound demo request']);
    }
    if (account) {
      call.accountCrmId = account.crmId;
      if (opportunity) {
        call.opportunityCrmId = opportunity.crmId;
        call.stageAtCall = stageForPhase(phase, opportunity.stage);
      }
    }
    call.callOutcome = telephony
      ? rng.pick(CALL_OUTCOMES.slice(0, 4))
      : phase === 'demo'
        ? CALL_OUTCOMES[4]
        : rng.chance(0.5)
          ? CALL_OUTCOMES[5]
          : undefined;

    // Comments from the host's manager or a peer.
    if (rng.chance(0.1)) {
      const commenters = [host.managerId, ...parties.map((p) => p.userId)].filter((x): x is string => Boolean(x));
      const n = rng.int(1, 2);
      const comments: CallComment[] = [];
      for (let i = 0; i < n; i++) {
        const commenterUserId = rng.pick(commenters);
        const at = rng.int(30, Math.max(31, duration - 30));
        const mention = rng.chance(0.4) ? ` @[${host.firstName} ${host.lastName}](${host.id})` : '';
        comments.push({
          id: this.ids.next(),
          audioStartTime: at,
          commenterUserId,
          comment: rng.pick(COMMENTS) + mention,
          posted: completedAt + rng.int(1, 72) * 3_600_000,
          duringCall: false,
          ...(i > 0 && rng.chance(0.5) ? { inReplyTo: comments[0].id } : {}),
        });
      }
      call.comments = comments;
    }

    // Answered scorecards.
    const wsScorecards = this.company.scorecards.filter((s) => s.workspaceId === host.workspaceId && s.enabled);
    const manual = wsScorecards.find((s) => s.reviewMethod === 'MANUAL');
    const automatic = wsScorecards.find((s) => s.reviewMethod === 'AUTOMATIC');
    const scorecards: AnsweredScorecardSeed[] = [];
    if (!internal && manual && host.managerId && rng.chance(0.12)) {
      scorecards.push({
        answeredScorecardId: this.ids.next(),
        scorecardId: manual.scorecardId,
        reviewedUserId: host.id,
        reviewerUserId: host.managerId,
        reviewMethod: 'MANUAL',
        reviewTime: completedAt + rng.int(2, 96) * 3_600_000,
        visibilityType: rng.pick(['PUBLIC', 'MANAGERS_AND_REVIEWEE', 'PRIVATE'] as const),
        scores: manual.questions.map(() => rng.int(1, 5)),
      });
    }
    if (!internal && automatic && rng.chance(0.1)) {
      scorecards.push({
        answeredScorecardId: this.ids.next(),
        scorecardId: automatic.scorecardId,
        reviewedUserId: host.id,
        reviewMethod: 'AUTOMATIC',
        reviewTime: completedAt + rng.int(1, 30) * 60_000,
        visibilityType: 'PUBLIC',
        scores: automatic.questions.map(() => rng.int(1, 5)),
      });
    }
    call.scorecards = scorecards;
    return call;
  }

  private requireUser(id: string): User {
    const u = this.indexes.usersById.get(id);
    if (!u || u.isAvatar) throw new Error(`unknown user ${id}`);
    return u;
  }

  private pickHost(rng: SeededRandom, started: number): User {
    for (let i = 0; i < 30; i++) {
      const u = rng.weighted(this.hostPool);
      if (u.created < started && (u.active || (u.deactivated ?? 0) > started)) return u;
    }
    return this.hostPool.find(([u]) => u.active)?.[0] ?? this.hostPool[0][0];
  }
}

function roundDownToQuarterHour(ms: number): number {
  return ms - (ms % 900_000);
}

function titleFor(phase: CallPhase, account: string, company: string, rng: SeededRandom): string {
  switch (phase) {
    case 'discovery':
      return rng.pick([`${account} <> ${company} | Intro`, `Discovery: ${account}`, `${company} / ${account} - Discovery call`]);
    case 'demo':
      return rng.pick([`${company} Demo for ${account}`, `${account}: Product walkthrough`, `Demo - ${account}`]);
    case 'pricing':
      return rng.pick([`${account} - Commercial discussion`, `${account} proposal review`, `Pricing with ${account}`]);
    case 'security':
      return rng.pick([`${account} Security Review`, `${account} InfoSec questionnaire walkthrough`]);
    case 'follow-up':
      return rng.pick([`${account} / ${company} check-in`, `${account} weekly sync`, `Follow-up with ${account}`]);
    default:
      return `${account} meeting`;
  }
}

function purposeFor(phase: CallPhase): string {
  return { discovery: 'Discovery Call', demo: 'Demo Call', pricing: 'Negotiation', security: 'Security Review', 'follow-up': 'Follow-up', internal: 'Internal meeting' }[phase];
}

function stageForPhase(phase: CallPhase, current: string): string {
  const byPhase: Record<CallPhase, string> = {
    discovery: 'Discovery',
    demo: 'Demo',
    pricing: 'Proposal',
    security: 'Negotiation',
    'follow-up': current,
    internal: current,
  };
  return byPhase[phase];
}
