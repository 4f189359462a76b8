import type { Call } from '../company/company.model.js';
import type { CompanyStore } from '../company/company.store.js';
import { NamesData } from '../company/names.data.js';
import { CallAnalysisBuilder, type CallAnalysis } from './call-analysis.builder.js';
import { TranscriptGenerator, type TranscriptMonologue, type TranscriptSpeaker } from './transcript.generator.js';

/**
 * Transcripts and post-call analysis, generated on demand from each call's seed and kept in a small
 * LRU cache: 10,000 calls never sit in memory as text.
 */
export class CallContentService {
  private readonly generator = new TranscriptGenerator();
  private readonly analyzer = new CallAnalysisBuilder();
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly store: CompanyStore,
    private readonly capacity = 256,
  ) {}

  transcript(call: Call): TranscriptMonologue[] {
    return this.entry(call).transcript;
  }

  /**
   * The call's entry of POST /v2/calls/transcript, serialized (`{"callId":…,"transcript":[…]}`):
   * built once per cached call, without an intermediate object tree.
   */
  transcriptJson(call: Call): string {
    const entry = this.entry(call);
    if (entry.json === undefined) {
      let out = `{"callId":${JSON.stringify(call.id)},"transcript":[`;
      entry.transcript.forEach((m, i) => {
        out += `${i ? ',' : ''}{"speakerId":${JSON.stringify(m.speakerId)}${m.topic !== undefined ? `,"topic":${JSON.stringify(m.topic)}` : ''},"sentences":[`;
        m.sentences.forEach((s, j) => {
          out += `${j ? ',' : ''}{"start":${s.start},"end":${s.end},"text":${JSON.stringify(s.text)}}`;
        });
        out += ']}';
      });
      entry.json = `${out}]}`;
    }
    return entry.json;
  }

  analysis(call: Call): CallAnalysis {
    const entry = this.entry(call);
    if (!entry.analysis) {
      const smartId = this.store.data.smartTrackerIds.get(call.workspaceId) ?? '0';
      entry.analysis = this.analyzer.build(call, entry.transcript, this.store.trackersOf(call.workspaceId), smartId, this.accountName(call));
    }
    return entry.analysis;
  }

  private entry(call: Call): CacheEntry {
    const hit = this.cache.get(call.id);
    if (hit) {
      this.cache.delete(call.id);
      this.cache.set(call.id, hit);
      return hit;
    }
    const company = this.store.data;
    const account = call.accountCrmId ? this.store.account(call.accountCrmId) : undefined;
    const speakers: TranscriptSpeaker[] = call.parties
      .filter((p) => p.speakerId)
      .map((p) => ({
        speakerId: p.speakerId!,
        firstName: p.name ? p.name.split(' ')[0] : 'there',
        internal: p.affiliation === 'Internal',
        technical: p.userId ? this.store.user(p.userId)?.role === 'se' : false,
      }));
    const transcript = this.generator.generate({
      seedKey: call.seedKey,
      phase: call.phase,
      duration: call.duration,
      started: call.started,
      speakers,
      accountName: account?.name ?? company.name,
      companyName: company.name,
      product: company.product,
      industry: account?.industry ?? 'Technology',
      competitor: call.competitor,
      competitors: company.competitors,
      firstNames: NamesData.firstNames,
      ...(call.script ? { script: call.script } : {}),
    });
    const entry: CacheEntry = { transcript };
    this.cache.set(call.id, entry);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  private accountName(call: Call): string {
    const account = call.accountCrmId ? this.store.account(call.accountCrmId) : undefined;
    return account?.name ?? this.store.data.name;
  }
}

interface CacheEntry {
  transcript: TranscriptMonologue[];
  analysis?: CallAnalysis;
  json?: string;
}
