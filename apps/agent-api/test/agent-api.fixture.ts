import { chunkCall } from '@gong-connector/chunking';
import type { Clock } from '@gong-connector/contracts';
import {
  AccessRepository,
  CallWriteRepository,
  DirectoryRepository,
  type CallRecord,
  type PartyRecord,
  type TranscriptRecord,
  type UserRecord,
} from '@gong-connector/persistence';
import { createLogger, loadConfig, bootstrapService, type ServiceHandle } from '@gong-connector/platform';
import { ChunkInputMapper } from '@gong-connector/replica';
import { PostgresSearchIndex } from '@gong-connector/search';
import { LogCapture, PrivateNatsServer, testDatabase, testServices, type TestDatabase } from '@gong-connector/testing';
import { AgentApiModule, type AgentApiModuleOptions } from '../src/agent-api.module.js';
import { AgentApiConfigSchema, type AgentApiConfig } from '../src/config.js';

/** A small company: one workspace; a manager who sees all calls, two reps who see their own. */
export const WORKSPACE = '5000000000000000001';
export const USERS = {
  manager: { id: '1000000000000000001', email: 'maria.manager@ourco.example', firstName: 'Maria', lastName: 'Manager' },
  alice: { id: '1000000000000000002', email: 'alice.rep@ourco.example', firstName: 'Alice', lastName: 'Rep' },
  bob: { id: '1000000000000000003', email: 'bob.rep@ourco.example', firstName: 'Bob', lastName: 'Rep' },
} as const;
export const ACME = 'crm:salesforce:001ACME';
export const GLOBEX = 'crm:salesforce:001GLOBEX';
export const CALLS = {
  aliceAcme: '7000000000000000001',
  bobAcme: '7000000000000000002',
  bobGlobex: '7000000000000000003',
} as const;

const user = (u: (typeof USERS)[keyof typeof USERS], managerId: string | null): UserRecord => ({
  id: u.id,
  email: u.email,
  firstName: u.firstName,
  lastName: u.lastName,
  title: 'Account Executive',
  managerId,
  active: true,
  phoneNumber: null,
  created: null,
  emailAliases: [],
});

const party = (speakerId: string, p: Partial<PartyRecord>): PartyRecord => ({
  partyId: `p${speakerId}`,
  speakerId,
  userId: null,
  email: null,
  name: null,
  title: null,
  affiliation: 'External',
  phoneNumber: null,
  methods: [],
  context: [],
  ...p,
});

export function makeCall(id: string, host: (typeof USERS)[keyof typeof USERS], account: { id: string; name: string; domain: string }, started: string, title: string): CallRecord {
  return {
    id,
    workspaceId: WORKSPACE,
    url: null,
    title,
    scheduled: null,
    started,
    durationS: 1800,
    primaryUserId: host.id,
    direction: 'Conference',
    system: 'Zoom',
    scope: 'External',
    media: 'Video',
    language: 'eng',
    purpose: null,
    meetingUrl: null,
    calendarEventId: null,
    clientUniqueId: null,
    customData: null,
    sdrDisposition: null,
    isPrivate: false,
    brief: null,
    keyPoints: [],
    highlights: [],
    outline: [],
    structure: [],
    callOutcome: null,
    interaction: null,
    parties: [
      party('1', { userId: host.id, email: host.email, name: `${host.firstName} ${host.lastName}`, title: 'Account Executive', affiliation: 'Internal' }),
      party('2', { email: `cto@${account.domain}`, name: `CTO of ${account.name}`, title: 'CTO', affiliation: 'External' }),
    ],
    context: [{ system: 'Salesforce', objectType: 'Account', objectId: account.id.split(':')[2]!, name: account.name, timing: 'Now', fields: [] }],
    accounts: [
      {
        account: { id: account.id, name: account.name, domain: account.domain, system: 'Salesforce', crmObjectId: account.id.split(':')[2]!, fields: {} },
        source: 'crm',
      },
    ],
    topics: [{ name: 'Pricing', durationS: 300 }],
    trackers: [{ trackerId: '9000000000000000001', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [], phrases: [] }],
  };
}

export function makeTranscript(callId: string, secretWord: string): TranscriptRecord {
  return {
    callId,
    fetchedAt: '2026-01-10T00:00:00.000Z',
    monologues: [
      { speakerId: '1', topic: 'Pricing', sentences: [{ start: 0, end: 4000, text: `Thanks for joining, let us talk about pricing for ${secretWord}.` }] },
      { speakerId: '2', topic: 'Pricing', sentences: [{ start: 4000, end: 9000, text: `Our budget for ${secretWord} is tight and the security review matters.` }] },
      { speakerId: '1', topic: null, sentences: [{ start: 9000, end: 12000, text: 'Understood, I will send a proposal next week.' }] },
    ],
  };
}

export const acme = { id: ACME, name: 'Acme Corp', domain: 'acme.example' };
export const globex = { id: GLOBEX, name: 'Globex', domain: 'globex.example' };

/**
 * A permission profile as Gong's `/v2/all-permission-profiles` sends it (PermissionProfileDTO):
 * `all` for managers (every domain `all`, every boolean on), `own` for reps (every domain `own`,
 * the booleans a rep's profile has on, team stats off).
 */
