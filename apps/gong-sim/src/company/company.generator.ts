import { TrackerKeywordsData } from '../transcript/tracker-keywords.data.js';
import { ZonedTimeFormatter } from '@gong-connector/contracts';
import { CallFactory, type CallIndexes } from './call.factory.js';
import type {
  AccessGrant,
  Account,
  Call,
  CallsAccessLevel,
  Company,
  CompanySizes,
  Contact,
  FlowInstance,
  LibraryFolder,
  Opportunity,
  PermissionProfile,
  Scorecard,
  Task,
  Tracker,
  User,
  UserRole,
  Workspace,
} from './company.model.js';
import { IdFactory } from './id.factory.js';
import { NamesData } from './names.data.js';
import { salesforceId } from './salesforce-id.js';
import { SeededRandom } from './seeded.random.js';
import { DealGenerator } from './deal.generator.js';

const DAY = 86_400_000;

export interface CompanyGeneratorInput {
  seed: string;
  sizes: CompanySizes;
  /** Calls are spread over the `days` days before this instant. */
  anchor: number;
  timeZone: string;
}

export interface GeneratedCompany {
  company: Company;
  ids: IdFactory;
  indexes: CallIndexes;
  callFactory: CallFactory;
}

/** The boolean capabilities of a permission profile, as named by the spec. */
export const PROFILE_FLAG_NAMES = [
  'scoreCalls', 'overrideScore', 'downloadCallMedia', 'shareCallsWithCustomers', 'manuallyScheduleAndUploadCalls',
  'privateCalls', 'deleteCalls', 'trimCalls', 'listenInCalls', 'deleteEmails', 'callsAndSearch', 'library', 'deals',
  'createEditAndDeleteDealsBoards', 'dealsInlineEditing', 'account', 'coaching', 'usage', 'teamStats', 'initiatives',
  'market', 'activity', 'forecast', 'forecastManage', 'engageManageCompanyTemplates', 'engageManageCompanySequences',
  'engageCreateAndManageRulesets', 'engageSnoozeFlowToDosForOthers', 'engageAllowCrmFieldsViewChange',
  'viewEngageAnalyticsActivity', 'viewEngageAnalyticsPerformance', 'viewEngageAnalyticsFlows',
  'manageGeneralBusinessSettings', 'manageScorecards', 'exportCallsAndCoachingDataToCSV', 'crmDataInlineEditing',
  'crmDataImport', 'viewRevenueAnalytics', 'manageRevenueAnalytics', 'engageReassignFlowToDosToOthers',
  'engageAssignFlowToDosToOthers', 'dealsDataExport', 'aiBuilder', 'orchestrateCreateAndManagePlays',
] as const;

/** The smallest company that still has every role and profile. */
export function minimumUsers(workspaces: number): number {
  return 4 + workspaces * 3;
}

/**
 * Generates the whole company from a seed. Deterministic: the same input gives the same company,
 * down to every id. Transcripts are not generated here (see TranscriptGenerator): each call keeps
 * the seed key its transcript is derived from.
 */
