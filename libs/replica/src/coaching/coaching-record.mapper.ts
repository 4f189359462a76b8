import type {
  AnsweredScorecard,
  CallOutcome,
  CoachingData,
  LibraryFolder,
  LibraryFolderCall,
  PersonInteractionStats,
  Scorecard,
  UserDailyActivity,
} from '@gong-connector/gong-client';
import {
  ACTIVITY_COUNTERS,
  INTERACTION_STATS,
  type ActivityCounts,
  type AnsweredScorecardRecord,
  type CallOutcomeRecord,
  type CoachingMetricsRecord,
  type InteractionFigures,
  type InteractionStat,
  type LibraryClipRecord,
  type LibraryFolderRecord,
  type ScorecardDefinitionRecord,
  type UserDayActivityRecord,
  type UserDayInteractionRecord,
} from '@gong-connector/persistence';

/** A day-by-day row of one user: one record per day, counts being the number of call ids. */
export function toUserDayActivityRecords(u: UserDailyActivity): UserDayActivityRecord[] {
  return (u.userDailyActivityStats ?? [])
    .filter((d) => d.fromDate !== undefined)
    .map((d) => {
      const counts = {} as ActivityCounts;
      const callIds: UserDayActivityRecord['callIds'] = {};
      for (const k of ACTIVITY_COUNTERS) {
        const ids = d[k] ?? [];
        counts[k] = ids.length;
        if (ids.length) callIds[k] = [...ids];
      }
      return { userId: u.userId, day: d.fromDate!.slice(0, 10), counts, callIds };
    });
}

/** A user's interaction stats for `day` (the request covered that one day). */
export function toUserDayInteractionRecord(u: PersonInteractionStats, day: string): UserDayInteractionRecord {
  const stats = (u.personInteractionStats ?? []).map((s) => ({ name: s.name, value: s.value ?? null }));
  const byName = new Map(stats.map((s) => [s.name.toLowerCase(), s.value]));
  const figures = Object.fromEntries(
    (Object.entries(INTERACTION_STATS) as Array<[InteractionStat, string]>).map(([key, name]) => [key, byName.get(name.toLowerCase()) ?? null]),
  ) as InteractionFigures;
  return { userId: u.userId, day, figures, stats };
}

export function toScorecardDefinitionRecord(s: Scorecard): ScorecardDefinitionRecord {
  return {
    scorecardId: s.scorecardId,
    name: s.scorecardName ?? s.scorecardId,
    workspaceId: s.workspaceId ?? null,
    enabled: s.enabled ?? true,
    reviewMethod: s.reviewMethod ?? null,
    updaterUserId: s.updaterUserId ?? null,
    created: s.created ?? null,
    updated: s.updated ?? null,
    questions: (s.questions ?? []).map((q) => ({
      questionId: q.questionId,
      questionRevisionId: q.questionRevisionId ?? null,
      questionText: q.questionText ?? '',
      isOverall: q.isOverall ?? false,
      questionType: q.questionType ?? null,
      answerGuide: q.answerGuide ?? null,
      minRange: q.minRange ?? null,
      maxRange: q.maxRange ?? null,
      answerOptions: q.answerOptions ? q.answerOptions.map((o) => ({ id: o.id ?? null, text: o.text ?? null })) : null,
    })),
  };
}

export function toAnsweredScorecardRecord(a: AnsweredScorecard): AnsweredScorecardRecord {
  return {
    answeredScorecardId: a.answeredScorecardId,
    scorecardId: a.scorecardId,
    scorecardName: a.scorecardName ?? null,
    callId: a.callId,
    callStartTime: a.callStartTime ?? null,
    reviewedUserId: a.reviewedUserId,
    reviewerUserId: a.reviewerUserId ?? null,
    reviewMethod: a.reviewMethod,
    editorUserId: a.editorUserId ?? null,
    reviewTime: a.reviewTime,
    visibilityType: a.visibilityType ?? null,
    answers: (a.answers ?? []).map((x) => ({
      questionId: x.questionId,
      questionRevisionId: x.questionRevisionId ?? null,
      isOverall: x.isOverall ?? false,
      score: x.score ?? null,
      answerText: x.answerText ?? null,
      notApplicable: x.notApplicable ?? false,
      selectedOptions: x.selectedOptions ?? [],
    })),
  };
}

export function toCoachingMetricsRecords(data: readonly CoachingData[], workspaceId: string, managerId: string, periodFrom: string, periodTo: string): CoachingMetricsRecord[] {
  return data.flatMap((d) =>
    (d.directReportsMetrics ?? []).map((r) => ({ workspaceId, managerId: d.manager?.id ?? managerId, reportUserId: r.report.id, periodFrom, periodTo, metrics: r.metrics ?? {} })),
  );
}

export function toLibraryFolderRecord(f: LibraryFolder, workspaceId: string | null): LibraryFolderRecord {
  return { id: f.id, workspaceId, name: f.name ?? f.id, parentFolderId: f.parentFolderId ?? null, createdBy: f.createdBy ?? null, updated: f.updated ?? null };
}

export function toLibraryClip(c: LibraryFolderCall): Omit<LibraryClipRecord, 'folderId' | 'position'> {
  return {
    callId: c.id,
    title: c.title ?? null,
    note: c.note ? c.note : null,
    addedBy: c.addedBy ?? null,
    created: c.created ?? null,
    url: c.url ?? null,
    fromSec: c.snippet?.fromSec ?? null,
    toSec: c.snippet?.toSec ?? null,
  };
}

export function toCallOutcomeRecord(o: CallOutcome): CallOutcomeRecord {
  return {
    callOutcome: o.callOutcome,
    displayOrder: o.displayOrder ?? null,
    connectStatus: o.connectStatus ?? null,
    sentiment: o.sentiment ?? null,
    todoAction: o.todoAction ?? null,
    automation: o.automation ?? null,
    category: o.category ?? null,
  };
}
