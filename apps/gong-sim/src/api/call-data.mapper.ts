import type { Call, CallParty } from '../company/company.model.js';
import type { CompanyStore } from '../company/company.store.js';
import type { ZonedTimeFormatter } from '@gong-connector/contracts';
import type { CallContentService } from '../transcript/call-content.service.js';

export interface ContentSelector {
  context?: 'None' | 'Basic' | 'Extended';
  contextTiming?: Array<'Now' | 'TimeOfCall'>;
  exposedFields?: {
    parties?: boolean;
    content?: Partial<Record<'structure' | 'topics' | 'trackers' | 'trackerOccurrences' | 'pointsOfInterest' | 'brief' | 'outline' | 'highlights' | 'callOutcome' | 'keyPoints', boolean>>;
    interaction?: Partial<Record<'speakers' | 'video' | 'personInteractionStats' | 'questions', boolean>>;
    collaboration?: { publicComments?: boolean };
    media?: boolean;
  };
}

type Json = Record<string, unknown>;

const PROBABILITY: Record<string, number> = { Prospecting: 10, Qualification: 20, Discovery: 30, Demo: 40, Proposal: 60, Negotiation: 80, 'Closed Won': 100, 'Closed Lost': 0 };

/** Builds the spec's call shapes (CallBasicData, CallData) from the model, field by field. */
export class CallDataMapper {
  constructor(
    private readonly store: CompanyStore,
    private readonly content: CallContentService,
    private readonly time: ZonedTimeFormatter,
    private readonly mediaBaseUrl: () => string,
  ) {}

  basic(call: Call): Json {
    const out: Json = {
      id: call.id,
      url: `https://app.gong.io/call?id=${call.id}`,
      title: call.title,
      scheduled: this.time.format(call.scheduled),
      started: this.time.format(call.started),
      duration: call.duration,
      primaryUserId: call.primaryUserId,
      direction: call.direction,
      system: call.system,
      scope: call.scope,
      media: call.media,
      language: call.language,
      workspaceId: call.workspaceId,
    };
    if (call.sdrDisposition !== undefined) out.sdrDisposition = call.sdrDisposition;
    if (call.clientUniqueId !== undefined) out.clientUniqueId = call.clientUniqueId;
    if (call.customData !== undefined) out.customData = call.customData;
    if (call.purpose !== undefined) out.purpose = call.purpose;
    if (call.meetingUrl !== undefined) out.meetingUrl = call.meetingUrl;
    out.isPrivate = call.isPrivate;
    if (call.calendarEventId !== undefined) out.calendarEventId = call.calendarEventId;
    return out;
  }

  /** `/v2/calls/extensive`: metaData always, every other block only when the selector asks. */
  extensive(call: Call, selector: ContentSelector = {}): Json {
    const out: Json = { metaData: this.basic(call) };
    const context = selector.context ?? 'None';
    const timings: Array<'Now' | 'TimeOfCall'> = context === 'Extended' ? (selector.contextTiming?.length ? [...new Set(selector.contextTiming)] : ['Now']) : [];
    if (context !== 'None') out.context = this.callContext(call, context, timings);
    const f = selector.exposedFields ?? {};
    if (f.parties) out.parties = call.parties.map((p) => this.party(p, context, timings));
    const c = f.content ?? {};
    if (c.structure || c.topics || c.trackers || c.brief || c.outline || c.highlights || c.callOutcome || c.keyPoints) {
      const a = this.content.analysis(call);
      const content: Json = {};
      if (c.structure) content.structure = a.structure;
      if (c.trackers) {
        content.trackers = a.trackers.map((t) => ({
          id: t.id,
          name: t.name,
          count: t.count,
          type: t.type,
          ...(c.trackerOccurrences ? { occurrences: t.occurrences } : {}),
          phrases: t.phrases.map((p) => ({ count: p.count, ...(c.trackerOccurrences ? { occurrences: p.occurrences } : {}), phrase: p.phrase })),
        }));
      }
      if (c.topics) content.topics = a.topics;
      if (c.brief) content.brief = a.brief;
      if (c.outline) content.outline = a.outline;
      if (c.highlights) content.highlights = a.highlights;
      if (c.callOutcome && call.callOutcome) content.callOutcome = call.callOutcome;
      if (c.keyPoints) content.keyPoints = a.keyPoints;
      out.content = content;
    }
    const i = f.interaction ?? {};
    if (i.speakers || i.video || i.personInteractionStats || i.questions) {
      const a = this.content.analysis(call);
      const interaction: Json = {};
      if (i.speakers) interaction.speakers = a.speakers;
      if (i.personInteractionStats) interaction.interactionStats = a.interactionStats;
      if (i.video) interaction.video = a.video;
      if (i.questions) interaction.questions = a.questions;
      out.interaction = interaction;
    }
    if (f.collaboration?.publicComments) {
      out.collaboration = {
        publicComments: call.comments.map((cm) => ({
          id: cm.id,
          audioStartTime: cm.audioStartTime,
          audioEndTime: cm.audioStartTime,
          commenterUserId: cm.commenterUserId,
          comment: cm.comment,
          posted: this.time.format(cm.posted),
          ...(cm.inReplyTo ? { inReplyTo: cm.inReplyTo } : {}),
          duringCall: cm.duringCall,
        })),
      };
    }
    if (f.media) {
      const base = `${this.mediaBaseUrl()}/__sim/media/${call.id}`;
      out.media = call.media === 'Video' ? { audioUrl: `${base}.mp3`, videoUrl: `${base}.mp4` } : { audioUrl: `${base}.mp3` };
    }
    return out;
  }

