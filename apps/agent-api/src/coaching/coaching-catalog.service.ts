import { AppError, domainAudienceCovers, ErrorCode, libraryAudienceOpens } from '@gong-connector/contracts';
import type { AnsweredScorecardRecord, CallReadRepository, DirectoryRepository, LibraryFolderRecord, LibraryRepository, ScorecardRepository } from '@gong-connector/persistence';
import type { LibraryClipsRequest, LibraryFoldersRequest, ScorecardsRequest } from '../api/api-request.schemas.js';
import { domainsOf, type Principal } from '../auth/principal.js';
import { canSeeCall } from '../calls/calls.service.js';
import type { WithheldView } from './coaching.service.js';

export interface ScorecardsView {
  scorecards: AnsweredScorecardRecord[];
  nextCursor: string | null;
  withheld: WithheldView[];
}

export interface LibraryFoldersView {
  folders: LibraryFolderRecord[];
  nextCursor: string | null;
  withheld: WithheldView[];
}

export interface LibraryClipView {
  callId: string;
  position: number;
  title: string | null;
  note: string | null;
  fromSec: number | null;
  toSec: number | null;
  /** The call's page in Gong; null when its call is withheld. */
  url: string | null;
  /** What is said in the clip (or the call's start when the clip is the whole call); null when the call is withheld or has no transcript yet. */
  excerpt: string | null;
  /** false: the clip's call is outside your calls access: listed without its content. */
  callVisible: boolean;
}

export interface LibraryClipsView {
  folder: LibraryFolderRecord;
  clips: LibraryClipView[];
  nextCursor: string | null;
  withheld: WithheldView[];
}

const EXCERPT_CHARS = 600;
const WITHHELD_COUNT_CAP = 1000;

function encodeCursor(after: { reviewTime: string; answeredScorecardId: string }): string {
  return Buffer.from(JSON.stringify([after.reviewTime, after.answeredScorecardId])).toString('base64url');
}

function decodeCursor(cursor: string): { reviewTime: string; answeredScorecardId: string } {
  try {
    const [reviewTime, answeredScorecardId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof reviewTime === 'string' && !Number.isNaN(Date.parse(reviewTime)) && typeof answeredScorecardId === 'string' && /^\d{1,20}$/.test(answeredScorecardId)) {
      return { reviewTime, answeredScorecardId };
    }
  } catch {
    // falls through to the 400 below
  }
  throw new AppError(ErrorCode.VALIDATION_FAILED, 'cursor is not a nextCursor of this endpoint: pass the nextCursor of the previous page unchanged', { details: [{ path: 'cursor', message: 'not a scorecards cursor' }] });
}

/**
 * Answered scorecards and the Library, from the replica (0 Gong requests). Scorecards obey
 * `coachingAccess` (whose scorecards: the reviewed rep's); Library folders obey
 * `libraryFolderAccess` and the `library` flag; a clip's call content (title link and transcript
 * excerpt) still obeys `callsAccess`. What is left out is counted in `withheld`.
 */
