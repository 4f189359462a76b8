import { Inject, Injectable } from '@nestjs/common';
import { TrackerRepository, type KeywordTrackerRecord } from '@gong-connector/persistence';
import type { ListTrackersRequest } from '../api/api-request.schemas.js';

export interface TrackerListView {
  trackers: KeywordTrackerRecord[];
}

/**
 * The company's keyword trackers and their phrases, as replicated daily by ingest (no Gong request):
 * what an agent can filter search by (`tracker`). Trackers are company settings, not call content,
 * so every user may list them.
 */
@Injectable()
export class TrackersService {
  constructor(@Inject(TrackerRepository) private readonly trackers: TrackerRepository) {}

  async list(r: ListTrackersRequest): Promise<TrackerListView> {
    const all = await this.trackers.list(r.workspace ? { workspaceIds: r.workspace } : {});
    const q = r.q?.toLowerCase();
    return {
      trackers: q
        ? all.filter((t) => t.name.toLowerCase().includes(q) || t.keywords.some((k) => k.phrases.some((p) => p.toLowerCase().includes(q))))
        : all,
    };
  }
}