export class CompanyGenerator {
  generate(input: CompanyGeneratorInput): GeneratedCompany {
    const { seed, sizes, anchor } = input;
    if (sizes.workspaces < 1 || sizes.workspaces > NamesData.workspaces.length) {
      throw new Error(`workspaces must be between 1 and ${NamesData.workspaces.length}`);
    }
    if (sizes.users < minimumUsers(sizes.workspaces)) {
      throw new Error(`users must be at least ${minimumUsers(sizes.workspaces)} for ${sizes.workspaces} workspace(s)`);
    }
    if (sizes.accounts < 1) throw new Error('accounts must be at least 1');
    if (sizes.days < 1) throw new Error('days must be at least 1');
    const rng = SeededRandom.derive(seed, 'company');
    const ids = new IdFactory(SeededRandom.derive(seed, 'ids'));
    const zone = new ZonedTimeFormatter(input.timeZone);
    const seller = rng.pick(NamesData.sellerCompanies);
    const domain = `${seller.name.toLowerCase().replace(/[^a-z]/g, '')}.com`;

    const workspaces: Workspace[] = NamesData.workspaces.slice(0, sizes.workspaces).map((w) => ({
      id: ids.next(),
      name: w.name,
      description: w.description,
    }));

    const company: Company = {
      seed,
      sizes,
      name: seller.name,
      domain,
      product: seller.product,
      timeZone: input.timeZone,
      anchor,
      competitors: [...NamesData.competitors],
      workspaces,
      users: [],
      profiles: [],
      accounts: [],
      opportunities: [],
      contacts: [],
      calls: [],
      usersAccess: new Map(),
      trackers: [],
      smartTrackerIds: new Map(),
      scorecards: [],
      folders: [],
      flows: [],
      flowInstances: [],
      tasks: [],
      deals: [],
    };

    const rangeStart = anchor - sizes.days * DAY;
    this.generateUsers(company, rng, ids, rangeStart);
    this.generateProfiles(company, rng, ids);
    this.generateAccounts(company, rng, zone);
    this.generateSettings(company, rng, ids);

    const indexes = buildIndexes(company);
    const callFactory = new CallFactory(company, indexes, ids);
    const calls: Call[] = [];
    for (let i = 0; i < sizes.calls; i++) {
      calls.push(callFactory.build(i, this.callStart(seed, i, rangeStart, sizes.days, zone)));
    }
    calls.sort((a, b) => a.started - b.started || (a.id < b.id ? -1 : 1));
    company.calls = calls;

    this.generateGrants(company, seed);
    this.generateLibrary(company, rng, ids);
    this.generateFlowsAndTasks(company, rng, ids);
    if ((sizes.deals ?? 0) > 0) {
      company.calls.push(...new DealGenerator().generate(company, callFactory, ids, zone));
      company.calls.sort((a, b) => a.started - b.started || (a.id < b.id ? -1 : 1));
    }
    return { company, ids, indexes, callFactory };
  }

  /** Weekday business hours in the company time zone; scheduled on the quarter hour, started a bit later. */
  private callStart(seed: string, i: number, rangeStart: number, days: number, zone: ZonedTimeFormatter): number {
    const r = SeededRandom.derive(seed, 'call-time', i);
    let dayMs = rangeStart + r.int(0, days - 1) * DAY + DAY / 2;
    const weekday = new Date(dayMs + zone.offsetMinutes(dayMs) * 60_000).getUTCDay();
    if ((weekday === 0 || weekday === 6) && r.chance(0.85)) {
      // To the nearest weekday that is still inside the history: Saturday to Friday and Sunday to
      // Monday, or the other way at the edges, so every call starts in [rangeStart, anchor).
      for (const shift of weekday === 6 ? [-1, 2] : [1, -2]) {
        const moved = dayMs + shift * DAY;
        if (moved >= rangeStart && moved < rangeStart + days * DAY) {
          dayMs = moved;
          break;
        }
      }
    }
    const localMidnight = zone.startOfLocalDate(zone.localDate(dayMs));
    const slot = localMidnight + 8 * 3_600_000 + r.int(0, 37) * 900_000;
    return slot + r.int(0, 6) * 60_000 + r.int(0, 59) * 1000;
  }

