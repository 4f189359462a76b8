import { denyAllAccessFilter, type AccessFilter, type CallFacts } from '@gong-connector/access-core';
import { chunkCall, type Chunk, type ChunkInput, type ChunkInputParty, type ChunkInputTracker } from '@gong-connector/chunking';

/**
 * A small synthetic company for the search index contract: two workspaces, a manager and two
 * reps, another rep, an admin, private calls, an API grant, a call without workspace or host, and a
 * call with a 20-digit id. Transcripts go through the real chunker.
 */
export interface ContractCompany {
  calls: ChunkInput[];
  chunks: Chunk[];
  facts: CallFacts[];
  /** Access filters of the company's users, as access-core would build them. */
  users: Record<'rita' | 'ravi' | 'mona' | 'otto' | 'ada' | 'nobody', AccessFilter>;
  /** A call id of 20 digits (beyond 2^64 even). */
  longCallId: string;
}

export const LONG_CALL_ID = '98765432109876543210';

const INTERNAL: Record<string, ChunkInputParty> = {
  rita: { id: 'p10', speakerId: 's10', userId: '10', emailAddress: 'Rita@Acme.example', name: 'Rita Rep', title: 'Account Executive', affiliation: 'Internal' },
  ravi: { id: 'p11', speakerId: 's11', userId: '11', emailAddress: 'ravi@acme.example', name: 'Ravi Rep', title: 'Account Executive', affiliation: 'Internal' },
  mona: { id: 'p20', speakerId: 's20', userId: '20', emailAddress: 'mona@acme.example', name: 'Mona Manager', title: 'Sales Manager', affiliation: 'Internal' },
  otto: { id: 'p30', speakerId: 's30', userId: '30', emailAddress: 'otto@acme.example', name: 'Otto Other', title: 'SDR', affiliation: 'Internal' },
};
const EXTERNAL: Record<string, ChunkInputParty> = {
  jane: { id: 'p90', speakerId: 's90', emailAddress: 'jane@initech.example', name: 'Jane Smith', title: 'VP Engineering', affiliation: 'External' },
  bob: { id: 'p91', speakerId: 's91', emailAddress: 'bob@globex.example', name: 'Bob Buyer', title: 'Procurement Lead', affiliation: 'External' },
  carla: { id: 'p92', speakerId: 's92', emailAddress: 'carla@umbrella.example', name: 'Carla Diaz', title: 'CTO', affiliation: 'External' },
};
const ACCOUNTS = {
  initech: { id: '0011Q00000Initech', name: 'Initech' },
  globex: { id: '0011Q00000Globex', name: 'Globex' },
  umbrella: { id: '0011Q00000Umbrella', name: 'Umbrella' },
};
const TRACKERS: ChunkInputTracker[] = [
  { id: '7001', name: 'Discounting', type: 'KEYWORD', phrases: [{ phrase: 'discount' }] },
  { id: '7002', name: 'Competition', type: 'KEYWORD', phrases: [{ phrase: 'Contoso' }] },
];

interface CallSpec {
  id: string;
  title: string;
  started: string;
  workspaceId: string | null;
  host: string | null;
  parties: ChunkInputParty[];
  isPrivate?: boolean;
  accounts: { id: string; name: string }[];
  /** [speaker party key or null (unknown speaker), topic, sentences] */
  monologues: [string | null, string | null, string[]][];
}

