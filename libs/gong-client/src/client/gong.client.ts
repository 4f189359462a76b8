import { AppError, ErrorCode, GongIdSchema, systemClock, validate, type GongId } from '@gong-connector/contracts';
import { z } from 'zod';
import { BasicAuth } from '../auth/basic.auth.js';
import type { GongAuth } from '../auth/gong-auth.port.js';
import { OAuthAuth } from '../auth/oauth.auth.js';
import { GongError } from '../errors/gong.error.js';
import { GongTransport, type TransportRequest } from '../http/gong.transport.js';
import { PermittedFetcher, type ExchangeContext } from '../http/permitted.fetcher.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry.policy.js';
import { paginate } from '../pagination/cursor.paginator.js';
import { emptyPage, type GongPage } from '../pagination/gong.page.js';
import { isGongPriority, type GongPriority } from '../priority/gong-priority.js';
import type {
  ContentSelector,
  ExtensiveCallsRequest,
  ListCallsQuery,
  TranscriptsFilter,
} from '../requests/calls.request.js';
import type { ListUsersQuery, UsersExtensiveFilter } from '../requests/users.request.js';
import type { AssignFlowRequest, BulkFlowAssignmentRequest, ListFlowFoldersQuery, ListFlowsQuery, ListTasksFilter, UpdateTaskRequest } from '../requests/engage.request.js';
import {
  AssignFlowResponseSchema,
  BulkAssignmentResponseSchema,
  FlowStepsResponseSchema,
  FlowsResponseSchema,
  ProspectsFlowsResponseSchema,
  UnassignFlowsResponseSchema,
  type AssignedFlow,
  type AssignFlowResult,
  type BulkAssignment,
  type EngageFlow,
  type EngageFlowWithSteps,
} from '../schemas/engage-flow.schema.js';
import { UserTasksResponseSchema, type EngageTask } from '../schemas/engage-task.schema.js';
import {
  AsyncProcessingResponseSchema,
  CrmEntitySchemaResponseSchema,
  CrmIntegrationsResponseSchema,
  CrmRequestStatusSchema,
  RegisterCrmResponseSchema,
  type CrmIntegration,
  type CrmRequestStatus,
} from '../schemas/crm-upload.schema.js';
import type { AggregationPeriod, AnsweredScorecardsFilter, CoachingQuery, StatsFilter } from '../requests/stats.request.js';
import {
  AggregateActivityResponseSchema,
  AggregateByPeriodResponseSchema,
  DayByDayActivityResponseSchema,
  InteractionStatsResponseSchema,
  type PersonInteractionStats,
  type UserActivityByPeriod,
  type UserAggregateActivity,
  type UserDailyActivity,
} from '../schemas/activity-stats.schema.js';
import { CallOutcomesResponseSchema, type CallOutcome } from '../schemas/call-outcome.schema.js';
import { CoachingResponseSchema, type CoachingData } from '../schemas/coaching.schema.js';
import { LibraryFolderContentResponseSchema, LibraryFoldersResponseSchema, type LibraryFolder, type LibraryFolderContent } from '../schemas/library.schema.js';
import { AnsweredScorecardsResponseSchema, ScorecardsResponseSchema, type AnsweredScorecard, type Scorecard } from '../schemas/scorecard.schema.js';
import { CallsAccessResponseSchema, type CallAccessDetails } from '../schemas/call-access.schema.js';
import { CallsResponseSchema, SpecificCallResponseSchema, type CallBasicData } from '../schemas/call-basic.schema.js';
import { ExtensiveCallsResponseSchema, type CallData } from '../schemas/call-extensive.schema.js';
import { CallTranscriptsResponseSchema, type CallTranscript } from '../schemas/call-transcript.schema.js';
import { TrackersResponseSchema, type KeywordTracker } from '../schemas/keyword-tracker.schema.js';
import {
  PermissionProfileResponseSchema,
  PermissionProfilesResponseSchema,
  PermissionProfileUsersResponseSchema,
  type PermissionProfile,
  type PermissionProfileUser,
} from '../schemas/permission-profile.schema.js';
import type { Records } from '../schemas/records.schema.js';
import { UserResponseSchema, UsersResponseSchema, type UserMetadata } from '../schemas/user.schema.js';
import { WorkspacesResponseSchema, type Workspace } from '../schemas/workspace.schema.js';
import { realSleep } from '../time/sleep.port.js';
import type { BatchOptions, CallOptions, PageOptions } from './call.options.js';
import type { GongClientOptions } from './gong-client.options.js';
import { AI_TIME_PERIODS, CRM_ENTITY_TYPES, type AiEntityQuery, type AskEntityQuery, type GenerateBriefQuery } from '../requests/ai-entity.request.js';
import { AskEntityResponseSchema, BriefsResponseSchema, GenerateBriefResponseSchema, type AskEntityResponse, type BriefSetting, type GenerateBriefResponse } from '../schemas/ai-entity.schema.js';

/** Gong's BaseResponse (the data-privacy endpoints answer only a request id). */
const DataPrivacyResponseSchema = z.object({ requestId: z.string().optional() });

export const DEFAULT_GONG_BASE_URL = 'https://api.gong.io';
/** Most call ids per transcript / extensive request (community practice; Gong documents no maximum). */
export const MAX_BATCH_SIZE = 100;

const IdListSchema = z.array(GongIdSchema);

/** What `withPriority` views share: one transport, hence one OAuth refresh at a time. */
class SharedCore {
  constructor(
    readonly transport: GongTransport,
    readonly batchSize: number,
  ) {}
}

