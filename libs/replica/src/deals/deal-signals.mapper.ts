import type { CallRecord, ContextObjectRecord, TranscriptRecord } from '@gong-connector/persistence';
import type { DealCallSignals, DealSignals } from './deal-signals.model.js';
import { DealRiskWeights } from './deal-risk.weights.js';

export interface DealCallInput {
  call: CallRecord;
  transcript: TranscriptRecord | null;
  /** Whether the asking user may see the call. */
  visible: boolean;
}

const PRICING = /\b(pric\w*|cost\w*|budget\w*|expensive|pricey|steep|discount\w*|seats?|licen[cs]es?|money|dollars|afford\w*|finance|spend|number|figure|\$)/i;
const SECURITY = /\b(secur\w*|soc ?2|sso|gdpr|encrypt\w*|residency|infosec|ciso|vendor|assessment|audit\w*|compliance|incident|penetration)\b/i;

/**
 * Reads what the replica holds of a deal's calls (CRM context, parties, trackers, highlights,
 * transcript) into the scorer's signals, grouped by opportunity. Only what Gong's API shows.
 */
export class DealSignalsMapper {
  /** Deals (one per CRM opportunity) of these calls; a call of two opportunities counts for both. */
  static toDeals(inputs: readonly DealCallInput[]): DealSignals[] {
    const deals = new Map<string, DealSignals & { nowAt: number }>();
    for (const input of inputs) {
      const opportunities = DealSignalsMapper.opportunities(input.call.context);
      for (const [id, objects] of opportunities) {
        const now = objects.find((o) => o.timing === 'Now');
        const then = objects.find((o) => o.timing === 'TimeOfCall');
        let deal = deals.get(id);
        if (!deal) {
          deal = { dealId: id, name: null, accountName: null, stage: null, closeDate: null, calls: [], nowAt: -Infinity };
          deals.set(id, deal);
        }
        const at = Date.parse(input.call.started);
        if (now && at >= deal.nowAt) {
          deal.nowAt = at;
          deal.name = str(field(now, 'Name')) ?? deal.name;
          deal.stage = str(field(now, 'StageName'));
          deal.closeDate = str(field(now, 'CloseDate'));
        }
        deal.accountName ??= input.call.accounts.find((a) => a.source === 'crm')?.account.name ?? input.call.accounts[0]?.account.name ?? null;
        deal.calls.push(DealSignalsMapper.toCall(input, then ?? null));
      }
    }
    return [...deals.values()].map(({ nowAt: _, ...d }) => ({ ...d, calls: d.calls.sort((a, b) => Date.parse(a.started) - Date.parse(b.started)) }));
  }

  /** The CRM opportunity ids of a call's context (the object id; one per opportunity). */
  static opportunityIds(context: readonly ContextObjectRecord[]): string[] {
    return [...DealSignalsMapper.opportunities(context).keys()];
  }

  static toCall({ call, transcript, visible }: DealCallInput, atCall: ContextObjectRecord | null): DealCallSignals {
    const attended = (methods: string[]) => methods.length === 0 || methods.includes('Attendee');
    const external = call.parties.filter((p) => p.affiliation === 'External');
    const externalSpeakers = new Set(external.map((p) => p.speakerId).filter((x): x is string => Boolean(x)));
    const sentences = (transcript?.monologues ?? []).flatMap((m) => m.sentences.map((s) => ({ ...s, speakerId: m.speakerId, topic: m.topic })));
    const sentenceAt = (seconds: number, speakerId: string | null) => {
      const ms = Math.round(seconds * 1000);
      return sentences.find((s) => s.start <= ms && ms <= s.end && (!speakerId || s.speakerId === speakerId)) ?? sentences.find((s) => Math.abs(s.start - ms) <= 1);
    };

    let customerMs = 0;
    let totalMs = 0;
    let customerSentences = 0;
    for (const s of sentences) {
      totalMs += s.end - s.start;
      if (s.speakerId && externalSpeakers.has(s.speakerId)) {
        customerMs += s.end - s.start;
        customerSentences++;
      }
    }

    const competitorMentions: DealCallSignals['competitorMentions'] = [];
    for (const t of call.trackers.filter((x) => /competit/i.test(x.name))) {
      for (const p of t.phrases) {
        // What the customer says about a competitor (the seller's own comparisons are not a risk).
        for (const o of p.occurrences.filter((x) => x.speakerId && externalSpeakers.has(x.speakerId))) competitorMentions.push({ competitor: p.phrase, quote: sentenceAt(o.startTime, o.speakerId)?.text ?? null, atSeconds: o.startTime });
      }
    }
    const objections: DealCallSignals['objections'] = [];
    for (const t of call.trackers.filter((x) => /objection/i.test(x.name))) {
      for (const o of t.occurrences) {
        if (!o.speakerId || !externalSpeakers.has(o.speakerId)) continue;
        const s = sentenceAt(o.startTime, o.speakerId);
        const topic = DealSignalsMapper.objectionTopic(s?.topic ?? null, s?.text ?? '');
        if (topic) objections.push({ topic, quote: s?.text ?? null, atSeconds: o.startTime });
      }
    }
    const nextSteps = [
      ...(call.highlights as Array<{ title?: string; items?: Array<{ text?: string }> }>)
        .filter((h) => h && typeof h.title === 'string' && /next step/i.test(h.title))
        .flatMap((h) => (h.items ?? []).map((i) => i.text).filter((x): x is string => typeof x === 'string')),
    ];
    return {
      callId: call.id,
      started: call.started,
      stage: atCall ? str(field(atCall, 'StageName')) : null,
      closeDate: atCall ? str(field(atCall, 'CloseDate')) : null,
      customerAttended: external.some((p) => attended(p.methods)) || customerMs > 0,
      decisionMakers: external
        .filter((p) => attended(p.methods) && p.title && DealRiskWeights.decisionMakerTitle.test(p.title))
        .map((p) => ({ name: p.name, title: p.title! })),
      customerSentences,
      customerTalkShare: totalMs > 0 ? customerMs / totalMs : null,
      competitorMentions,
      objections,
      nextSteps,
      visible,
    };
  }

  private static objectionTopic(topic: string | null, text: string): 'pricing' | 'security' | null {
    if (topic && /pric|budget|commercial/i.test(topic)) return 'pricing';
    if (topic && /secur|legal|compliance/i.test(topic)) return 'security';
    if (SECURITY.test(text)) return 'security';
    if (PRICING.test(text)) return 'pricing';
    return null;
  }

  private static opportunities(context: readonly ContextObjectRecord[]): Map<string, ContextObjectRecord[]> {
    const out = new Map<string, ContextObjectRecord[]>();
    for (const o of context) {
      if (o.objectType !== 'Opportunity') continue;
      const list = out.get(o.objectId) ?? [];
      list.push(o);
      out.set(o.objectId, list);
    }
    return out;
  }
}

function field(o: ContextObjectRecord, name: string): unknown {
  return o.fields.find((f) => f.name === name)?.value ?? null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