const SPECS: CallSpec[] = [
  {
    id: '1001', title: 'Initech pricing review', started: '2024-01-10T15:00:00Z', workspaceId: '1', host: '10',
    parties: [INTERNAL.rita, EXTERNAL.jane], accounts: [ACCOUNTS.initech],
    monologues: [
      ['rita', 'Pricing', ['Thanks for joining, Jane.', 'Today we walk through pricing for the enterprise tier.']],
      ['jane', 'Pricing', ['Our budget is tight this year.', 'We would need a discount of at least fifteen percent.']],
      ['rita', 'Pricing', ['I can offer a multi-year discount if you sign this quarter.']],
      ['jane', 'Next steps', ['Send the proposal and I will review it with finance.']],
    ],
  },
  {
    id: '1002', title: 'Globex security review', started: '2024-02-15T10:00:00Z', workspaceId: '1', host: '11',
    parties: [INTERNAL.ravi, INTERNAL.rita, EXTERNAL.bob], accounts: [ACCOUNTS.globex],
    monologues: [
      ['ravi', 'Security', ['We are SOC 2 Type II certified and support single sign-on.']],
      ['bob', 'Security', ['Our security team wants the penetration test report.', 'Also, what about data residency in Europe?']],
      ['rita', 'Security', ['Data stays in Frankfurt for European customers.']],
      ['bob', 'Pricing', ['Once security signs off we can talk pricing.']],
    ],
  },
  {
    id: '1003', title: 'Initech renewal (confidential)', started: '2024-03-01T09:00:00Z', workspaceId: '1', host: '10', isPrivate: true,
    parties: [INTERNAL.rita, EXTERNAL.jane], accounts: [ACCOUNTS.initech],
    monologues: [
      ['jane', 'Renewal', ['The renewal depends on the reorganisation, keep this confidential.']],
      ['rita', 'Renewal', ['Understood, I will keep the renewal terms between us.']],
    ],
  },
  {
    id: '1004', title: 'Umbrella competitive evaluation', started: '2024-03-20T14:00:00Z', workspaceId: '1', host: '30',
    parties: [INTERNAL.otto, EXTERNAL.carla], accounts: [ACCOUNTS.umbrella],
    monologues: [
      ['carla', 'Competition', ['We are also evaluating Contoso for the migration.', 'Their pricing is lower but the product is weaker.']],
      ['otto', 'Competition', ['Contoso lacks the integration with your data warehouse.']],
      [null, null, ['Sorry, I joined late, can you repeat the migration timeline?']],
    ],
  },
  {
    id: '1005', title: 'Globex onboarding plan', started: '2024-04-02T16:00:00Z', workspaceId: '2', host: '30',
    parties: [INTERNAL.otto, EXTERNAL.bob], accounts: [ACCOUNTS.globex],
    monologues: [
      ['otto', 'Onboarding', ['The onboarding timeline is six weeks.', 'Training sessions start in week two.']],
      ['bob', 'Onboarding', ['Six weeks works if pricing is final by then.']],
    ],
  },
  {
    id: '1006', title: 'Initech expansion', started: '2024-04-15T13:00:00Z', workspaceId: '1', host: '20',
    parties: [INTERNAL.mona, INTERNAL.ravi, EXTERNAL.jane], accounts: [ACCOUNTS.initech, ACCOUNTS.globex],
    monologues: [
      ['mona', 'Expansion', ['We propose expanding to two hundred seats.', 'The volume discount applies above one hundred seats.']],
      ['jane', 'Expansion', ['Two hundred seats is realistic for the enterprise tier.']],
      ['ravi', 'Next steps', ['I will draft the expansion order form.']],
    ],
  },
  {
    id: '1007', title: 'Umbrella integration workshop', started: '2024-05-01T11:00:00Z', workspaceId: '2', host: '11',
    parties: [INTERNAL.ravi, EXTERNAL.carla], accounts: [ACCOUNTS.umbrella],
    monologues: [
      ['ravi', 'Integration', ['The Salesforce integration syncs every five minutes.']],
      ['carla', 'Integration', ['Can the integration write back to custom objects?']],
    ],
  },
  {
    id: LONG_CALL_ID, title: 'Globex procurement sync', started: '2024-05-20T08:30:00Z', workspaceId: '1', host: '10',
    parties: [INTERNAL.rita, EXTERNAL.bob], accounts: [ACCOUNTS.globex],
    monologues: [
      ['bob', 'Procurement', ['Procurement needs the invoice schedule.', 'Net sixty payment terms are standard for us.']],
      ['rita', 'Procurement', ['Net sixty is fine, and pricing stays fixed for three years.']],
    ],
  },
  {
    id: '1009', title: 'Initech legal redlines', started: '2024-06-03T12:00:00Z', workspaceId: null, host: null,
    parties: [EXTERNAL.jane], accounts: [ACCOUNTS.initech],
    monologues: [['jane', 'Legal', ['Legal sent redlines on the limitation of liability clause.']]],
  },
  {
    id: '1010', title: 'Pipeline review', started: '2024-06-10T17:00:00Z', workspaceId: '1', host: '30', isPrivate: true,
    parties: [INTERNAL.otto, INTERNAL.ravi], accounts: [],
    monologues: [
      ['otto', null, ['Compensation plan changes land next quarter.']],
      ['ravi', null, ['The commission accelerator matters more than the base.']],
    ],
  },
];