  private generateUsers(company: Company, rng: SeededRandom, ids: IdFactory, rangeStart: number): void {
    const emails = new Set<string>();
    const users = company.users;
    const make = (role: UserRole, title: string, workspaceId: string, manager?: User, avatar = false): User => {
      const firstName = rng.pick(NamesData.firstNames);
      const lastName = rng.pick(NamesData.lastNames);
      const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
      const domain = avatar ? 'gong.io' : company.domain;
      let email = `${local}@${domain}`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
      emails.add(email);
      const newHire = ['rep', 'sdr', 'csm'].includes(role) && rng.chance(0.1);
      const created = newHire
        ? rangeStart + rng.int(1, Math.max(1, Math.floor((company.anchor - rangeStart) / DAY) - 2)) * DAY
        : rangeStart - rng.int(30, 1500) * DAY;
      const user: User = {
        id: ids.next(),
        firstName,
        lastName,
        emailAddress: email,
        title,
        role,
        workspaceId,
        active: true,
        created: created + rng.int(0, 86_399) * 1000,
        isAvatar: avatar,
        meetingSlug: local.replace('.', '-'),
        crmUserId: salesforceId(rng, '005'),
        ...(manager ? { managerId: manager.id } : {}),
      };
      if (!avatar && rng.chance(0.7)) user.phoneNumber = `+1 ${rng.int(201, 989)}-555-${rng.digits(4, 0, 9)}`;
      if (user.phoneNumber && rng.chance(0.3)) user.extension = String(rng.int(100, 999));
      users.push(user);
      return user;
    };
    const ws = company.workspaces;
    const ceo = make('ceo', 'Chief Executive Officer', ws[0].id);
    const cro = make('cro', 'Chief Revenue Officer', ws[0].id, ceo);
    make('revops', 'Revenue Operations Manager', ws[0].id, cro);
    make('enablement', 'Sales Enablement Manager', ws[0].id, cro);
    const vps = ws.map((w) => make('vp', `VP, ${w.name}`, w.id, cro));
    const remaining = company.sizes.users - users.length;
    const perWs = ws.map((_, i) => Math.floor(remaining / ws.length) + (i < remaining % ws.length ? 1 : 0));
    ws.forEach((w, wi) => {
      const count = perWs[wi];
      const cs = w.name === 'Customer Success';
      const managers = Math.max(1, Math.round(count / 7));
      const directors = managers > 3 ? Math.ceil(managers / 3) : 0;
      const directorUsers = Array.from({ length: directors }, () =>
        make('director', cs ? 'Director of Customer Success' : 'Director of Sales', w.id, vps[wi]),
      );
      const managerUsers = Array.from({ length: managers }, (_, i) =>
        make(
          'manager',
          cs ? 'Customer Success Team Lead' : rng.pick(['Sales Manager', 'Regional Sales Manager', 'Sales Team Lead']),
          w.id,
          directorUsers.length ? directorUsers[i % directorUsers.length] : vps[wi],
        ),
      );
      const reps = count - managers - directors;
      for (let i = 0; i < reps; i++) {
        const role: UserRole = cs
          ? rng.weighted([['csm', 85], ['se', 15]] as const)
          : rng.weighted([['rep', 60], ['sdr', 25], ['se', 15]] as const);
        const title = {
          rep: () => rng.pick(['Account Executive', 'Senior Account Executive', 'Enterprise Account Executive', 'Mid-Market Account Executive']),
          sdr: () => rng.pick(['Sales Development Representative', 'Senior Sales Development Representative']),
          se: () => rng.pick(['Solutions Engineer', 'Senior Solutions Engineer']),
          csm: () => rng.pick(['Customer Success Manager', 'Senior Customer Success Manager']),
        }[role as 'rep' | 'sdr' | 'se' | 'csm']();
        const u = make(role, title, w.id, managerUsers[i % managerUsers.length]);
        if (rng.chance(0.07)) {
          u.active = false;
          u.deactivated = Math.max(u.created + DAY, company.anchor - rng.int(1, Math.max(1, company.sizes.days - 1)) * DAY);
        }
      }
    });
    // Gong employees who accessed the instance ("avatars").
    make('csm', 'Customer Success Manager (Gong)', ws[0].id, undefined, true);
    make('csm', 'Technical Support Engineer (Gong)', ws[0].id, undefined, true);
  }

