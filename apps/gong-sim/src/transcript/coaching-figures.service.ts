import type { ZonedTimeFormatter } from '@gong-connector/contracts';
import type { Call } from '../company/company.model.js';
import type { CompanyStore } from '../company/company.store.js';
import { SeededRandom } from '../company/seeded.random.js';
import type { CallContentService } from './call-content.service.js';
import type { TranscriptMonologue } from './transcript.generator.js';

/** The activity counters of Gong's stats endpoints, in the spec's order. */
export const ACTIVITY_COUNTERS = [
  'callsAsHost',
  'callsGaveFeedback',
  'callsRequestedFeedback',
  'callsReceivedFeedback',
  'ownCallsListenedTo',
  'othersCallsListenedTo',
  'callsSharedInternally',
  'callsSharedExternally',
  'callsScorecardsFilled',
  'callsScorecardsReceived',
  'callsAttended',
  'callsCommentsGiven',
  'callsCommentsReceived',
  'callsMarkedAsFeedbackGiven',
  'callsMarkedAsFeedbackReceived',
] as const;
export type ActivityCounter = (typeof ACTIVITY_COUNTERS)[number];

/** One counted action: `userId` did `counter` on `callId` (dated by the call's start, company time zone). */
export interface ActivityEvent {
  userId: string;
  counter: ActivityCounter;
  callId: string;
}

/** The interaction figures Gong's POST /v2/stats/interaction names, in its order. */
export const INTERACTION_NAMES = ['Talk Ratio', 'Longest Monologue', 'Longest Customer Story', 'Interactivity', 'Patience', 'Question Rate'] as const;
export type InteractionName = (typeof INTERACTION_NAMES)[number];
export type InteractionFigures = Record<InteractionName, number>;

/**
 * The host's interaction figures for one call, computed from the call's generated transcript:
 * - Talk Ratio: the host's share of all speaking time, in percent;
 * - Longest Monologue: the host's longest uninterrupted turn, in seconds;
 * - Longest Customer Story: the longest turn of anyone outside the company, in seconds;
 * - Interactivity: speaker turns per minute of call;
 * - Patience: the host's mean pause, in seconds, before answering a customer's turn (0 when none);
 * - Question Rate: the host's questions per hour of call.
 */
export function hostInteraction(call: Call, monologues: readonly TranscriptMonologue[]): InteractionFigures {
  const hostSpeaker = call.parties.find((p) => p.userId === call.primaryUserId && p.speakerId)?.speakerId;
  let total = 0;
  let host = 0;
  let longestHost = 0;
  let longestCustomer = 0;
  let questions = 0;
  let pauses = 0;
  let pauseTotal = 0;
  let prev: TranscriptMonologue | undefined;
  for (const m of monologues) {
    const first = m.sentences[0];
    const last = m.sentences[m.sentences.length - 1];
    if (!first || !last) continue;
    const talk = m.sentences.reduce((sum, s) => sum + (s.end - s.start), 0);
    const span = last.end - first.start;
    total += talk;
    if (m.speakerId === hostSpeaker) {
      host += talk;
      longestHost = Math.max(longestHost, span);
      questions += m.sentences.filter((s) => s.text.endsWith('?')).length;
      if (prev && !prev.internal) {
        pauses++;
        pauseTotal += Math.max(0, first.start - prev.sentences[prev.sentences.length - 1].end);
      }
    } else if (!m.internal) {
      longestCustomer = Math.max(longestCustomer, span);
    }
    prev = m;
  }
  return {
    'Talk Ratio': total ? (host / total) * 100 : 0,
    'Longest Monologue': longestHost / 1000,
    'Longest Customer Story': longestCustomer / 1000,
    Interactivity: monologues.length / Math.max(1, call.duration / 60),
    Patience: pauses ? pauseTotal / pauses / 1000 : 0,
    'Question Rate': questions / Math.max(1 / 60, call.duration / 3600),
  };
}

/** Two decimals, as served. */
export const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * Activity and interaction figures derived from the seeded calls and their transcripts: what the
 * stats endpoints serve and what the ground truth reports, from one computation. Per-call figures
 * are cached (a few numbers per call; transcripts themselves are not kept).
 */
export class CoachingFiguresService {
  private readonly interactionCache = new Map<string, InteractionFigures>();
  private readonly activityCache = new Map<string, ActivityEvent[]>();

  constructor(
    private readonly store: CompanyStore,
    private readonly content: CallContentService,
    private readonly time: ZonedTimeFormatter,
  ) {}

  /** The call's host's interaction figures (unrounded). */
  interaction(call: Call): InteractionFigures {
    let figures = this.interactionCache.get(call.id);
    if (!figures) {
      figures = hostInteraction(call, this.content.transcript(call));
      this.interactionCache.set(call.id, figures);
    }
    return figures;
  }

  /** Everything the call counts for its people; listening and sharing are drawn from the call seed. */
  activity(call: Call): ActivityEvent[] {
    let events = this.activityCache.get(call.id);
    if (!events) {
      events = this.computeActivity(call);
      this.activityCache.set(call.id, events);
    }
    return events;
  }

  /** The company-time-zone date of a call (its start). */
  dayOf(call: Call): string {
    return this.time.localDate(call.started);
  }

  /** Calls started in [from, to) (epoch ms). */
  callsBetween(from: number, to: number): Call[] {
    return this.store.data.calls.filter((c) => c.started >= from && c.started < to);
  }

  /** Mean of the hosts' figures over these calls (unrounded). */
  static mean(figures: readonly InteractionFigures[]): InteractionFigures {
    return Object.fromEntries(INTERACTION_NAMES.map((n) => [n, figures.reduce((s, f) => s + f[n], 0) / Math.max(1, figures.length)])) as InteractionFigures;
  }

  private computeActivity(c: Call): ActivityEvent[] {
    const events: ActivityEvent[] = [];
    const bump = (userId: string, counter: ActivityCounter) => events.push({ userId, counter, callId: c.id });
    bump(c.primaryUserId, 'callsAsHost');
    for (const p of c.parties) if (p.userId && p.userId !== c.primaryUserId && p.methods.includes('Attendee')) bump(p.userId, 'callsAttended');
    for (const cm of c.comments) {
      bump(cm.commenterUserId, 'callsCommentsGiven');
      if (cm.commenterUserId !== c.primaryUserId) bump(c.primaryUserId, 'callsCommentsReceived');
    }
    for (const a of c.scorecards) {
      bump(a.reviewedUserId, 'callsScorecardsReceived');
      if (a.reviewerUserId) bump(a.reviewerUserId, 'callsScorecardsFilled');
    }
    const r = SeededRandom.derive(c.seedKey, 'activity');
    if (r.chance(0.3)) bump(c.primaryUserId, 'ownCallsListenedTo');
    const manager = this.store.user(c.primaryUserId)?.managerId;
    if (manager && r.chance(0.25)) bump(manager, 'othersCallsListenedTo');
    if (manager && r.chance(0.08)) {
      bump(c.primaryUserId, 'callsRequestedFeedback');
      bump(manager, 'callsGaveFeedback');
      bump(c.primaryUserId, 'callsReceivedFeedback');
    }
    if (r.chance(0.1)) bump(c.primaryUserId, 'callsSharedInternally');
    if (c.scope === 'External' && r.chance(0.04)) bump(c.primaryUserId, 'callsSharedExternally');
    if (manager && r.chance(0.05)) {
      bump(manager, 'callsMarkedAsFeedbackGiven');
      bump(c.primaryUserId, 'callsMarkedAsFeedbackReceived');
    }
    return events;
  }
}