/**
 * Typed client of Gong's v2 API. Every request is sent under a permit of the PermitSource and
 * reported back; ids are strings end to end; answers are validated; list methods are async
 * iterators over pages (an empty result is an empty page); errors are GongErrors with stable codes.
 *
 * Every call needs a priority: `client.withPriority('sync').listCalls(...)` or
 * `client.listCalls(query, { priority: 'sync' })`.
 */
export class GongClient {
  private readonly core: SharedCore;
  private readonly priority: GongPriority | undefined;

  constructor(options: GongClientOptions);
  /** Internal: a view sharing another client's core (see `withPriority`). */
  constructor(core: SharedCore, priority: GongPriority);
  constructor(options: GongClientOptions | SharedCore, priority?: GongPriority) {
    if (options instanceof SharedCore) {
      this.core = options;
      this.priority = priority;
      return;
    }
    this.core = buildCore(options);
    this.priority = options.priority;
    if (this.priority !== undefined && !isGongPriority(this.priority)) {
      throw new AppError(ErrorCode.CONFIG_INVALID, 'Gong client: unknown priority', {
        details: [{ path: 'priority', message: 'expected interactive, post-call, sync or backfill' }],
      });
    }
  }

  /** A view of this client whose calls default to `priority` (same transport, same OAuth refresh). */
  withPriority(priority: GongPriority): GongClient {
    if (!isGongPriority(priority)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Unknown Gong priority', {
        details: [{ path: 'priority', message: 'expected interactive, post-call, sync or backfill' }],
      });
    }
    return new GongClient(this.core, priority);
  }

  // ---- calls ------------------------------------------------------------------------------------

  /** One page of GET /v2/calls (call metadata by date range; the cursor goes in the query). */
  async getCallsPage(query: ListCallsQuery, options: PageOptions = {}): Promise<GongPage<CallBasicData>> {
    const context = this.context(options);
    if (query.workspaceId !== undefined) validate(GongIdSchema, query.workspaceId, 'workspaceId');
    return this.page(
      {
        method: 'GET',
        path: '/v2/calls',
        endpoint: 'GET /v2/calls',
        query: {
          fromDateTime: query.fromDateTime,
          toDateTime: query.toDateTime,
          workspaceId: query.workspaceId,
          cursor: options.cursor,
        },
        schema: CallsResponseSchema,
      },
      context,
      (data) => data.calls,
    );
  }

  /** Every page of GET /v2/calls. */
  listCalls(query: ListCallsQuery, options: CallOptions = {}): AsyncGenerator<GongPage<CallBasicData>, void, undefined> {
    return paginate('GET /v2/calls', (cursor) => this.getCallsPage(query, withCursor(options, cursor)));
  }

  /** GET /v2/calls/{id}. A missing call is GONG_NOT_FOUND. */
  async getCall(callId: GongId, options: CallOptions = {}): Promise<CallBasicData> {
    const context = this.context(options);
    const id = validate(GongIdSchema, callId, 'call id');
    const data = await this.core.transport.send(
      { method: 'GET', path: `/v2/calls/${id}`, endpoint: 'GET /v2/calls/{id}', schema: SpecificCallResponseSchema },
      context,
    );
    return data.call;
  }

  /** One page of POST /v2/calls/extensive (the cursor goes in the body). */
  async getExtensiveCallsPage(request: ExtensiveCallsRequest, options: PageOptions = {}): Promise<GongPage<CallData>> {
    const context = this.context(options);
    validateIds(request.filter.callIds, 'filter.callIds');
    validateIds(request.filter.primaryUserIds, 'filter.primaryUserIds');
    if (request.filter.workspaceId !== undefined) validate(GongIdSchema, request.filter.workspaceId, 'filter.workspaceId');
    return this.page(
      {
        method: 'POST',
        path: '/v2/calls/extensive',
        endpoint: 'POST /v2/calls/extensive',
        body: {
          ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
          filter: request.filter,
          ...(request.contentSelector === undefined ? {} : { contentSelector: request.contentSelector }),
        },
        schema: ExtensiveCallsResponseSchema,
      },
      context,
      (data) => data.calls,
    );
  }

  /** Every page of POST /v2/calls/extensive. */
  listExtensiveCalls(
    request: ExtensiveCallsRequest,
    options: CallOptions = {},
  ): AsyncGenerator<GongPage<CallData>, void, undefined> {
    return paginate('POST /v2/calls/extensive', (cursor) =>
      this.getExtensiveCallsPage(request, withCursor(options, cursor)),
    );
  }

  /** POST /v2/calls/extensive for the given calls, in batches of up to 100 ids, following cursors in each batch. */
  async *extensiveForCalls(
    callIds: readonly GongId[],
    contentSelector: ContentSelector | undefined,
    options: BatchOptions = {},
  ): AsyncGenerator<GongPage<CallData>, void, undefined> {
    for (const batch of this.batches(callIds, options)) {
      yield* this.listExtensiveCalls(
        { filter: { callIds: batch }, ...(contentSelector === undefined ? {} : { contentSelector }) },
        options,
      );
    }
  }

  /** One page of POST /v2/calls/transcript (the cursor goes in the body). */
  async getTranscriptsPage(filter: TranscriptsFilter, options: PageOptions = {}): Promise<GongPage<CallTranscript>> {
    const context = this.context(options);
    validateIds(filter.callIds, 'filter.callIds');
    if (filter.workspaceId !== undefined) validate(GongIdSchema, filter.workspaceId, 'filter.workspaceId');
    return this.page(
      {
        method: 'POST',
        path: '/v2/calls/transcript',
        endpoint: 'POST /v2/calls/transcript',
        body: { ...(options.cursor === undefined ? {} : { cursor: options.cursor }), filter },
        schema: CallTranscriptsResponseSchema,
      },
      context,
      (data) => data.callTranscripts,
    );
  }

  /** Every page of POST /v2/calls/transcript for a filter (date range and/or call ids). */
  listTranscripts(
    filter: TranscriptsFilter,
    options: CallOptions = {},
  ): AsyncGenerator<GongPage<CallTranscript>, void, undefined> {
    return paginate('POST /v2/calls/transcript', (cursor) => this.getTranscriptsPage(filter, withCursor(options, cursor)));
  }

  /**
   * Transcripts of the given calls: duplicates dropped, batches of up to 100 call ids per request,
   * cursors followed within each batch. Calls without a transcript are simply absent.
   */
  async *transcriptsForCalls(
    callIds: readonly GongId[],
    options: BatchOptions = {},
  ): AsyncGenerator<GongPage<CallTranscript>, void, undefined> {
    for (const batch of this.batches(callIds, options)) {
      yield* this.listTranscripts({ callIds: batch }, options);
    }
  }

  /** POST /v2/calls/users-access: users given access to each call through the API. */
  async getCallsUsersAccess(callIds: readonly GongId[], options: CallOptions = {}): Promise<CallAccessDetails[]> {
    const context = this.context(options);
    const ids = validate(IdListSchema, [...callIds], 'callIds');
    if (ids.length === 0) return [];
    const data = await this.core.transport.send(
      {
        method: 'POST',
        path: '/v2/calls/users-access',
        endpoint: 'POST /v2/calls/users-access',
        body: { filter: { callIds: ids } },
        schema: CallsAccessResponseSchema,
      },
      context,
    );
    return data.callAccessList;
  }

  // ---- users ------------------------------------------------------------------------------------

  /** One page of GET /v2/users. */
  async getUsersPage(query: ListUsersQuery = {}, options: PageOptions = {}): Promise<GongPage<UserMetadata>> {
    const context = this.context(options);
    return this.page(
      {
        method: 'GET',
        path: '/v2/users',
        endpoint: 'GET /v2/users',
        query: { includeAvatars: query.includeAvatars, cursor: options.cursor },
        schema: UsersResponseSchema,
      },
      context,
      (data) => data.users,
    );
  }

  /** Every page of GET /v2/users. */
  listUsers(query: ListUsersQuery = {}, options: CallOptions = {}): AsyncGenerator<GongPage<UserMetadata>, void, undefined> {
    return paginate('GET /v2/users', (cursor) => this.getUsersPage(query, withCursor(options, cursor)));
  }

  /** GET /v2/users/{id}. A missing user is GONG_NOT_FOUND. */
  async getUser(userId: GongId, options: CallOptions = {}): Promise<UserMetadata> {
    const context = this.context(options);
    const id = validate(GongIdSchema, userId, 'user id');
    const data = await this.core.transport.send(
      { method: 'GET', path: `/v2/users/${id}`, endpoint: 'GET /v2/users/{id}', schema: UserResponseSchema },
      context,
    );
    return data.user;
  }

  /** One page of POST /v2/users/extensive. */
  async getUsersExtensivePage(filter: UsersExtensiveFilter, options: PageOptions = {}): Promise<GongPage<UserMetadata>> {
    const context = this.context(options);
    validateIds(filter.userIds, 'filter.userIds');
    return this.page(
      {
        method: 'POST',
        path: '/v2/users/extensive',
        endpoint: 'POST /v2/users/extensive',
        body: { ...(options.cursor === undefined ? {} : { cursor: options.cursor }), filter },
        schema: UsersResponseSchema,
      },
      context,
      (data) => data.users,
    );
  }

  /** Every page of POST /v2/users/extensive. */
  listUsersExtensive(
    filter: UsersExtensiveFilter,
    options: CallOptions = {},
  ): AsyncGenerator<GongPage<UserMetadata>, void, undefined> {
    return paginate('POST /v2/users/extensive', (cursor) =>
      this.getUsersExtensivePage(filter, withCursor(options, cursor)),
    );
  }

  // ---- workspaces, permissions, settings (not paginated) ----------------------------------------

  /** GET /v2/workspaces. */
  async listWorkspaces(options: CallOptions = {}): Promise<Workspace[]> {
    const data = await this.core.transport.send(
      { method: 'GET', path: '/v2/workspaces', endpoint: 'GET /v2/workspaces', schema: WorkspacesResponseSchema },
      this.context(options),
    );
    return data.workspaces;
  }

  /** GET /v2/all-permission-profiles?workspaceId= (profiles are per workspace). */
  async listPermissionProfiles(workspaceId: GongId, options: CallOptions = {}): Promise<PermissionProfile[]> {
    const context = this.context(options);
    const id = validate(GongIdSchema, workspaceId, 'workspaceId');
    const data = await this.core.transport.send(
      {
        method: 'GET',
        path: '/v2/all-permission-profiles',
        endpoint: 'GET /v2/all-permission-profiles',
        query: { workspaceId: id },
        schema: PermissionProfilesResponseSchema,
      },
      context,
    );
    return data.profiles;
  }

  /** GET /v2/permission-profile?profileId=. */
  async getPermissionProfile(profileId: GongId, options: CallOptions = {}): Promise<PermissionProfile> {
    const context = this.context(options);
    const id = validate(GongIdSchema, profileId, 'profileId');
    const data = await this.core.transport.send(
      {
        method: 'GET',
        path: '/v2/permission-profile',
        endpoint: 'GET /v2/permission-profile',
        query: { profileId: id },
        schema: PermissionProfileResponseSchema,
      },
      context,
    );
    return data.profile;
  }

  /** GET /v2/permission-profile/users?profileId=: the members of a profile. */
  async listPermissionProfileUsers(profileId: GongId, options: CallOptions = {}): Promise<PermissionProfileUser[]> {
    const context = this.context(options);
    const id = validate(GongIdSchema, profileId, 'profileId');
    const data = await this.core.transport.send(
      {
        method: 'GET',
        path: '/v2/permission-profile/users',
        endpoint: 'GET /v2/permission-profile/users',
        query: { profileId: id },
        schema: PermissionProfileUsersResponseSchema,
      },
      context,
    );
    return data.users;
  }

  /** GET /v2/settings/trackers (keyword trackers; all workspaces when none is given). */
  async listKeywordTrackers(workspaceId?: GongId, options: CallOptions = {}): Promise<KeywordTracker[]> {
    const context = this.context(options);
    if (workspaceId !== undefined) validate(GongIdSchema, workspaceId, 'workspaceId');
    const data = await this.core.transport.send(
      {
        method: 'GET',
        path: '/v2/settings/trackers',
        endpoint: 'GET /v2/settings/trackers',
        query: { workspaceId },
        schema: TrackersResponseSchema,
      },
      context,
    );
    return data.keywordTrackers;
  }

  // ---- data privacy -----------------------------------------------------------------------------

  /**
   * POST /v2/data-privacy/erase-data-for-email-address or /erase-data-for-phone-number: asks Gong to
   * delete every call, email, lead and contact referencing the person (not immediate in Gong).
   */
  async eraseDataFor(subject: { emailAddress: string } | { phoneNumber: string }, options: CallOptions = {}): Promise<void> {
    const context = this.context(options);
    const byEmail = 'emailAddress' in subject;
    const path = byEmail ? '/v2/data-privacy/erase-data-for-email-address' : '/v2/data-privacy/erase-data-for-phone-number';
    await this.core.transport.send(
      { method: 'POST', path, endpoint: `POST ${path}`, query: byEmail ? { emailAddress: subject.emailAddress } : { phoneNumber: subject.phoneNumber }, schema: DataPrivacyResponseSchema },
      context,
    );
  }

  // ---- stats, scorecards, coaching, Library, call outcomes ----------------------------------------

  /** One page of POST /v2/stats/activity/aggregate (counters per user over [fromDate, toDate)). */
  async getActivityAggregatePage(filter: StatsFilter, options: PageOptions = {}): Promise<GongPage<UserAggregateActivity>> {
    return this.statsPage('/v2/stats/activity/aggregate', { filter }, AggregateActivityResponseSchema, (d) => d.usersAggregateActivityStats ?? [], options);
  }

  /** Every page of POST /v2/stats/activity/aggregate. */
  listActivityAggregate(filter: StatsFilter, options: CallOptions = {}): AsyncGenerator<GongPage<UserAggregateActivity>, void, undefined> {
    return paginate('POST /v2/stats/activity/aggregate', (cursor) => this.getActivityAggregatePage(filter, withCursor(options, cursor)));
  }

  /** One page of POST /v2/stats/activity/aggregate-by-period (counters per user and period). */
  async getActivityByPeriodPage(filter: StatsFilter, aggregationPeriod: AggregationPeriod, options: PageOptions = {}): Promise<GongPage<UserActivityByPeriod>> {
    return this.statsPage('/v2/stats/activity/aggregate-by-period', { filter, aggregationPeriod }, AggregateByPeriodResponseSchema, (d) => d.usersAggregateActivity ?? [], options);
  }

  /** Every page of POST /v2/stats/activity/aggregate-by-period. */
  listActivityByPeriod(filter: StatsFilter, aggregationPeriod: AggregationPeriod, options: CallOptions = {}): AsyncGenerator<GongPage<UserActivityByPeriod>, void, undefined> {
    return paginate('POST /v2/stats/activity/aggregate-by-period', (cursor) => this.getActivityByPeriodPage(filter, aggregationPeriod, withCursor(options, cursor)));
  }

  /** One page of POST /v2/stats/activity/day-by-day (per user and day, the call ids behind each counter). */
  async getDailyActivityPage(filter: StatsFilter, options: PageOptions = {}): Promise<GongPage<UserDailyActivity>> {
    return this.statsPage('/v2/stats/activity/day-by-day', { filter }, DayByDayActivityResponseSchema, (d) => d.usersDetailedActivities ?? [], options);
  }

  /** Every page of POST /v2/stats/activity/day-by-day. */
  listDailyActivity(filter: StatsFilter, options: CallOptions = {}): AsyncGenerator<GongPage<UserDailyActivity>, void, undefined> {
    return paginate('POST /v2/stats/activity/day-by-day', (cursor) => this.getDailyActivityPage(filter, withCursor(options, cursor)));
  }

  /** One page of POST /v2/stats/interaction (talk ratio, longest monologue, interactivity, patience, question rate per user). */
  async getInteractionStatsPage(filter: StatsFilter, options: PageOptions = {}): Promise<GongPage<PersonInteractionStats>> {
    return this.statsPage('/v2/stats/interaction', { filter }, InteractionStatsResponseSchema, (d) => d.peopleInteractionStats ?? [], options);
  }

  /** Every page of POST /v2/stats/interaction. */
  listInteractionStats(filter: StatsFilter, options: CallOptions = {}): AsyncGenerator<GongPage<PersonInteractionStats>, void, undefined> {
    return paginate('POST /v2/stats/interaction', (cursor) => this.getInteractionStatsPage(filter, withCursor(options, cursor)));
  }

  /** One page of POST /v2/stats/activity/scorecards (answered scorecards with every answer; MANUAL unless told). */
  async getAnsweredScorecardsPage(filter: AnsweredScorecardsFilter, options: PageOptions = {}): Promise<GongPage<AnsweredScorecard>> {
    validateIds(filter.scorecardIds, 'filter.scorecardIds');
    return this.statsPage('/v2/stats/activity/scorecards', { filter }, AnsweredScorecardsResponseSchema, (d) => d.answeredScorecards ?? [], options);
  }

  /** Every page of POST /v2/stats/activity/scorecards. */
  listAnsweredScorecards(filter: AnsweredScorecardsFilter, options: CallOptions = {}): AsyncGenerator<GongPage<AnsweredScorecard>, void, undefined> {
    return paginate('POST /v2/stats/activity/scorecards', (cursor) => this.getAnsweredScorecardsPage(filter, withCursor(options, cursor)));
  }

  /** GET /v2/settings/scorecards (every scorecard with its questions; none is an empty list). */
  async listScorecards(options: CallOptions = {}): Promise<Scorecard[]> {
    const data = await this.orNothing(() =>
      this.core.transport.send({ method: 'GET', path: '/v2/settings/scorecards', endpoint: 'GET /v2/settings/scorecards', schema: ScorecardsResponseSchema }, this.context(options)),
    );
    return data?.scorecards ?? [];
  }

  /** GET /v2/coaching (kebab-case query): a manager's coaching metrics per direct report. */
  async getCoaching(query: CoachingQuery, options: CallOptions = {}): Promise<CoachingData[]> {
    const context = this.context(options);
    validate(GongIdSchema, query.workspaceId, 'workspaceId');
    validate(GongIdSchema, query.managerId, 'managerId');
    const data = await this.orNothing(() =>
      this.core.transport.send(
        {
          method: 'GET',
          path: '/v2/coaching',
          endpoint: 'GET /v2/coaching',
          query: { 'workspace-id': query.workspaceId, 'manager-id': query.managerId, from: query.from, to: query.to },
          schema: CoachingResponseSchema,
        },
        context,
      ),
    );
    return data?.coachingData ?? [];
  }

  /** GET /v2/library/folders (public folders; all workspaces when none is given). */
  async listLibraryFolders(workspaceId?: GongId, options: CallOptions = {}): Promise<LibraryFolder[]> {
    const context = this.context(options);
    if (workspaceId !== undefined) validate(GongIdSchema, workspaceId, 'workspaceId');
    const data = await this.orNothing(() =>
      this.core.transport.send(
        { method: 'GET', path: '/v2/library/folders', endpoint: 'GET /v2/library/folders', query: { workspaceId }, schema: LibraryFoldersResponseSchema },
        context,
      ),
    );
    return data?.folders ?? [];
  }

  /** GET /v2/library/folder-content?folderId=: the folder's calls and clips (a GongError `not-found` for an unknown folder). */
  async getLibraryFolderContent(folderId: GongId, options: CallOptions = {}): Promise<LibraryFolderContent> {
    const context = this.context(options);
    const id = validate(GongIdSchema, folderId, 'folderId');
    return this.core.transport.send(
      { method: 'GET', path: '/v2/library/folder-content', endpoint: 'GET /v2/library/folder-content', query: { folderId: id }, schema: LibraryFolderContentResponseSchema },
      context,
    );
  }

  /** GET /v2/call-outcomes (the dialer's outcome definitions). */
  async listCallOutcomes(options: CallOptions = {}): Promise<CallOutcome[]> {
    const data = await this.orNothing(() =>
      this.core.transport.send({ method: 'GET', path: '/v2/call-outcomes', endpoint: 'GET /v2/call-outcomes', schema: CallOutcomesResponseSchema }, this.context(options)),
    );
    return data?.outcomes ?? [];
  }

  // ---- Engage flows ------------------------------------------------------------------------------

  /** One page of GET /v2/flows: the flows a user may use (company, their own, shared with them). */
  async getFlowsPage(query: ListFlowsQuery, options: PageOptions = {}): Promise<GongPage<EngageFlow>> {
    return this.page(
      {
        method: 'GET',
        path: '/v2/flows',
        endpoint: 'GET /v2/flows',
        query: { flowOwnerEmail: query.flowOwnerEmail, workspaceId: query.workspaceId, folderId: query.folderId, mostRecentlyAssigned: query.mostRecentlyAssigned, cursor: options.cursor },
        schema: FlowsResponseSchema,
      },
      this.context(options),
      (data) => data.flows,
    );
  }

  /** One page of GET /v2/flows/folders (each folder as a `PublicApiFlow`, as the spec has it). */
  async getFlowFoldersPage(query: ListFlowFoldersQuery, options: PageOptions = {}): Promise<GongPage<EngageFlow>> {
    return this.page(
      {
        method: 'GET',
        path: '/v2/flows/folders',
        endpoint: 'GET /v2/flows/folders',
        query: { flowFolderOwnerEmail: query.flowFolderOwnerEmail, parentId: query.parentId, workspaceId: query.workspaceId, cursor: options.cursor },
        schema: FlowsResponseSchema,
      },
      this.context(options),
      (data) => data.flows,
    );
  }

  /** POST /v2/flows/steps: the steps of up to 20 flows. */
  async getFlowSteps(flowIds: readonly string[], options: CallOptions = {}): Promise<EngageFlowWithSteps[]> {
    const context = this.context(options);
    const ids = validate(z.array(GongIdSchema).min(1).max(20), [...flowIds], 'flowIds');
    const data = await this.core.transport.send({ method: 'POST', path: '/v2/flows/steps', endpoint: 'POST /v2/flows/steps', body: { flowIds: ids }, schema: FlowStepsResponseSchema }, context);
    return data.flows;
  }

  /** POST /v2/flows/prospects: the open flows of CRM prospects, or given flow instances (any status). */
  async getProspectsFlows(by: { crmProspectsIds: readonly string[] } | { flowInstanceIds: readonly string[] }, options: CallOptions = {}): Promise<AssignedFlow[]> {
    const context = this.context(options);
    const body = 'crmProspectsIds' in by ? { crmProspectsIds: [...by.crmProspectsIds] } : { flowInstanceIds: [...by.flowInstanceIds] };
    const data = await this.core.transport.send({ method: 'POST', path: '/v2/flows/prospects', endpoint: 'POST /v2/flows/prospects', body, schema: ProspectsFlowsResponseSchema }, context);
    return data.prospectsAssigned;
  }

  /**
   * POST /v2/flows/prospects/assign (or /assign/cool-off-override): up to 100 prospects into one
   * flow, owned by `flowInstanceOwnerEmail`. A write: not re-sent on a 5xx or a dropped connection.
   */
  async assignProspectsToFlow(request: AssignFlowRequest, options: CallOptions & { coolOffOverrideEndpoint?: boolean } = {}): Promise<AssignFlowResult> {
    const context = this.context(options);
    validate(GongIdSchema, request.flowId, 'flowId');
    if (request.crmProspectsIds.length < 1 || request.crmProspectsIds.length > 100) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'crmProspectsIds: 1 to 100 prospects per assignment');
    }
    const path = options.coolOffOverrideEndpoint ? '/v2/flows/prospects/assign/cool-off-override' : '/v2/flows/prospects/assign';
    return this.core.transport.send({ method: 'POST', path, endpoint: `POST ${path}`, body: request, write: true, schema: AssignFlowResponseSchema }, context);
  }

  /** POST /v2/flows/prospects/bulk-assignments (up to 50 prospects; answered 202, processed asynchronously). */
  async submitBulkFlowAssignment(request: BulkFlowAssignmentRequest, options: CallOptions = {}): Promise<BulkAssignment> {
    const context = this.context(options);
    validate(GongIdSchema, request.flowId, 'flowId');
    const path = '/v2/flows/prospects/bulk-assignments';
    return this.core.transport.send({ method: 'POST', path, endpoint: `POST ${path}`, body: request, write: true, schema: BulkAssignmentResponseSchema }, context);
  }

  /** GET /v2/flows/prospects/bulk-assignments/{id}. */
  async getBulkFlowAssignment(id: string, options: CallOptions = {}): Promise<BulkAssignment> {
    const context = this.context(options);
    const safe = validate(z.string().regex(/^[\w-]{1,64}$/), id, 'bulk assignment id');
    return this.core.transport.send(
      { method: 'GET', path: `/v2/flows/prospects/bulk-assignments/${safe}`, endpoint: 'GET /v2/flows/prospects/bulk-assignments/{id}', schema: BulkAssignmentResponseSchema },
      context,
    );
  }

  /** POST /v2/flows/prospects/unassign-flows-by-crm-id or …-by-instance-id: the instance ids removed. */
  async unassignFlows(
    by: { crmProspectId: string; flowId?: string | undefined } | { flowInstanceIds: readonly string[] },
    unassignedByUserEmail: string | undefined,
    options: CallOptions = {},
  ): Promise<{ requestId?: string | undefined; unassignedFlowInstanceIds: string[] }> {
    const context = this.context(options);
    const byCrm = 'crmProspectId' in by;
    const path = byCrm ? '/v2/flows/prospects/unassign-flows-by-crm-id' : '/v2/flows/prospects/unassign-flows-by-instance-id';
    const body = {
      ...(byCrm ? { crmProspectId: by.crmProspectId, ...(by.flowId === undefined ? {} : { flowId: by.flowId }) } : { flowInstanceIds: [...by.flowInstanceIds] }),
      ...(unassignedByUserEmail === undefined ? {} : { unassignedByUserEmail }),
    };
    return this.core.transport.send({ method: 'POST', path, endpoint: `POST ${path}`, body, write: true, schema: UnassignFlowsResponseSchema }, context);
  }

  // ---- Engage tasks ------------------------------------------------------------------------------

  /** POST /v2/tasks: one user's tasks (not paginated). */
  async listTasks(filter: ListTasksFilter, options: CallOptions = {}): Promise<EngageTask[]> {
    const context = this.context(options);
    validate(GongIdSchema, filter.userId, 'filter.userId');
    const data = await this.core.transport.send({ method: 'POST', path: '/v2/tasks', endpoint: 'POST /v2/tasks', body: { filter }, schema: UserTasksResponseSchema }, context);
    return data.tasks;
  }

  /** PATCH /v2/tasks/{taskId}: status, due date or priority of one of `userId`'s tasks; the task as it is now. */
  async updateTask(taskId: string, update: UpdateTaskRequest, options: CallOptions = {}): Promise<{ requestId?: string | undefined; task: EngageTask | undefined }> {
    const context = this.context(options);
    const id = validate(GongIdSchema, taskId, 'taskId');
    validate(GongIdSchema, update.userId, 'userId');
    const data = await this.core.transport.send(
      { method: 'PATCH', path: `/v2/tasks/${id}`, endpoint: 'PATCH /v2/tasks/{taskId}', body: update, write: true, schema: UserTasksResponseSchema },
      context,
    );
    return { ...(data.requestId === undefined ? {} : { requestId: data.requestId }), task: data.tasks[0] };
  }

  // ---- generic CRM integration -------------------------------------------------------------------

  /** GET /v2/crm/integrations. */
  async listCrmIntegrations(options: CallOptions = {}): Promise<CrmIntegration[]> {
    const data = await this.core.transport.send(
      { method: 'GET', path: '/v2/crm/integrations', endpoint: 'GET /v2/crm/integrations', schema: CrmIntegrationsResponseSchema },
      this.context(options),
    );
    return data.integrations;
  }

  /** PUT /v2/crm/integrations: registers the (one) generic CRM integration; its id. */
  async registerCrmIntegration(request: { ownerEmail: string; name: string }, options: CallOptions = {}): Promise<string> {
    const data = await this.core.transport.send(
      { method: 'PUT', path: '/v2/crm/integrations', endpoint: 'PUT /v2/crm/integrations', body: request, write: true, schema: RegisterCrmResponseSchema },
      this.context(options),
    );
    return data.integrationId;
  }

  /** GET /v2/crm/entity-schema: the custom fields selected for an object type. */
  async getCrmEntitySchema(integrationId: string, objectType: string, options: CallOptions = {}): Promise<z.output<typeof CrmEntitySchemaResponseSchema>['objectTypeToSelectedFields']> {
    const context = this.context(options);
    validate(GongIdSchema, integrationId, 'integrationId');
    const data = await this.core.transport.send(
      { method: 'GET', path: '/v2/crm/entity-schema', endpoint: 'GET /v2/crm/entity-schema', query: { integrationId, objectType }, schema: CrmEntitySchemaResponseSchema },
      context,
    );
    return data.objectTypeToSelectedFields;
  }

  /**
   * POST /v2/crm/entities: one LDJSON file of one object type (multipart `dataFile`), processed
   * asynchronously by Gong; `clientRequestId` names it for GET /v2/crm/request-status (and Gong
   * refuses a second use with 409, which makes a re-send safe to detect).
   */
  async uploadCrmEntities(
    request: { integrationId: string; objectType: string; clientRequestId: string; ldjson: string },
    options: CallOptions = {},
  ): Promise<{ requestId?: string | undefined; clientRequestId?: string | undefined }> {
    const context = this.context(options);
    validate(GongIdSchema, request.integrationId, 'integrationId');
    const form = new FormData();
    form.append('dataFile', new Blob([request.ldjson], { type: 'application/x-ndjson' }), `${request.objectType.toLowerCase()}.ldjson`);
    return this.core.transport.send(
      {
        method: 'POST',
        path: '/v2/crm/entities',
        endpoint: 'POST /v2/crm/entities',
        query: { integrationId: request.integrationId, objectType: request.objectType, clientRequestId: request.clientRequestId },
        form,
        write: true,
        schema: AsyncProcessingResponseSchema,
      },
      context,
    );
  }

  /** GET /v2/crm/request-status: where an upload stands (PENDING, IN_PROGRESS, DONE, FAILED with line errors). */
  async getCrmRequestStatus(integrationId: string, clientRequestId: string, options: CallOptions = {}): Promise<CrmRequestStatus> {
    const context = this.context(options);
    validate(GongIdSchema, integrationId, 'integrationId');
    return this.core.transport.send(
      { method: 'GET', path: '/v2/crm/request-status', endpoint: 'GET /v2/crm/request-status', query: { integrationId, clientRequestId }, schema: CrmRequestStatusSchema },
      context,
    );
  }

  // ---- Gong AI (paid in Gong credits) ------------------------------------------------------------

  /** GET /v2/settings/briefs (BETA): the AI briefs configured in Gong (all workspaces when none is given). */
  async listBriefs(workspaceId?: GongId, options: CallOptions = {}): Promise<BriefSetting[]> {
    const context = this.context(options);
    if (workspaceId !== undefined) validate(GongIdSchema, workspaceId, 'workspaceId');
    const data = await this.core.transport.send(
      { method: 'GET', path: '/v2/settings/briefs', endpoint: 'GET /v2/settings/briefs', query: { workspaceId }, schema: BriefsResponseSchema },
      context,
    );
    return data.briefs ?? [];
  }

  /** GET /v2/entities/get-brief: a brief (configured in Gong) of a CRM entity over a period; consumes Gong credits. */
  async generateBrief(query: GenerateBriefQuery, options: CallOptions = {}): Promise<GenerateBriefResponse> {
    const context = this.context(options);
    const q = aiEntityQuery(query);
    if (query.briefName.trim() === '') throw new AppError(ErrorCode.VALIDATION_FAILED, 'briefName must not be empty', { details: [{ path: 'briefName', message: 'required' }] });
    return this.core.transport.send(
      { method: 'GET', path: '/v2/entities/get-brief', endpoint: 'GET /v2/entities/get-brief', query: { ...q, briefName: query.briefName }, schema: GenerateBriefResponseSchema },
      context,
    );
  }

  /** GET /v2/entities/ask-entity: Gong's answer to a question about a CRM entity (at most 60 calls, 500 emails); consumes Gong credits. */
  async askEntity(query: AskEntityQuery, options: CallOptions = {}): Promise<AskEntityResponse> {
    const context = this.context(options);
    const q = aiEntityQuery(query);
    if (query.question.trim() === '') throw new AppError(ErrorCode.VALIDATION_FAILED, 'question must not be empty', { details: [{ path: 'question', message: 'required' }] });
    return this.core.transport.send(
      { method: 'GET', path: '/v2/entities/ask-entity', endpoint: 'GET /v2/entities/ask-entity', query: { ...q, question: query.question }, schema: AskEntityResponseSchema },
      context,
    );
  }

  // ---- internals --------------------------------------------------------------------------------

  private context(options: CallOptions): ExchangeContext {
    const priority = options.priority ?? this.priority;
    if (priority === undefined || !isGongPriority(priority)) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        'Every Gong request needs a priority: pass { priority } or use client.withPriority(...)',
        { details: [{ path: 'priority', message: 'expected interactive, post-call, sync or backfill' }] },
      );
    }
    return {
      priority,
      ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
  }

  /** A POST stats list request: Gong's 404 for "nothing in that range" becomes an empty page. */
  private async statsPage<S extends z.ZodType<{ requestId?: string; records: Records }>, T>(
    path: string,
    body: { filter: { userIds?: readonly string[]; reviewedUserIds?: readonly string[] } } & Record<string, unknown>,
    schema: S,
    items: (data: z.output<S>) => T[],
    options: PageOptions,
  ): Promise<GongPage<T>> {
    const context = this.context(options);
    validateIds(body.filter.userIds, 'filter.userIds');
    validateIds(body.filter.reviewedUserIds, 'filter.reviewedUserIds');
    const endpoint = `POST ${path}`;
    return this.orNothing(() =>
      this.page({ method: 'POST', path, endpoint, body: { ...(options.cursor === undefined ? {} : { cursor: options.cursor }), ...body }, schema }, context, items),
    ).then((page) => page ?? emptyPage<T>());
  }

  /** Runs a request whose 404 means "none" (Gong words it differently per endpoint): undefined then. */
  private async orNothing<T>(send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      if (GongError.isKind(error, 'no-results') || GongError.isKind(error, 'not-found')) return undefined;
      throw error;
    }
  }

  /** Sends a list request; Gong's "no results" 404 becomes an empty page. */
  private async page<S extends z.ZodType<{ requestId?: string; records: Records }>, T>(
    request: TransportRequest<S>,
    context: ExchangeContext,
    items: (data: z.output<S>) => T[],
  ): Promise<GongPage<T>> {
    try {
      const data = await this.core.transport.send(request, context);
      return {
        records: data.records,
        items: items(data),
        ...(data.requestId === undefined ? {} : { requestId: data.requestId }),
      };
    } catch (error) {
      if (GongError.isKind(error, 'no-results')) {
        return { ...emptyPage<T>(), ...(error.requestId === undefined ? {} : { requestId: error.requestId }) };
      }
      throw error;
    }
  }

  /** Validated, de-duplicated call ids in batches of the configured size. */
  private batches(callIds: readonly GongId[], options: BatchOptions): GongId[][] {
    this.context(options); // fail fast without a priority
    const size = options.batchSize ?? this.core.batchSize;
    if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, `batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`, {
        details: [{ path: 'batchSize', message: `got ${String(size)}` }],
      });
    }
    const ids = [...new Set(validate(IdListSchema, [...callIds], 'callIds'))];
    const out: GongId[][] = [];
    for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
    return out;
  }
}