export function profileDto(level: 'all' | 'own'): Record<string, unknown> {
  const grant = { permissionLevel: level, teamLeadIds: null };
  const rep = level === 'own';
  return {
    callsAccess: grant,
    insightsAccess: grant,
    coachingAccess: grant,
    usageAccess: grant,
    dealsAccess: grant,
    emailsAccess: grant,
    forecastPermissions: { forecastAccess: grant },
    libraryFolderAccess: { permissionLevel: 'all' },
    callsAndSearch: true,
    account: true,
    library: true,
    coaching: true,
    usage: !rep,
    deals: true,
    activity: true,
    teamStats: !rep,
    forecast: !rep,
    scoreCalls: !rep,
  };
}

/** Users, profiles, three calls with transcripts, chunked and indexed. */
export async function seedCompany(db: TestDatabase): Promise<void> {
  const directory = new DirectoryRepository(db.database);
  await directory.upsertWorkspaces([{ id: WORKSPACE, name: 'Sales', description: null }]);
  await directory.upsertUsers([user(USERS.manager, null), user(USERS.alice, USERS.manager.id), user(USERS.bob, USERS.manager.id)]);
  await new AccessRepository(db.database).replaceAllProfiles(
    [
      { id: '6000000000000000001', workspaceId: WORKSPACE, name: 'Managers', callsLevel: 'all', teamLeadIds: [], raw: profileDto('all'), userIds: [USERS.manager.id] },
      { id: '6000000000000000002', workspaceId: WORKSPACE, name: 'Reps', callsLevel: 'own', teamLeadIds: [], raw: profileDto('own'), userIds: [USERS.alice.id, USERS.bob.id] },
    ],
    new Date(),
  );
  const calls = [
    makeCall(CALLS.aliceAcme, USERS.alice, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery'),
    makeCall(CALLS.bobAcme, USERS.bob, acme, '2026-01-08T15:00:00.000Z', 'Acme negotiation'),
    makeCall(CALLS.bobGlobex, USERS.bob, globex, '2026-01-09T15:00:00.000Z', 'Globex intro'),
  ];
  const transcripts = [makeTranscript(CALLS.aliceAcme, 'rockets'), makeTranscript(CALLS.bobAcme, 'anvils'), makeTranscript(CALLS.bobGlobex, 'turbines')];
  await indexCalls(db, calls, transcripts);
}

export async function indexCalls(db: TestDatabase, calls: CallRecord[], transcripts: TranscriptRecord[]): Promise<void> {
  const repo = new CallWriteRepository(db.database);
  await repo.upsertCalls(calls, 'test');
  await repo.upsertTranscripts(transcripts);
  const index = new PostgresSearchIndex({ database: db.database });
  for (const call of calls) {
    await index.replaceCallChunks(call.id, chunkCall(ChunkInputMapper.toChunkInput(call, transcripts.find((t) => t.callId === call.id))));
  }
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface AgentApiTestApp {
  db: TestDatabase;
  service: ServiceHandle;
  logs: LogCapture;
  config: AgentApiConfig;
  /** The NATS server the app uses: the test's own (PrivateNatsServer). */
  natsUrl: string;
  /** Creates a token through the admin API and returns its secret. */
  token(body: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the agent API on port 0 over a fresh schema seeded with the small company above (or by
 * `seed`), access filters computed from the replica, on a NATS server of the test's own: the one
 * at `natsUrl` when given (a test that listens before the app starts), else one started here.
 */
export async function startAgentApi(
  env: Record<string, string> = {},
  options: AgentApiModuleOptions & { clock?: Clock; seed?: (db: TestDatabase) => Promise<void>; natsUrl?: string } = {},
): Promise<AgentApiTestApp> {
  const { seed = seedCompany, natsUrl: givenNatsUrl, ...moduleOptions } = options;
  const ownNats = givenNatsUrl === undefined ? await PrivateNatsServer.start() : undefined;
  const natsUrl = givenNatsUrl ?? ownNats!.url;
  const db = await testDatabase();
  await seed(db);
  const { databaseUrl } = testServices();
  const logs = new LogCapture();
  const config = loadConfig(AgentApiConfigSchema, {
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: db.schema,
    AGENT_API_ADMIN_TOKEN: ADMIN_TOKEN,
    AGENT_API_ACCESS_SOURCE: 'replica',
    AGENT_API_WEBHOOK_POLL_MS: '200',
    AGENT_API_LIVE_FALLBACK: 'false',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logger = createLogger({ name: 'agent-api', level: 'debug', destination: logs });
  const service = await bootstrapService(AgentApiModule.forRoot(config, { logger, liveCallSource: null, ...moduleOptions }), {
    port: 0,
    host: '127.0.0.1',
    handleSignals: false,
  });
  return {
    db,
    service,
    logs,
    config,
    natsUrl,
    token: async (body) => {
      const res = await fetch(`${service.url}/admin/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`token create failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    close: async () => {
      await service.shutdown();
      await db.close();
      await ownNats?.stop();
    },
  };
}

/**
 * A second agent-api instance beside `app`: the same configuration, database schema and NATS, its
 * own process state (as another replica behind the same Service). Closed with `shutdown()`.
 */
export async function startReplica(app: AgentApiTestApp, options: AgentApiModuleOptions = {}): Promise<ServiceHandle & { logs: LogCapture }> {
  const logs = new LogCapture();
  const logger = createLogger({ name: 'agent-api-replica', level: 'debug', destination: logs });
  const service = await bootstrapService(AgentApiModule.forRoot(app.config, { logger, liveCallSource: null, ...options }), {
    port: 0,
    host: '127.0.0.1',
    handleSignals: false,
  });
  return Object.assign(service, { logs });
}
