import type { CallData, ContentSelector } from '@gong-connector/gong-client';

/**
 * What ingest asks `/v2/calls/extensive` for: everything the replica stores (CallRecord): parties,
 * CRM context with field values now and at the time of the call, AI content, tracker occurrences,
 * interaction stats. Not media URLs (they expire after 8 hours) nor public comments (not stored).
 * Sync, backfill and the webhook pipeline ask for the same, so a call stored by one and seen again by
 * another is unchanged.
 */
export class ExtensiveContentSelector {
  static readonly selector: ContentSelector = {
    context: 'Extended',
    contextTiming: ['Now', 'TimeOfCall'],
    exposedFields: {
      parties: true,
      content: {
        structure: true,
        topics: true,
        trackers: true,
        trackerOccurrences: true,
        brief: true,
        outline: true,
        highlights: true,
        callOutcome: true,
        keyPoints: true,
      },
      interaction: { speakers: true, video: true, personInteractionStats: true, questions: true },
      media: false,
    },
  };

  /**
   * Whether a webhook's `callData` already holds everything the selector asks for, so no
   * `/v2/calls/extensive` request is needed: parties, content with tracker occurrences, interaction,
   * and CRM context at both timings (or no CRM context at all).
   */
  static covers(call: CallData): boolean {
    const content = call.content;
    if (!call.parties || !content || !call.interaction || !call.context) return false;
    if (content.topics === undefined || content.trackers === undefined || content.structure === undefined) return false;
    if (content.trackers.some((t) => (t.count ?? 0) > 0 && t.occurrences === undefined)) return false;
    const objects = call.context.flatMap((c) => c.objects ?? []);
    if (objects.length === 0) return true;
    const timings = new Set(objects.map((o) => o.timing));
    return timings.has('Now') && timings.has('TimeOfCall');
  }
}