  /** The `callData` of a webhook: the call as the API shows it, CRM context with field values. */
  webhookCallData(call: Call): Json {
    return this.extensive(call, {
      context: 'Extended',
      contextTiming: ['Now'],
      exposedFields: {
        parties: true,
        content: { structure: true, topics: true, trackers: true, brief: true, outline: true, highlights: true, callOutcome: true, keyPoints: true },
        interaction: { speakers: true, personInteractionStats: true, questions: true, video: true },
        collaboration: { publicComments: true },
      },
    });
  }

  private callContext(call: Call, context: 'Basic' | 'Extended', timings: Array<'Now' | 'TimeOfCall'>): Json[] {
    if (!call.hasCrmContext || !call.accountCrmId) return [];
    const account = this.store.account(call.accountCrmId)!;
    const opp = call.opportunityCrmId ? this.store.opportunity(call.opportunityCrmId) : undefined;
    const objects: Json[] = [];
    if (context === 'Basic') {
      objects.push({ objectType: 'Account', objectId: account.crmId });
      if (opp) objects.push({ objectType: 'Opportunity', objectId: opp.crmId });
    } else {
      for (const timing of timings) {
        objects.push({
          objectType: 'Account',
          objectId: account.crmId,
          fields: [
            { name: 'Name', value: account.name },
            { name: 'Website', value: account.website },
            { name: 'Industry', value: account.industry },
            { name: 'NumberOfEmployees__c', value: account.employees },
          ],
          timing,
        });
        if (opp) {
          const stage = timing === 'TimeOfCall' ? (call.stageAtCall ?? opp.stage) : opp.stage;
          objects.push({
            objectType: 'Opportunity',
            objectId: opp.crmId,
            fields: [
              { name: 'Name', value: opp.name },
              { name: 'LeadSource', value: opp.leadSource },
              { name: 'Type', value: opp.type },
              { name: 'StageName', value: stage },
              { name: 'Probability', value: PROBABILITY[stage] ?? opp.probability },
              { name: 'Amount', value: opp.amount },
              { name: 'CloseDate', value: timing === 'TimeOfCall' ? (call.closeDateAtCall ?? opp.closeDate) : opp.closeDate },
            ],
            timing,
          });
        }
      }
    }
    return [{ system: 'Salesforce', objects }];
  }

  private party(p: CallParty, context: 'None' | 'Basic' | 'Extended', timings: Array<'Now' | 'TimeOfCall'>): Json {
    const out: Json = { id: p.id };
    if (p.emailAddress !== undefined) out.emailAddress = p.emailAddress;
    if (p.name !== undefined) out.name = p.name;
    if (p.title !== undefined) out.title = p.title;
    if (p.userId !== undefined) out.userId = p.userId;
    if (p.speakerId !== undefined) out.speakerId = p.speakerId;
    if (context !== 'None') {
      const objects: Json[] = [];
      const contact = p.contactCrmId ? this.store.contact(p.contactCrmId) : undefined;
      const user = p.userId ? this.store.user(p.userId) : undefined;
      if (contact) {
        if (context === 'Basic') objects.push({ objectType: 'Contact', objectId: contact.crmId });
        else
          for (const timing of timings)
            objects.push({
              objectType: 'Contact',
              objectId: contact.crmId,
              fields: [
                { name: 'FirstName', value: contact.firstName },
                { name: 'LastName', value: contact.lastName },
                { name: 'Email', value: contact.emailAddress },
                { name: 'Title', value: contact.title },
                { name: 'AccountId', value: contact.accountCrmId },
              ],
              timing,
            });
      } else if (user) {
        if (context === 'Basic') objects.push({ objectType: 'User', objectId: user.crmUserId });
        else
          for (const timing of timings)
            objects.push({
              objectType: 'User',
              objectId: user.crmUserId,
              fields: [
                { name: 'Name', value: `${user.firstName} ${user.lastName}` },
                { name: 'Email', value: user.emailAddress },
              ],
              timing,
            });
      }
      if (objects.length) out.context = [{ system: 'Salesforce', objects }];
    }
    out.affiliation = p.affiliation;
    if (p.phoneNumber !== undefined) out.phoneNumber = p.phoneNumber;
    out.methods = p.methods;
    return out;
  }
}
