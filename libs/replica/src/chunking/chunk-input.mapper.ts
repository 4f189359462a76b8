import type { ChunkInput, ChunkInputOpportunity, ChunkInputSummary, ChunkInputSummarySection, ChunkInputTracker } from '@gong-connector/chunking';
import type { CallRecord, ContextObjectRecord, TranscriptRecord } from '@gong-connector/persistence';

/** The CRM field that holds an opportunity's stage (Salesforce's name; Gong passes it through). */
const STAGE_FIELDS = ['StageName', 'Stage', 'stage'];
const NAME_FIELDS = ['Name', 'name'];

/**
 * A replicated call and its transcript as the chunker reads them (`ChunkInput`). Pure: accounts
 * come from the call's resolved accounts (CRM and email-domain), opportunities from its CRM
 * context objects of type Opportunity (the `StageName` field gives the stage), trackers with
 * their occurrences and phrases, and parties with their speaker ids. Callers still validate the
 * result with `ChunkInputSchema` at their edge.
 */
export class ChunkInputMapper {
  static toChunkInput(call: CallRecord, transcript: TranscriptRecord | undefined): ChunkInput {
    return {
      call: {
        id: call.id,
        title: call.title,
        started: call.started,
        duration: call.durationS,
        workspaceId: call.workspaceId,
        primaryUserId: call.primaryUserId,
        isPrivate: call.isPrivate,
        parties: call.parties.map((p, index) => ({
          id: p.partyId ?? `party-${index}`,
          speakerId: p.speakerId,
          userId: p.userId,
          emailAddress: p.email,
          name: p.name,
          title: p.title,
          affiliation: p.affiliation,
        })),
        accounts: call.accounts.map(({ account }) => ({ id: account.id, name: account.name })),
        opportunities: ChunkInputMapper.opportunities(call.context),
        trackers: call.trackers.map(
          (t): ChunkInputTracker => ({
            id: t.trackerId,
            name: t.name,
            type: t.type === 'KEYWORD' || t.type === 'SMART' ? t.type : null,
            count: t.count,
            occurrences: t.occurrences.map((o) => ({ startTime: o.startTime, speakerId: o.speakerId })),
            phrases: t.phrases.map((ph) => ({
              phrase: ph.phrase,
              count: ph.count,
              occurrences: ph.occurrences.map((o) => ({ startTime: o.startTime, speakerId: o.speakerId })),
            })),
          }),
        ),
        topics: call.topics.map((t) => ({ name: t.name, duration: t.durationS })),
      },
      monologues: (transcript?.monologues ?? []).map((m) => ({
        speakerId: m.speakerId,
        topic: m.topic,
        sentences: m.sentences.map((s) => ({ start: s.start, end: s.end, text: s.text })),
      })),
      summary: ChunkInputMapper.summary(call),
    };
  }

  /** Gong's summary as replicated (brief, key points, highlights, outline, outcome), texts only; the shapes are read defensively. */
  private static summary(call: CallRecord): ChunkInputSummary {
    const sections = (list: readonly unknown[], titleKey: string): ChunkInputSummarySection[] =>
      list.flatMap((entry) => {
        const title = textAt(entry, titleKey);
        const items = Array.isArray(field(entry, 'items')) ? (field(entry, 'items') as unknown[]).map((i) => textAt(i, 'text')).filter(isText) : [];
        return title !== null && items.length > 0 ? [{ title, items }] : [];
      });
    return {
      brief: call.brief,
      keyPoints: call.keyPoints.map((k) => textAt(k, 'text')).filter(isText),
      highlights: sections(call.highlights, 'title'),
      outline: sections(call.outline, 'section'),
      callOutcome: textAt(call.callOutcome, 'name'),
    };
  }

  private static opportunities(context: readonly ContextObjectRecord[]): ChunkInputOpportunity[] {
    const seen = new Set<string>();
    const out: ChunkInputOpportunity[] = [];
    for (const object of context) {
      if (object.objectType.toLowerCase() !== 'opportunity' || seen.has(object.objectId)) continue;
      seen.add(object.objectId);
      out.push({
        id: object.objectId,
        name: object.name ?? fieldText(object, NAME_FIELDS),
        stage: fieldText(object, STAGE_FIELDS),
      });
    }
    return out;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function textAt(value: unknown, key: string): string | null {
  const text = field(value, key);
  return typeof text === 'string' && text.trim() !== '' ? text : null;
}

function isText(value: string | null): value is string {
  return value !== null;
}

function fieldText(object: ContextObjectRecord, names: readonly string[]): string | null {
  for (const name of names) {
    const value = object.fields.find((f) => f.name === name)?.value;
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}