function withCursor(options: CallOptions, cursor: string | undefined): PageOptions {
  return cursor === undefined ? options : { ...options, cursor };
}

function validateIds(ids: readonly string[] | undefined, where: string): void {
  if (ids !== undefined) validate(IdListSchema, [...ids], where);
}

function buildCore(options: GongClientOptions): SharedCore {
  const problems: { path: string; message: string }[] = [];
  const baseUrl = (options.baseUrl ?? DEFAULT_GONG_BASE_URL).replace(/\/+$/, '');
  if (!isHttpUrl(baseUrl)) problems.push({ path: 'baseUrl', message: 'expected an http(s) URL' });
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) problems.push({ path: 'timeoutMs', message: 'expected a positive number' });
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    problems.push({ path: 'retry.maxAttempts', message: 'expected an integer of at least 1' });
  }
  if (!(retry.baseDelayMs >= 0) || !(retry.maxDelayMs >= 0)) {
    problems.push({ path: 'retry', message: 'delays must not be negative' });
  }
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    problems.push({ path: 'batchSize', message: `expected an integer from 1 to ${MAX_BATCH_SIZE}` });
  }
  if (options.auth.kind === 'oauth' && options.auth.oauthBaseUrl !== undefined && !isHttpUrl(options.auth.oauthBaseUrl)) {
    problems.push({ path: 'auth.oauthBaseUrl', message: 'expected an http(s) URL' });
  }
  if (problems.length > 0) {
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      `Invalid Gong client options: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { details: problems },
    );
  }
  const clock = options.clock ?? systemClock;
  const fetcher = new PermittedFetcher({
    permits: options.permits,
    fetch: options.fetch ?? globalThis.fetch,
    clock,
    timeoutMs,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.aroundRequest === undefined ? {} : { aroundRequest: options.aroundRequest }),
  });
  const auth: GongAuth =
    options.auth.kind === 'basic'
      ? new BasicAuth(options.auth, baseUrl)
      : new OAuthAuth(options.auth, baseUrl, fetcher, clock);
  const transport = new GongTransport({
    auth,
    fetcher,
    clock,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    retry,
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });
  return new SharedCore(transport, batchSize);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** The shared query of the AI entity endpoints, checked as the spec states it (CUSTOM_RANGE needs fromDateTime). */
function aiEntityQuery(query: AiEntityQuery): Record<string, string | undefined> {
  validate(GongIdSchema, query.workspaceId, 'workspaceId');
  const problems: { path: string; message: string }[] = [];
  if (!(CRM_ENTITY_TYPES as readonly string[]).includes(query.crmEntityType)) problems.push({ path: 'crmEntityType', message: `expected one of ${CRM_ENTITY_TYPES.join(', ')}` });
  if (!(AI_TIME_PERIODS as readonly string[]).includes(query.timePeriod)) problems.push({ path: 'timePeriod', message: `expected one of ${AI_TIME_PERIODS.join(', ')}` });
  if (query.crmEntityId.trim() === '') problems.push({ path: 'crmEntityId', message: 'required' });
  if (query.timePeriod === 'CUSTOM_RANGE' && query.fromDateTime === undefined) problems.push({ path: 'fromDateTime', message: 'required when timePeriod is CUSTOM_RANGE' });
  if (problems.length > 0) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, `Invalid AI entity query: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { details: problems });
  }
  const custom = query.timePeriod === 'CUSTOM_RANGE';
  return {
    workspaceId: query.workspaceId,
    crmEntityType: query.crmEntityType,
    crmEntityId: query.crmEntityId,
    timePeriod: query.timePeriod,
    fromDateTime: custom ? query.fromDateTime : undefined,
    toDateTime: custom ? query.toDateTime : undefined,
  };
}