  private generateProfiles(company: Company, rng: SeededRandom, ids: IdFactory): void {
    const grant = (permissionLevel: CallsAccessLevel, teamLeadIds: string[] | null = null): AccessGrant => ({ permissionLevel, teamLeadIds });
    const flags = (kind: 'admin' | 'manager' | 'rep' | 'viewer' | 'restricted'): Record<string, boolean> => {
      const out: Record<string, boolean> = {};
      for (const name of PROFILE_FLAG_NAMES) {
        const adminOnly = /^manage|Manage|crmDataImport|dealsDataExport|deleteCalls|trimCalls|deleteEmails|overrideScore|orchestrate/.test(name);
        const managerish = /coaching|teamStats|forecast|scoreCalls|viewEngage|Reassign|AssignFlow|Snooze|initiatives|market|exportCalls/.test(name);
        const basic = /callsAndSearch|library|deals$|account|activity|listenInCalls|shareCallsWithCustomers|downloadCallMedia|privateCalls|aiBuilder|manuallySchedule|dealsInlineEditing|crmDataInlineEditing|AllowCrmFields/.test(name);
        out[name] =
          kind === 'admin' ||
          (kind === 'manager' && !adminOnly) ||
          ((kind === 'rep' || kind === 'viewer') && basic) ||
          (kind === 'viewer' && managerish && !/forecast/.test(name)) ||
          (kind === 'restricted' && /library|activity/.test(name));
      }
      return out;
    };
    const byWs = (wsId: string) => company.users.filter((u) => u.workspaceId === wsId && !u.isAvatar);
    const ceo = company.users.find((u) => u.role === 'ceo')!;
    const cro = company.users.find((u) => u.role === 'cro')!;
    const revops = company.users.find((u) => u.role === 'revops')!;
    const enablement = company.users.find((u) => u.role === 'enablement')!;
    const profilesByWs = new Map<string, Record<string, PermissionProfile>>();
    let icCount = 0;
    for (const ws of company.workspaces) {
      const members = byWs(ws.id);
      const vp = members.find((u) => u.role === 'vp')!;
      const managers = members.filter((u) => u.role === 'manager');
      const mk = (name: string, description: string, calls: AccessGrant, kind: Parameters<typeof flags>[0], library: PermissionProfile['libraryLevel']): PermissionProfile => {
        const other = calls.permissionLevel === 'none' ? grant('none') : calls.permissionLevel === 'all' ? grant('all') : grant(calls.permissionLevel === 'own' ? 'own' : 'report-to-them');
        return {
          id: ids.next(),
          workspaceId: ws.id,
          name,
          description,
          callsAccess: calls,
          dealsAccess: { ...other },
          coachingAccess: { ...other },
          insightsAccess: { ...other },
          usageAccess: kind === 'admin' ? grant('all') : grant('none'),
          emailsAccess: { ...other },
          forecastAccess: kind === 'admin' || kind === 'manager' ? { ...other } : grant('none'),
          flags: flags(kind),
          libraryLevel: library,
          userIds: [],
        };
      };
      const set = {
        admin: mk('Admin', 'Full access to every call and setting', grant('all'), 'admin', 'all'),
        manager: mk('Sales Manager', 'Managers: calls of everyone who reports to them', grant('report-to-them', null), 'manager', 'all'),
        rep: mk('Sales Rep', 'Individual contributors: their own calls', grant('own'), 'rep', 'all'),
        viewer: mk('Team Viewer', "Calls of named team leads' teams", grant('managers-team', rng.sample(managers, Math.min(2, managers.length)).map((m) => m.id)), 'viewer', 'specific-folders'),
        enablement: mk('Enablement', 'Coaching access to the teams under named leads', grant('report-to-them', [vp.id]), 'viewer', 'all'),
        // A real-world wart: level "none" with a stale teamLeadIds list left by the UI.
        restricted: mk('Restricted', 'No call access (contractors, new hires)', grant('none', managers.length ? [managers[0].id] : []), 'restricted', 'none'),
      };
      profilesByWs.set(ws.id, set);
      company.profiles.push(...Object.values(set));
      const assign = (p: PermissionProfile, u: User) => {
        if (!p.userIds.includes(u.id)) p.userIds.push(u.id);
      };
      assign(set.admin, ceo);
      assign(set.admin, cro);
      assign(set.admin, revops);
      for (const u of members) {
        if (['ceo', 'cro', 'revops', 'enablement'].includes(u.role)) continue;
        switch (u.role) {
          case 'vp':
          case 'director':
          case 'manager':
            assign(set.manager, u);
            break;
          case 'se':
            assign(set.viewer, u);
            break;
          default:
            // Some users hold no profile at all in their workspace (about one in twelve).
            if (icCount++ % 12 === 5) break;
            if (u.role === 'sdr' && rng.chance(0.3)) assign(set.restricted, u);
            else assign(set.rep, u);
        }
      }
    }
    // Cross-workspace holdings: users may hold different profiles in different workspaces.
    company.workspaces.forEach((ws, i) => {
      const set = profilesByWs.get(ws.id)!;
      if (i === 0) {
        if (!set.enablement.userIds.includes(enablement.id)) set.enablement.userIds.push(enablement.id);
      } else if (!set.viewer.userIds.includes(enablement.id)) set.viewer.userIds.push(enablement.id);
      const next = company.workspaces[(i + 1) % company.workspaces.length];
      if (next.id !== ws.id) {
        const firstManager = company.users.find((u) => u.workspaceId === ws.id && u.role === 'manager');
        const target = profilesByWs.get(next.id)!.viewer;
        if (firstManager && !target.userIds.includes(firstManager.id)) target.userIds.push(firstManager.id);
      }
    });
  }

