import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GongHttpError } from '../http/gong-http.error.js';
import { int64 } from '../http/gong-json.serializer.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

/** Settings: keyword trackers and scorecards (scorecard ids are int64 JSON numbers, as in the spec). */
export function registerSettingsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const TrackersQuery = z.object({ workspaceId: gongId.optional() });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/settings/trackers',
    scope: 'api:settings:trackers:read',
    handler: (req) => {
      const { workspaceId } = parseInput(TrackersQuery, req.query, 'query');
      if (workspaceId && !ctx.store.workspace(workspaceId)) throw GongHttpError.notFound('Workspace not found');
      const trackers = ctx.store.data.trackers.filter((t) => !workspaceId || t.workspaceId === workspaceId);
      return {
        keywordTrackers: trackers.map((t) => ({
          trackerId: t.id,
          trackerName: t.name,
          workspaceId: t.workspaceId,
          languageKeywords: [{ language: 'eng', keywords: t.keywords, includeRelatedForms: false }],
          affiliation: t.affiliation,
          partOfQuestion: false,
          saidAt: 'Anytime',
          saidInTopics: [],
          created: ctx.time.format(t.created),
          creatorUserId: t.creatorUserId,
          updated: ctx.time.format(t.created),
          updaterUserId: t.creatorUserId,
        })),
      };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/settings/scorecards',
    scope: 'api:settings:scorecards:read',
    handler: () => {
      const scorecards = ctx.store.data.scorecards;
      if (scorecards.length === 0) throw GongHttpError.notFound('Scorecards not found');
      return {
        scorecards: scorecards.map((s) => ({
          scorecardId: int64(s.scorecardId),
          scorecardName: s.scorecardName,
          workspaceId: int64(s.workspaceId),
          enabled: s.enabled,
          updaterUserId: int64(s.updaterUserId),
          created: ctx.time.format(s.created),
          updated: ctx.time.format(s.updated),
          reviewMethod: s.reviewMethod,
          questions: s.questions.map((q) => ({
            questionId: int64(q.questionId),
            questionRevisionId: int64(q.questionRevisionId),
            questionText: q.questionText,
            isOverall: q.isOverall,
            questionType: q.questionType,
            answerGuide: q.isOverall ? 'Your overall impression of the call' : 'Score from 1 (poor) to 5 (excellent)',
            minRange: q.minRange,
            maxRange: q.maxRange,
            // The spec documents null for questions without options.
            answerOptions: null,
          })),
        })),
      };
    },
  });
}
