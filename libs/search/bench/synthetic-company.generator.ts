import type { AccessFilter } from '@gong-connector/access-core';
import type { ChunkInput, ChunkInputMonologue, ChunkInputParty, ChunkInputTracker } from '@gong-connector/chunking';
import { SeededRandom } from './seeded.random.js';

/**
 * A deterministic synthetic sales org and its calls, for the search benchmark: a VP, managers
 * with teams of reps in two workspaces, customer accounts with contacts, and calls of 30–60
 * monologues of sales-call talk (discovery, demo, security, pricing, competition, next steps),
 * keyword trackers matched by phrase, ~8% private calls. Some calls carry planted phrases: a
 * labelled query set for recall (`PlantedQuery`), with distractor chunks that hold the same words
 * apart.
 */
export interface SyntheticCompany {
  calls: ChunkInput[];
  managers: { userId: string; workspaceId: string; reportIds: string[] }[];
  accounts: { id: string; name: string; contactEmails: string[] }[];
  /** Access filter of each manager (Gong's managers-team profile: own calls plus the team's). */
  managerFilter(index: number): AccessFilter;
  /** Sees every call of both workspaces (not private ones of others): for recall. */
  adminFilter: AccessFilter;
  planted: PlantedQuery[];
  sentenceCount: number;
}

export interface PlantedQuery {
  text: string;
  /** Calls that hold the phrase. */
  callIds: string[];
}