  private generateAccounts(company: Company, rng: SeededRandom, zone: ZonedTimeFormatter): void {
    const owners = company.users.filter((u) => (u.role === 'rep' || u.role === 'csm') && !u.isAvatar);
    const fallbackOwner = company.users.find((u) => u.role === 'cro')!;
    const combos: Array<[string, string]> = [];
    for (const p of NamesData.accountPrefixes) for (const s of NamesData.accountSuffixes) combos.push([p, s]);
    const order = rng.sample(combos, combos.length);
    const domains = new Set<string>([company.domain]);
    const emails = new Set<string>();
    const probability: Record<string, number> = { Prospecting: 10, Qualification: 20, Discovery: 30, Demo: 40, Proposal: 60, Negotiation: 80, 'Closed Won': 100, 'Closed Lost': 0 };
    for (let i = 0; i < company.sizes.accounts; i++) {
      const [prefix, suffix] = order[i % order.length];
      const round = Math.floor(i / order.length);
      const name = `${prefix} ${suffix}${round ? ` ${round + 1}` : ''}`;
      let domain = `${prefix}${suffix.split(' ')[0]}${round ? round + 1 : ''}`.toLowerCase() + rng.pick(['.com', '.com', '.io', '.co', '.net']);
      while (domains.has(domain)) domain = `x${domain}`;
      domains.add(domain);
      const industry = NamesData.industries.find((x) => x.toLowerCase().startsWith(suffix.toLowerCase().slice(0, 4))) ?? rng.pick(NamesData.industries);
      const account: Account = {
        crmId: salesforceId(rng, '001'),
        name,
        domain,
        industry,
        website: `https://www.${domain}`,
        ownerUserId: owners.length ? rng.pick(owners).id : fallbackOwner.id,
        employees: rng.pick([50, 120, 250, 600, 1200, 4000, 12000]),
      };
      company.accounts.push(account);
      const nContacts = rng.int(2, 6);
      for (let c = 0; c < nContacts; c++) {
        const firstName = rng.pick(NamesData.firstNames);
        const lastName = rng.pick(NamesData.lastNames);
        const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
        let email = `${local}@${domain}`;
        for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
        emails.add(email);
        const contact: Contact = {
          crmId: salesforceId(rng, '003'),
          accountCrmId: account.crmId,
          firstName,
          lastName,
          emailAddress: email,
          title: rng.pick(NamesData.contactTitles),
        };
        if (rng.chance(0.6)) contact.phoneNumber = `+1 ${rng.int(201, 989)}-555-${rng.digits(4, 0, 9)}`;
        company.contacts.push(contact);
      }
      const nOpps = rng.int(1, 3);
      for (let o = 0; o < nOpps; o++) {
        const stage = rng.weighted(NamesData.opportunityStages.map((s, idx) => [s, idx < 6 ? 3 : 1.5] as const));
        const type = o === 0 ? 'New Business' : rng.pick(NamesData.opportunityTypes);
        const opp: Opportunity = {
          crmId: salesforceId(rng, '006'),
          accountCrmId: account.crmId,
          name: `${name} - ${type}${o > 0 ? ` ${o + 1}` : ''}`,
          stage,
          amount: rng.int(8, 480) * 1000,
          probability: probability[stage],
          closeDate: zone.localDate(company.anchor + rng.int(-90, 150) * DAY),
          leadSource: rng.pick(NamesData.leadSources),
          type,
          ownerUserId: account.ownerUserId,
        };
        company.opportunities.push(opp);
      }
    }
  }

