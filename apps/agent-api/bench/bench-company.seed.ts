// The synthetic company the agent-api benches (api, auth) measure against: one workspace, managers
// who see all calls and reps who see their own, CRM accounts, and calls with a transcript each,
// stored as ingest stores them and indexed as the transcript-processor indexes them. Deterministic
// for a spec: two runs of a bench see the same company.
import { chunkCall } from '@gong-connector/chunking';
import { AccessRepository, CallWriteRepository, DirectoryRepository, type Database, type UserRecord } from '@gong-connector/persistence';
import { ChunkInputMapper } from '@gong-connector/replica';
import { PostgresSearchIndex } from '@gong-connector/search';
import { makeCall, makeTranscript, profileDto, WORKSPACE } from '../test/agent-api.fixture.js';

export interface BenchAccount {
  id: string;
  name: string;
  domain: string;
}

export interface BenchCompanySpec {
  /** The bench's own schema of `db` (ANALYZE reads only its tables). */
  schema: string;
  calls: number;
  users: number;
  /** The first `managers` users manage the others (round robin) and may see every call. */
  managers: number;
  accounts: number;
  /** Id ranges, so two benches' companies never share an id. */
  userIdBase: bigint;
  callIdBase: bigint;
  profileIdBase: bigint;
  emailPrefix: string;
  /** Account i is `crm:salesforce:<accountIdPrefix><i, 6 digits>`, domain `<domainPrefix><i>.example`. */
  accountIdPrefix: string;
  domainPrefix: string;
  /** Call i starts this many minutes after call i - 1 (from 2025-01-01). */
  minutesApart: number;
  /** Picks call i's account: rand(accounts, i + accountSalt). */
  accountSalt: number;
  /** Call i's transcript is about words[i % words.length]. */
  words: readonly string[];
  title: (account: BenchAccount, i: number) => string;
  /** VACUUM (ANALYZE) instead of ANALYZE after the load. */
  vacuum?: boolean;
}

export interface BenchCompany {
  users: UserRecord[];
  accounts: BenchAccount[];
  /** The accounts of each rep's calls. */
  accountsByUser: Map<string, Set<string>>;
  chunks: number;
}

const BATCH = 500;

/** A deterministic pseudo-random integer in [0, n) for a seed. */
export const rand = (n: number, seed: number): number =>
  Math.floor((Math.sin(seed * 9301 + 49297) * 233280 - Math.floor(Math.sin(seed * 9301 + 49297) * 233280)) * n);

export async function seedBenchCompany(db: Database, spec: BenchCompanySpec): Promise<BenchCompany> {
  const { managers } = spec;
  const userId = (i: number) => String(spec.userIdBase + BigInt(i));
  const users: UserRecord[] = Array.from({ length: spec.users }, (_, i) => ({
    id: userId(i),
    email: `${spec.emailPrefix}${i}@ourco.example`,
    firstName: `User${i}`,
    lastName: 'Bench',
    title: i < managers ? 'Sales Manager' : 'Account Executive',
    managerId: i < managers ? null : userId(i % managers),
    active: true,
    phoneNumber: null,
    created: null,
    emailAliases: [],
  }));
  const directory = new DirectoryRepository(db);
  await directory.upsertWorkspaces([{ id: WORKSPACE, name: 'Sales', description: null }]);
  await directory.upsertUsers(users);
  await new AccessRepository(db).replaceAllProfiles(
    [
      { id: String(spec.profileIdBase + 1n), workspaceId: WORKSPACE, name: 'Managers', callsLevel: 'all', teamLeadIds: [], raw: profileDto('all'), userIds: users.slice(0, managers).map((u) => u.id) },
      { id: String(spec.profileIdBase + 2n), workspaceId: WORKSPACE, name: 'Reps', callsLevel: 'own', teamLeadIds: [], raw: profileDto('own'), userIds: users.slice(managers).map((u) => u.id) },
    ],
    new Date(),
  );
  const accounts: BenchAccount[] = Array.from({ length: spec.accounts }, (_, i) => ({
    id: `crm:salesforce:${spec.accountIdPrefix}${String(i).padStart(6, '0')}`,
    name: `Account ${i}`,
    domain: `${spec.domainPrefix}${i}.example`,
  }));
  const writes = new CallWriteRepository(db);
  const index = new PostgresSearchIndex({ database: db });
  const accountsByUser = new Map<string, Set<string>>();
  let chunks = 0;
  for (let start = 0; start < spec.calls; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, spec.calls - start) }, (_, k) => {
      const i = start + k;
      const host = users[managers + rand(spec.users - managers, i)]!;
      const account = accounts[rand(spec.accounts, i + spec.accountSalt)]!;
      (accountsByUser.get(host.id) ?? accountsByUser.set(host.id, new Set()).get(host.id)!).add(account.id);
      const id = String(spec.callIdBase + BigInt(i));
      const started = new Date(Date.UTC(2025, 0, 1) + i * spec.minutesApart * 60_000).toISOString();
      const h = { id: host.id, email: host.email!, firstName: host.firstName!, lastName: host.lastName! } as const;
      return { call: makeCall(id, h as never, account, started, spec.title(account, i)), transcript: makeTranscript(id, spec.words[i % spec.words.length]!) };
    });
    await writes.upsertCalls(batch.map((b) => b.call), 'bench');
    await writes.upsertTranscripts(batch.map((b) => b.transcript));
    const batchChunks = batch.flatMap((b) => chunkCall(ChunkInputMapper.toChunkInput(b.call, b.transcript)));
    chunks += batchChunks.length;
    await index.upsertChunks(batchChunks);
  }
  // Only the bench's own schema (a bare ANALYZE or VACUUM would walk every schema of the shared database).
  const tables = ((await db.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [spec.schema])) as { tablename: string }[])
    .map((t) => `"${spec.schema}"."${t.tablename}"`)
    .join(', ');
  await db.query(`${spec.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${tables}`);
  return { users, accounts, accountsByUser, chunks };
}