const FIRST = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Drew', 'Robin', 'Kai', 'Noa', 'Lena', 'Omar', 'Priya', 'Chen', 'Mateo', 'Sofia', 'Yuki', 'Ines', 'Lars', 'Amara'];
const LAST = ['Smith', 'Garcia', 'Nguyen', 'Patel', 'Kim', 'Muller', 'Rossi', 'Silva', 'Cohen', 'Okafor', 'Larsen', 'Novak', 'Dubois', 'Tanaka', 'Haddad', 'Brown', 'Lopez', 'Singh', 'Ivanova', 'Walsh'];
const SYLLABLES = ['ac', 'me', 'glo', 'bex', 'ini', 'tech', 'um', 'brel', 'la', 'sto', 'rk', 'vand', 'ely', 'hoo', 'li', 'cyber', 'dyne', 'wa', 'yne', 'ent', 'cor', 'pex', 'nova', 'tri', 'zen', 'quant', 'orb', 'ital', 'max', 'flux'];
const SUFFIX = ['Corp', 'Inc', 'Labs', 'Systems', 'Group', 'Health', 'Logistics', 'Bank', 'Energy', 'Retail', 'Software', 'Foods'];
const TITLES_EXT = ['VP Engineering', 'CTO', 'Head of Procurement', 'IT Director', 'Security Lead', 'CFO', 'Operations Manager', 'Data Engineer', 'Product Manager'];
const COMPETITORS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Litware'];
const PRODUCTS = ['the analytics platform', 'the forecasting module', 'the data connector', 'the enterprise tier', 'the admin console', 'the mobile app', 'the API gateway'];
const FEATURES = ['single sign-on', 'audit logs', 'role based access', 'custom dashboards', 'real time alerts', 'data residency', 'the Salesforce integration', 'bulk export', 'sandbox environments', 'usage analytics'];
const TEAMS = ['finance', 'legal', 'security', 'procurement', 'the data team', 'IT', 'the board', 'operations'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Slot = (r: SeededRandom) => string;
const S: Record<string, Slot> = {
  product: (r) => r.pick(PRODUCTS),
  feature: (r) => r.pick(FEATURES),
  competitor: (r) => r.pickSkewed(COMPETITORS),
  team: (r) => r.pick(TEAMS),
  month: (r) => r.pick(MONTHS),
  n: (r) => String(r.int(2, 95)),
  seats: (r) => String(r.int(2, 40) * 25),
};

/** Sentence templates per phase of a call; `{slot}` is filled from `S`. */
const PHASES: Record<string, string[]> = {
  Introduction: [
    'Thanks for making the time today, I know the week is busy.',
    'Before we start, can everyone give a quick introduction?',
    'I lead {team} and I was asked to join because of the rollout.',
    'The goal for today is to understand your priorities for the next quarter.',
    'We have about thirty minutes, so I want to keep an eye on the agenda.',
    'I saw your team grew a lot since we last spoke.',
  ],
  Discovery: [
    'How are you handling reporting today?',
    'Right now we export everything to spreadsheets and it takes {n} hours a week.',
    'The biggest pain is that {team} cannot see the numbers until the end of the month.',
    'We tried building something in house but it never got past the prototype.',
    'What happens if you do nothing this year?',
    'Honestly the current process breaks every time someone leaves the team.',
    'Who else is involved in a decision like this?',
    'Our CEO wants a single view of the pipeline by {month}.',
    'We have around {seats} people who would use it every day.',
    'The data lives in three different systems and nobody trusts it.',
  ],
  Demo: [
    'Let me share my screen and walk you through {product}.',
    'Here you can see how {feature} works out of the box.',
    'You can set this up without writing any code.',
    'This view updates as soon as a deal changes stage.',
    'Most customers start with {feature} and add the rest later.',
    'Can you show me how {feature} handles permissions?',
    'That looks much simpler than what we have now.',
    'If you click here, the report drills down to every account.',
    'We also ship {feature} as part of {product}.',
  ],
  Security: [
    'Our security team will ask about {feature} and encryption at rest.',
    'We are SOC 2 Type II certified and we renew every year.',
    'Can you send the penetration test report and the security questionnaire?',
    'Data stays in the region you choose, including the European Union.',
    'We support single sign-on with Okta and Azure AD.',
    'Legal will need to review the data processing agreement.',
  ],
  Pricing: [
    'Let us talk about pricing for {product}.',
    'The list price is based on {seats} seats per year.',
    'Our budget for this is already approved up to {n} thousand.',
    'Is there any discount if we sign a multi-year agreement?',
    'We can offer a {n} percent discount if the contract is signed by {month}.',
    'The pricing feels high compared to what {competitor} quoted us.',
    'Procurement will push back on the price increase after year one.',
    'We need the invoice schedule before {team} can approve it.',
  ],
  Competition: [
    'We are also evaluating {competitor} for the same project.',
    '{competitor} has a cheaper plan but it lacks {feature}.',
    'What makes you different from {competitor}?',
    'A few customers moved from {competitor} to us last year.',
    'Our team used {competitor} before and the migration was painful.',
  ],
  'Next steps': [
    'As next steps, I will send a proposal by Friday.',
    'Can we schedule a technical deep dive with {team} next week?',
    'I will loop in our solutions engineer for the integration questions.',
    'Let us aim to have a decision before the end of {month}.',
    'Please send over the mutual action plan so we can review it with {team}.',
    'Thanks everyone, this was really helpful.',
  ],
};
const PHASE_ORDER = ['Introduction', 'Discovery', 'Demo', 'Security', 'Pricing', 'Competition', 'Next steps'];

const TRACKERS: ChunkInputTracker[] = [
  { id: '9001', name: 'Pricing', type: 'KEYWORD', phrases: [{ phrase: 'pricing' }, { phrase: 'discount' }, { phrase: 'price' }] },
  { id: '9002', name: 'Competitors', type: 'KEYWORD', phrases: COMPETITORS.map((phrase) => ({ phrase })) },
  { id: '9003', name: 'Security', type: 'KEYWORD', phrases: [{ phrase: 'SOC 2' }, { phrase: 'encryption' }, { phrase: 'penetration test' }] },
  { id: '9004', name: 'Next steps', type: 'KEYWORD', phrases: [{ phrase: 'next steps' }, { phrase: 'proposal' }] },
  { id: '9005', name: 'Budget', type: 'KEYWORD', phrases: [{ phrase: 'budget' }, { phrase: 'approved' }] },
];

/** Rare words for planted phrases (they appear nowhere else). */
const RARE = ['zircon', 'halcyon', 'obsidian', 'marzipan', 'quokka', 'tamarind', 'vellum', 'wisteria', 'yarrow', 'juniper', 'kestrel', 'lanolin', 'mistral', 'nautilus', 'ocelot', 'paprika', 'quasar', 'rhubarb', 'saffron', 'tundra', 'umber', 'verdigris', 'walnut', 'xenon'];

/** The org of a synthetic company: who reports to whom, the accounts and their contacts, each rep's book. */
export interface SyntheticOrg {
  managers: SyntheticCompany['managers'];
  accounts: SyntheticCompany['accounts'];
  internal: Map<string, ChunkInputParty>;
  engineers: string[];
  contacts: Map<string, ChunkInputParty[]>;
  book: Map<string, SyntheticCompany['accounts']>;
  reps: string[];
  workspaceOf: Map<string, string>;
}

/** What to plant in one call: a planted phrase's words, whole or apart. */
export interface SyntheticPlant {
  words: string[];
  whole: boolean;
  q: number;
}

/** Builds the org from `r` (the first draws of a company's generator). */
export function buildSyntheticOrg(r: SeededRandom): SyntheticOrg {
  let nextUser = 100_000_000_000_000;
  const newUserId = () => String(nextUser++);
  const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;

  // Org: per workspace a few managers with 8-14 reps each.
  const managers: SyntheticCompany['managers'] = [];
  const internal = new Map<string, ChunkInputParty>();
  const addInternal = (title: string): string => {
    const userId = newUserId();
    const name = person();
    internal.set(userId, {
      id: `p${userId}`, speakerId: `s${userId}`, userId, name, title, affiliation: 'Internal',
      emailAddress: `${name.toLowerCase().replace(' ', '.')}.${userId.slice(-4)}@acme.example`,
    });
    return userId;
  };
  for (const [workspaceId, teams] of [['1', 6], ['2', 3]] as const) {
    for (let t = 0; t < teams; t++) {
      const managerId = addInternal('Sales Manager');
      const reportIds = Array.from({ length: r.int(8, 14) }, () => addInternal(r.pick(['Account Executive', 'Account Executive', 'SDR'])));
      managers.push({ userId: managerId, workspaceId, reportIds });
    }
  }
  const engineers = Array.from({ length: 6 }, () => addInternal('Solutions Engineer'));

  const accounts: SyntheticCompany['accounts'] = [];
  const contacts = new Map<string, ChunkInputParty[]>();
  for (let a = 0; a < 1500; a++) {
    const base = r.pick(SYLLABLES) + r.pick(SYLLABLES) + (r.chance(0.4) ? r.pick(SYLLABLES) : '');
    const name = `${base[0].toUpperCase()}${base.slice(1)} ${r.pick(SUFFIX)}`;
    const id = `0015g0000${String(a).padStart(6, '0')}AAA`;
    const domain = `${base}${a}.example`;
    const people = Array.from({ length: r.int(2, 5) }, (_, i): ChunkInputParty => {
      const n = person();
      return { id: `x${a}-${i}`, speakerId: `sx${a}-${i}`, name: n, title: r.pick(TITLES_EXT), affiliation: 'External', emailAddress: `${n.toLowerCase().replace(' ', '.')}@${domain}` };
    });
    contacts.set(id, people);
    accounts.push({ id, name, contactEmails: people.map((p) => p.emailAddress as string) });
  }
  // Each rep owns a book of accounts.
  const book = new Map<string, (typeof accounts)[number][]>();
  const reps = managers.flatMap((m) => m.reportIds);
  accounts.forEach((account, i) => {
    const rep = reps[i % reps.length];
    book.set(rep, [...(book.get(rep) ?? []), account]);
  });
  const workspaceOf = new Map(managers.flatMap((m) => [[m.userId, m.workspaceId] as const, ...m.reportIds.map((id) => [id, m.workspaceId] as const)]));
  return { managers, accounts, internal, engineers, contacts, book, reps, workspaceOf };
}

/**
 * Call number `c` of the org, drawn from `r`: its host, accounts, parties and monologues, the
 * plants woven in, started `offsetMs` after the company's first day (plus a few hours from `r`).
 */
export function generateSyntheticCall(r: SeededRandom, org: SyntheticOrg, c: number, planted: readonly SyntheticPlant[], offsetMs: number): { input: ChunkInput; sentences: number } {
  const { internal, engineers, accounts, contacts, book, managers, reps, workspaceOf } = org;
  let sentenceCount = 0;
  const host = r.pick(reps);
  const account = r.pickSkewed(book.get(host) ?? accounts);
  const second = r.chance(0.12) ? r.pick(accounts) : null;
  const extern = (contacts.get(account.id) ?? []).filter(() => r.chance(0.6));
  if (extern.length === 0) extern.push((contacts.get(account.id) ?? [])[0]);
  const internals = [host, ...(r.chance(0.3) ? [r.pick(engineers)] : []), ...(r.chance(0.1) ? [managers.find((m) => m.reportIds.includes(host))?.userId as string] : [])];
  const parties = [...internals.map((id) => internal.get(id) as ChunkInputParty), ...extern];
  const isPrivate = planted.length === 0 && r.chance(0.08);
  const monologueCount = r.int(30, 60);
  const monologues: ChunkInputMonologue[] = [];
  let at = 0;
  for (let m = 0; m < monologueCount; m++) {
    const phase = PHASE_ORDER[Math.min(PHASE_ORDER.length - 1, Math.floor((m / monologueCount) * PHASE_ORDER.length + r.next() * 0.8))];
    const speaker = m % 2 === 0 ? r.pick(internals.map((id) => internal.get(id) as ChunkInputParty)) : r.pick(extern);
    const long = speaker.affiliation === 'Internal' && phase === 'Demo' && r.chance(0.3);
    const texts = Array.from({ length: long ? r.int(8, 16) : r.int(1, 5) }, () => fill(r.pick(PHASES[phase]), r));
    sentenceCount += texts.length;
    monologues.push({
      speakerId: speaker.speakerId,
      topic: phase,
      sentences: texts.map((text) => {
        const duration = 900 + text.length * 55;
        const s = { start: at, end: at + duration, text };
        at += duration + r.int(100, 900);
        return s;
      }),
    });
  }
  for (const plant of planted) {
    const target = monologues[r.int(1, monologues.length - 2)];
    if (plant.whole) {
      target.sentences.push({ start: at, end: at + 4000, text: `Our ${plant.words.join(' ')} rollout is the main risk this quarter.` });
    } else {
      const filler = ['That came up twice.', 'We should come back to it.', 'Anyway, moving on.', 'Good point.'];
      for (const word of plant.words) {
        target.sentences.push({ start: at, end: at + 3000, text: `The ${word} question is separate.` });
        target.sentences.push({ start: at + 3000, end: at + 6000, text: r.pick(filler) });
        at += 6000;
      }
    }
    sentenceCount += plant.whole ? 1 : plant.words.length * 2;
    at += 4000;
  }
  const started = new Date(SYNTHETIC_START_MS + offsetMs + r.int(0, 10) * 3_600_000).toISOString();
  const input: ChunkInput = {
    call: {
      id: String(7_000_000_000_000_000_000n + BigInt(c) * 7919n),
      title: `${account.name} / Acme: ${r.pick(['discovery call', 'product demo', 'security review', 'pricing discussion', 'renewal check-in', 'technical deep dive', 'executive sync'])}`,
      started,
      duration: Math.ceil(at / 1000),
      workspaceId: workspaceOf.get(host) ?? '1',
      primaryUserId: host,
      isPrivate,
      parties,
      accounts: second && second.id !== account.id ? [{ id: account.id, name: account.name }, { id: second.id, name: second.name }] : [{ id: account.id, name: account.name }],
      opportunities: [],
      trackers: TRACKERS,
      topics: [],
    },
    monologues,
  };
  return { input, sentences: sentenceCount };
}

/** The company's first day: calls start from here. */
export const SYNTHETIC_START_MS = Date.parse('2023-01-02T08:00:00Z');

const BASE_FILTER = { version: 1 as const, allWorkspaceIds: [] as string[], grantedCallIds: [] as string[], privateCalls: 'owner-and-participants-only' as const };
const byNumber = (a: string, b: string) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

/** A manager's access filter (Gong's managers-team profile: own calls plus the team's). */
export function syntheticManagerFilter(managers: SyntheticOrg['managers'], index: number): AccessFilter {
  const m = managers[index % managers.length];
  return { ...BASE_FILTER, userId: m.userId, ownUserId: m.userId, hostUserIdsByWorkspace: [{ workspaceId: m.workspaceId, hostUserIds: [...m.reportIds].sort(byNumber) }] };
}

/** A rep's access filter (Gong's own-calls profile: the calls they host or attend). */
export function syntheticRepFilter(userId: string): AccessFilter {
  return { ...BASE_FILTER, userId, ownUserId: userId, hostUserIdsByWorkspace: [] };
}

/** Sees every call of both workspaces (not private ones of others). */
export const SYNTHETIC_ADMIN_FILTER: AccessFilter = { ...BASE_FILTER, userId: '1', ownUserId: '1', allWorkspaceIds: ['1', '2'], hostUserIdsByWorkspace: [] };

export function generateSyntheticCompany(options: { calls: number; seed: number }): SyntheticCompany {
  const r = new SeededRandom(options.seed);
  const org = buildSyntheticOrg(r);

  // Planted phrases: 20 queries of three rare words, each planted whole in 2 calls and spread
  // over separate sentences of one long monologue in 12 distractor calls.
  const plantedSpecs = Array.from({ length: 20 }, (_, q) => {
    const words = [RARE[q % RARE.length], RARE[(q * 7 + 3) % RARE.length], RARE[(q * 11 + 5) % RARE.length]];
    return { words: [...new Set(words)].length === 3 ? words : [RARE[q], RARE[(q + 1) % RARE.length], RARE[(q + 2) % RARE.length]], q };
  });
  const plantIn = new Map<number, SyntheticPlant[]>();
  const plantedCalls = plantedSpecs.map(() => [] as number[]);
  for (const spec of plantedSpecs) {
    for (let k = 0; k < 14; k++) {
      const callIndex = r.int(0, options.calls - 1);
      const whole = k < 2;
      plantIn.set(callIndex, [...(plantIn.get(callIndex) ?? []), { words: spec.words, whole, q: spec.q }]);
      if (whole) plantedCalls[spec.q].push(callIndex);
    }
  }

  const calls: ChunkInput[] = [];
  let sentenceCount = 0;
  for (let c = 0; c < options.calls; c++) {
    const offsetMs = Math.floor((c / options.calls) * 700 * 86_400_000);
    const { input, sentences } = generateSyntheticCall(r, org, c, plantIn.get(c) ?? [], offsetMs);
    sentenceCount += sentences;
    calls.push(input);
  }

  return {
    calls,
    managers: org.managers,
    accounts: org.accounts,
    sentenceCount,
    managerFilter: (index) => syntheticManagerFilter(org.managers, index),
    adminFilter: SYNTHETIC_ADMIN_FILTER,
    planted: plantedSpecs.map((spec) => ({ text: spec.words.join(' '), callIds: plantedCalls[spec.q].map((i) => calls[i].call.id) })),
  };
}

function fill(template: string, r: SeededRandom): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => S[slot](r));
}