  private generateSettings(company: Company, rng: SeededRandom, ids: IdFactory): void {
    const creators = company.users.filter((u) => u.role === 'revops' || u.role === 'enablement');
    for (const ws of company.workspaces) {
      for (const t of TrackerKeywordsData) {
        const keywords = t.keywords.flatMap((k) => (k === '{competitors}' ? company.competitors : [k]));
        const tracker: Tracker = {
          id: ids.next(),
          workspaceId: ws.id,
          name: t.name,
          keywords,
          affiliation: t.affiliation,
          created: company.anchor - rng.int(100, 700) * DAY,
          creatorUserId: rng.pick(creators).id,
        };
        company.trackers.push(tracker);
      }
      company.smartTrackerIds.set(ws.id, ids.next());
      const updater = rng.pick(creators).id;
      const q = (text: string, isOverall = false) => ({
        questionId: ids.next(),
        questionRevisionId: ids.next(),
        questionText: text,
        isOverall,
        questionType: 'SCALE',
        minRange: 1,
        maxRange: 5,
      });
      const scorecards: Scorecard[] = [
        {
          scorecardId: ids.next(),
          scorecardName: 'Discovery Call Scorecard',
          workspaceId: ws.id,
          enabled: true,
          updaterUserId: updater,
          created: company.anchor - 400 * DAY,
          updated: company.anchor - rng.int(10, 90) * DAY,
          reviewMethod: 'MANUAL',
          questions: [q('Did the rep set a clear agenda?'), q('Did the rep uncover the business pain?'), q('Were next steps agreed with a date?'), q('Overall score', true)],
        },
        {
          scorecardId: ids.next(),
          scorecardName: 'AI Call Review',
          workspaceId: ws.id,
          enabled: true,
          updaterUserId: updater,
          created: company.anchor - 200 * DAY,
          updated: company.anchor - rng.int(5, 60) * DAY,
          reviewMethod: 'AUTOMATIC',
          questions: [q('Talk ratio within target'), q('Competitors handled'), q('Overall', true)],
        },
        {
          scorecardId: ids.next(),
          scorecardName: 'Legacy Demo Scorecard',
          workspaceId: ws.id,
          enabled: false,
          updaterUserId: updater,
          created: company.anchor - 900 * DAY,
          updated: company.anchor - 500 * DAY,
          reviewMethod: 'MANUAL',
          questions: [q('Demo tailored to the customer?'), q('Overall', true)],
        },
      ];
      company.scorecards.push(...scorecards);
    }
  }

  private generateGrants(company: Company, seed: string): void {
    const r = SeededRandom.derive(seed, 'grants');
    const candidates = company.users.filter((u) => u.active && !u.isAvatar);
    for (const call of company.calls) {
      if (!r.chance(0.03)) continue;
      const participants = new Set(call.parties.map((p) => p.userId).filter(Boolean));
      const pool = candidates.filter((u) => !participants.has(u.id));
      const granted = r.sample(pool, r.int(1, 2)).map((u) => u.id);
      if (granted.length) company.usersAccess.set(call.id, granted);
    }
  }

