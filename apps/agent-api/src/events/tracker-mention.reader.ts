import { Inject, Injectable } from '@nestjs/common';
import type { CallIndexedV1, TrackerMention } from '@gong-connector/contracts';
import { CallReadRepository } from '@gong-connector/persistence';
import { LRUCache } from 'lru-cache';
import { TrackerMentions } from '../webhooks/tracker-mentions.js';

/**
 * The tracker mentions of a newly indexed call, for the SSE streams that asked for
 * `tracker.mentioned`: read once per event (call and transcript), whatever the number of streams,
 * and kept for a while (an LRU of the last events). Access is decided by the caller, before.
 */
@Injectable()
export class TrackerMentionReader {
  private readonly cache = new LRUCache<string, Promise<TrackerMention[]>>({ max: 500 });

  constructor(@Inject(CallReadRepository) private readonly calls: Pick<CallReadRepository, 'getCall' | 'getTranscript'>) {}

  mentionsOf(event: Pick<CallIndexedV1, 'callId' | 'indexedAt'>): Promise<TrackerMention[]> {
    const key = `${event.callId}@${event.indexedAt}`;
    let mentions = this.cache.get(key);
    if (!mentions) {
      mentions = this.read(event.callId);
      this.cache.set(key, mentions);
      mentions.catch(() => this.cache.delete(key));
    }
    return mentions;
  }

  private async read(callId: string): Promise<TrackerMention[]> {
    const call = await this.calls.getCall(callId);
    if (!call || !call.trackers.some((t) => t.count > 0)) return [];
    return TrackerMentions.of(call, await this.calls.getTranscript(callId));
  }
}