export class CoachingCatalogService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly scorecardRepository: ScorecardRepository,
    private readonly library: LibraryRepository,
    private readonly calls: CallReadRepository,
  ) {}

  async scorecards(principal: Principal, r: ScorecardsRequest): Promise<ScorecardsView> {
    const audience = domainsOf(principal).domains.coachingAccess;
    const withheld: WithheldView[] = [];
    let reps = r.rep ? [...new Set(r.rep)] : undefined;
    let hidden: string[] = [];
    if (!audience.everyone) {
      if (reps) {
        hidden = reps.filter((id) => !domainAudienceCovers(audience, id));
        reps = reps.filter((id) => domainAudienceCovers(audience, id));
      } else {
        hidden = (await this.directory.listUsers()).map((u) => u.id).filter((id) => !domainAudienceCovers(audience, id));
        reps = [...audience.userIds];
      }
    }
    const common = {
      reviewerUserIds: r.reviewer,
      scorecardIds: r.scorecard,
      callFrom: r.from ? `${r.from}T00:00:00.000Z` : undefined,
      callTo: r.to ? `${r.to}T00:00:00.000Z` : undefined,
    };
    if (hidden.length > 0) {
      const n = (await this.scorecardRepository.answered({ ...common, reviewedUserIds: hidden, limit: WITHHELD_COUNT_CAP })).length;
      if (n > 0) withheld.push({ domain: 'coachingAccess', count: n, reason: `answered scorecards of reps outside your coachingAccess level${n === WITHHELD_COUNT_CAP ? ' (at least)' : ''}` });
    }
    if (reps !== undefined && reps.length === 0) return { scorecards: [], nextCursor: null, withheld };
    // Within coachingAccess, each scorecard's own visibility (PRIVATE: its reviewer only, ...) decides too.
    const visibleTo = principal.user?.id ?? null;
    const notShared = await this.scorecardRepository.countHidden({ ...common, reviewedUserIds: reps, visibleTo });
    if (notShared > 0) withheld.push({ domain: 'coachingAccess', count: notShared, reason: 'answered scorecards whose visibility (private, managers only, opt-in users) does not include you' });
    const page = await this.scorecardRepository.answered({
      ...common,
      visibleTo,
      reviewedUserIds: reps,
      after: r.cursor ? decodeCursor(r.cursor) : undefined,
      limit: r.limit + 1,
    });
    const more = page.length > r.limit;
    const rows = page.slice(0, r.limit);
    const last = rows[rows.length - 1];
    return { scorecards: rows, nextCursor: more && last ? encodeCursor({ reviewTime: last.reviewTime, answeredScorecardId: last.answeredScorecardId }) : null, withheld };
  }

  /** The folders the user may open, a page at a time (`cursor`: the offset); the others are counted in withheld. */
  async folders(principal: Principal, r: LibraryFoldersRequest): Promise<LibraryFoldersView> {
    const access = domainsOf(principal);
    const all = await this.library.folders();
    const visible = access.flags.library ? all.filter((f) => libraryAudienceOpens(access.library, f)) : [];
    const n = all.length - visible.length;
    const offset = r.cursor ? Number(r.cursor) : 0;
    const folders = visible.slice(offset, offset + r.limit);
    return { folders, nextCursor: offset + r.limit < visible.length ? String(offset + r.limit) : null, withheld: n > 0 ? [{ domain: 'libraryFolderAccess', count: n, reason: 'Library folders outside your libraryFolderAccess (or library pages are off in your profile)' }] : [] };
  }

  async clips(principal: Principal, r: LibraryClipsRequest): Promise<LibraryClipsView> {
    const access = domainsOf(principal);
    const folder = (await this.library.folders()).find((f) => f.id === r.folderId);
    // A folder the user may not open answers like a missing one (its existence is not confirmed).
    if (!folder || !access.flags.library || !libraryAudienceOpens(access.library, folder)) {
      throw new AppError(ErrorCode.NOT_FOUND, `No Library folder ${r.folderId} that you may open: GET /v1/library/folders lists yours`);
    }
    const offset = r.cursor ? Number(r.cursor) : 0;
    const clips = await this.library.clips(folder.id, { afterPosition: offset - 1, limit: r.limit + 1 });
    const more = clips.length > r.limit;
    const page = clips.slice(0, r.limit);
    const calls = new Map((await this.calls.getCalls([...new Set(page.map((c) => c.callId))])).map((c) => [c.id, c]));
    let hidden = 0;
    const views: LibraryClipView[] = [];
    for (const clip of page) {
      const call = calls.get(clip.callId);
      const visible = call !== undefined && canSeeCall(principal.filter, call);
      if (!visible) hidden += 1;
      views.push({
        callId: clip.callId,
        position: clip.position,
        title: clip.title,
        note: clip.note,
        fromSec: clip.fromSec,
        toSec: clip.toSec,
        url: visible ? call.url : null,
        excerpt: visible ? await this.excerpt(clip.callId, clip.fromSec, clip.toSec) : null,
        callVisible: visible,
      });
    }
    const last = page[page.length - 1];
    return {
      folder,
      clips: views,
      nextCursor: more && last ? String(last.position + 1) : null,
      withheld: hidden > 0 ? [{ domain: 'callsAccess', count: hidden, reason: "clips whose call is outside your calls access: listed without the call's link or transcript" }] : [],
    };
  }

  private async excerpt(callId: string, fromSec: number | null, toSec: number | null): Promise<string | null> {
    const transcript = await this.calls.getTranscript(callId);
    if (!transcript) return null;
    const fromMs = (fromSec ?? 0) * 1000;
    const toMs = toSec === null ? Number.POSITIVE_INFINITY : toSec * 1000;
    const text = transcript.monologues
      .flatMap((m) => m.sentences)
      .filter((s) => s.end > fromMs && s.start < toMs)
      .map((s) => s.text)
      .join(' ');
    return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
  }
}