  private generateLibrary(company: Company, rng: SeededRandom, ids: IdFactory): void {
    for (const ws of company.workspaces) {
      const curators = company.users.filter((u) => u.workspaceId === ws.id && (u.role === 'manager' || u.role === 'vp'));
      const curator = () => (curators.length ? rng.pick(curators).id : company.users[0].id);
      const wsCalls = company.calls.filter((c) => c.workspaceId === ws.id && !c.isPrivate && c.scope === 'External');
      const folder = (name: string, parent?: LibraryFolder, visibility: LibraryFolder['visibility'] = 'public', phases?: string[]): LibraryFolder => {
        const pool = phases ? wsCalls.filter((c) => phases.includes(c.phase)) : wsCalls;
        const f: LibraryFolder = {
          id: ids.next(),
          workspaceId: ws.id,
          name,
          createdBy: curator(),
          updated: company.anchor - rng.int(1, 120) * DAY,
          visibility,
          calls: rng.sample(pool, rng.int(2, 8)).map((c) => ({
            callId: c.id,
            note: rng.pick(['Great example of discovery', 'Strong objection handling', 'Listen from minute 5', 'Textbook next steps', '']),
            addedBy: curator(),
            created: c.completedAt + rng.int(1, 20) * DAY,
            ...(rng.chance(0.5) ? { snippet: { fromSec: rng.int(30, 300), toSec: rng.int(320, 900) } } : {}),
          })),
          ...(parent ? { parentFolderId: parent.id } : {}),
        };
        company.folders.push(f);
        return f;
      };
      const training = folder('Training');
      folder('Best Discovery Calls', training, 'public', ['discovery']);
      folder('Objection Handling', training, 'public', ['pricing', 'security']);
      folder('Competitive Wins', undefined, 'public', ['demo', 'pricing']);
      folder('My Drafts', undefined, 'private');
      folder('2023 Archive', undefined, 'archived');
    }
  }

  private generateFlowsAndTasks(company: Company, rng: SeededRandom, ids: IdFactory): void {
    for (const ws of company.workspaces) {
      const members = company.users.filter((u) => u.workspaceId === ws.id && u.active && !u.isAvatar);
      const manager = members.find((u) => u.role === 'manager') ?? members[0];
      const companyFolder = { id: ids.next(), name: 'Company Flows' };
      for (const [name, exclusive] of [['Inbound Lead Follow-up', false], ['Outbound Enterprise Sequence', true], ['Post-Demo Nurture', false], ['Event Follow-up', false]] as const) {
        company.flows.push({
          id: ids.next(),
          workspaceId: ws.id,
          name,
          folderId: companyFolder.id,
          folderName: companyFolder.name,
          visibility: 'Company',
          ownerUserId: manager.id,
          sharedWithUserIds: [],
          creationDate: company.anchor - rng.int(60, 500) * DAY,
          exclusive,
        });
      }
      const reps = members.filter((u) => u.role === 'rep' || u.role === 'sdr');
      for (const rep of reps.slice(0, 6)) {
        const folder = { id: ids.next(), name: 'My Flows' };
        company.flows.push({
          id: ids.next(),
          workspaceId: ws.id,
          name: `${rep.firstName}'s follow-up flow`,
          folderId: folder.id,
          folderName: folder.name,
          visibility: 'Personal',
          ownerUserId: rep.id,
          sharedWithUserIds: [],
          creationDate: company.anchor - rng.int(10, 200) * DAY,
          exclusive: false,
        });
      }
      if (reps.length) {
        const folder = { id: ids.next(), name: 'Team Flows' };
        company.flows.push({
          id: ids.next(),
          workspaceId: ws.id,
          name: `${manager.firstName}'s team renewal flow`,
          folderId: folder.id,
          folderName: folder.name,
          visibility: 'Shared',
          ownerUserId: manager.id,
          sharedWithUserIds: reps.filter((r) => r.managerId === manager.id).map((r) => r.id),
          creationDate: company.anchor - rng.int(10, 200) * DAY,
          exclusive: false,
        });
      }
    }
    const usersById = new Map(company.users.map((u) => [u.id, u]));
    const accountsById = new Map(company.accounts.map((a) => [a.crmId, a]));
    for (const contact of company.contacts) {
      if (!rng.chance(0.25)) continue;
      const account = accountsById.get(contact.accountCrmId)!;
      const owner = usersById.get(account.ownerUserId)!;
      const flows = company.flows.filter((f) => f.workspaceId === owner.workspaceId && (f.visibility === 'Company' || f.ownerUserId === owner.id));
      if (!flows.length) continue;
      const instance: FlowInstance = {
        id: ids.next(),
        flowId: rng.pick(flows).id,
        crmProspectId: contact.crmId,
        ownerUserId: owner.id,
        created: company.anchor - rng.int(1, 60) * DAY,
        status: rng.weighted([['Running', 5], ['Pending', 1], ['Paused', 1], ['FinishedNoReply', 2], ['FinishedResponse', 1], ['Finished', 1]] as const),
      };
      company.flowInstances.push(instance);
    }
    const priorities = [
      { id: ids.next(), name: 'High', weight: 3 },
      { id: ids.next(), name: 'Medium', weight: 2 },
      { id: ids.next(), name: 'Low', weight: 1 },
    ];
    for (const user of company.users) {
      if (!user.active || user.isAvatar || !['rep', 'sdr', 'csm'].includes(user.role)) continue;
      const accounts = company.accounts.filter((a) => a.ownerUserId === user.id);
      const n = rng.int(1, 5);
      for (let i = 0; i < n; i++) {
        const account = accounts.length ? rng.pick(accounts) : rng.pick(company.accounts);
        const contacts = company.contacts.filter((c) => c.accountCrmId === account.crmId);
        const contact = rng.pick(contacts);
        const instance = company.flowInstances.find((fi) => fi.crmProspectId === contact.crmId && fi.ownerUserId === user.id);
        const opp = company.opportunities.find((o) => o.accountCrmId === account.crmId);
        const created = company.anchor - rng.int(1, 30) * DAY;
        const task: Task = {
          id: ids.next(),
          userId: user.id,
          workspaceId: user.workspaceId,
          created,
          updated: created + rng.int(0, 5) * DAY,
          status: rng.weighted([['OPEN', 6], ['DONE', 3], ['DISMISSED', 1]] as const),
          type: instance ? 'FLOW' : 'MANUAL',
          title: `Call ${contact.firstName} ${contact.lastName}`,
          dueDate: company.anchor + rng.int(-5, 10) * DAY,
          accountCrmId: account.crmId,
          contactCrmId: contact.crmId,
          additionalContactCrmIds: rng.sample(contacts.filter((c) => c.crmId !== contact.crmId), rng.int(0, 2)).map((c) => c.crmId),
          priority: rng.pick(priorities),
          ...(opp ? { opportunityCrmId: opp.crmId } : {}),
        };
        if (instance) {
          task.flowId = instance.flowId;
          task.flowStep = { id: ids.next(), name: rng.pick(['Intro call', 'Follow-up call', 'Breakup call']), stepNumber: rng.int(1, 6) };
        }
        company.tasks.push(task);
      }
    }
  }
}