export function buildContractCompany(): ContractCompany {
  const calls = SPECS.map(toInput);
  const chunks = calls.flatMap((c) => chunkCall(c));
  const facts = calls.map(({ call }) => ({
    callId: call.id,
    workspaceId: call.workspaceId ?? null,
    hostUserId: call.primaryUserId ?? null,
    participantUserIds: call.parties.filter((p) => p.affiliation === 'Internal' && p.userId).map((p) => p.userId as string),
    isPrivate: call.isPrivate,
  }));
  const base = { version: 1 as const, allWorkspaceIds: [], hostUserIdsByWorkspace: [], grantedCallIds: [], privateCalls: 'owner-and-participants-only' as const };
  return {
    calls,
    chunks,
    facts,
    longCallId: LONG_CALL_ID,
    users: {
      rita: { ...base, userId: '10', ownUserId: '10' },
      ravi: { ...base, userId: '11', ownUserId: '11', grantedCallIds: ['1004'] },
      mona: { ...base, userId: '20', ownUserId: '20', hostUserIdsByWorkspace: [{ workspaceId: '1', hostUserIds: ['10', '11'] }] },
      otto: { ...base, userId: '30', ownUserId: '30', grantedCallIds: ['1003', '1009'] },
      ada: { ...base, userId: '40', ownUserId: '40', allWorkspaceIds: ['1', '2'] },
      nobody: denyAllAccessFilter('50'),
    },
  };
}

/** A call of the contract's own, for tests that write: workspace 9, host 990, with `n` monologues. */
export function scratchCall(id: string, n: number, topic = 'Scratch', word = 'scratchpad'): ChunkInput {
  return toInput({
    id, title: `Scratch call ${id}`, started: '2024-07-01T10:00:00Z', workspaceId: '9', host: '990',
    parties: [{ ...INTERNAL.rita, userId: '990' }, EXTERNAL.jane], accounts: [ACCOUNTS.initech],
    monologues: Array.from({ length: n }, (_, i): [string, string, string[]] => [
      i % 2 === 0 ? 'rita' : 'jane', topic, [`Monologue ${i} of call ${id} mentions the ${word} item ${i}.`],
    ]),
  });
}

/** The access filter that sees the scratch calls (workspace 9). */
export const SCRATCH_VIEWER: AccessFilter = {
  version: 1, userId: '991', ownUserId: '991', allWorkspaceIds: ['9'], hostUserIdsByWorkspace: [], grantedCallIds: [], privateCalls: 'owner-and-participants-only',
};

function toInput(spec: CallSpec): ChunkInput {
  const partyOf = (key: string | null) => (key === null ? null : (INTERNAL[key] ?? EXTERNAL[key]));
  let at = 0;
  return {
    call: {
      id: spec.id, title: spec.title, started: spec.started, duration: 1800, workspaceId: spec.workspaceId,
      primaryUserId: spec.host, isPrivate: spec.isPrivate ?? false, parties: spec.parties, accounts: spec.accounts,
      opportunities: [], trackers: TRACKERS, topics: [],
    },
    monologues: spec.monologues.map(([speaker, topic, texts]) => ({
      speakerId: speaker === null ? 's-unknown' : (spec.parties.find((p) => p.id === partyOf(speaker)?.id)?.speakerId ?? partyOf(speaker)?.speakerId),
      topic,
      sentences: texts.map((text) => ({ start: (at += 4000) - 4000, end: at, text })),
    })),
  };
}