export function buildIndexes(company: Company): CallIndexes {
  const usersById = new Map(company.users.map((u) => [u.id, u]));
  const accountsByCrmId = new Map(company.accounts.map((a) => [a.crmId, a]));
  const contactsByAccount = new Map<string, Contact[]>();
  for (const c of company.contacts) {
    const list = contactsByAccount.get(c.accountCrmId) ?? [];
    list.push(c);
    contactsByAccount.set(c.accountCrmId, list);
  }
  const usersByWorkspace = new Map<string, User[]>();
  for (const u of company.users) {
    if (u.isAvatar) continue;
    const list = usersByWorkspace.get(u.workspaceId) ?? [];
    list.push(u);
    usersByWorkspace.set(u.workspaceId, list);
  }
  const opportunitiesByAccount = new Map<string, Opportunity[]>();
  for (const o of company.opportunities) {
    const list = opportunitiesByAccount.get(o.accountCrmId) ?? [];
    list.push(o);
    opportunitiesByAccount.set(o.accountCrmId, list);
  }
  const reportsByManager = new Map<string, User[]>();
  for (const u of company.users) {
    if (!u.managerId) continue;
    const list = reportsByManager.get(u.managerId) ?? [];
    list.push(u);
    reportsByManager.set(u.managerId, list);
  }
  return { usersById, usersByWorkspace, accountsByCrmId, contactsByAccount, opportunitiesByAccount, reportsByManager };
}

