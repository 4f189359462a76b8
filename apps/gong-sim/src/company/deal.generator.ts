import type { CallFactory } from './call.factory.js';
import type { Call, CallParty, CallPhase, Company, Contact, DealCallScript, DealTruth, Opportunity } from './company.model.js';
import type { IdFactory } from './id.factory.js';
import { NamesData } from './names.data.js';
import { salesforceId } from './salesforce-id.js';
import { SeededRandom } from './seeded.random.js';
import type { ZonedTimeFormatter } from '@gong-connector/contracts';

const DAY = 86_400_000;
const OPEN_STAGES = ['Discovery', 'Demo', 'Proposal', 'Negotiation'] as const;
const DECISION_MAKER_TITLES = ['Chief Financial Officer', 'Chief Operating Officer', 'VP of Operations', 'VP of Engineering', 'Chief Information Security Officer'];
const CHAMPION_TITLES = ['Operations Analyst', 'Senior Business Analyst', 'IT Manager', 'Data Architect', 'Procurement Manager'];

/**
 * Seeds deals whose calls carry risk patterns. Each deal draws a hidden health in [0, 1); with
 * noise, health sets how much the customer talks, whether a decision maker attends, how often
 * competitors, pricing and security come up, whether next steps are agreed, how long the gaps
 * between calls are, whether the stage stalls and the close date is pushed, and, for a closed
 * deal, whether it was won. The outcome is recorded in `company.deals` (ground truth, never served).
 *
 * Runs after the rest of the company is generated, on its own random streams, so a company
 * generated without deals is exactly what it was before.
 */
export class DealGenerator {
  generate(company: Company, callFactory: CallFactory, ids: IdFactory, zone: ZonedTimeFormatter): Call[] {
    const count = company.sizes.deals ?? 0;
    const rangeStart = company.anchor - company.sizes.days * DAY;
    const calls: Call[] = [];
    let callIndex = 0;
    for (let k = 0; k < count; k++) {
      const r = SeededRandom.derive(company.seed, 'deal', k);
      const health = r.next();
      const account = r.pick(company.accounts);
      const owner = company.users.find((u) => u.id === account.ownerUserId && u.active && !u.isAvatar) ?? company.users.find((u) => u.role === 'rep' && u.active)!;
      const closed = r.chance(0.7);
      const won = closed && r.chance(1 / (1 + Math.exp(-9 * (health - 0.5))));
      const n = r.int(3, 7);

      // Timeline, newest first: the quiet gap at the end, then the gaps between calls.
      const unhealthy = 1 - health;
      const gapDays = () => Math.max(1, Math.round((3 + 16 * unhealthy) * (0.5 + r.next())));
      const quietDays = Math.max(1, Math.round((2 + 20 * unhealthy) * (0.4 + r.next())));
      const endDay = closed ? r.int(2, Math.max(3, Math.floor(company.sizes.days * 0.4))) : 0;
      const gaps = Array.from({ length: n - 1 }, gapDays);
      const lastDay = endDay + quietDays;
      const span = gaps.reduce((a, b) => a + b, 0);
      const room = Math.max(n - 1, company.sizes.days - lastDay - 1);
      const scale = span > room ? room / span : 1;
      const dayOffsets: number[] = [lastDay];
      for (const g of gaps) dayOffsets.push(dayOffsets[dayOffsets.length - 1] + Math.max(1, Math.round(g * scale)));
      dayOffsets.reverse();
      const closeDay = endDay;

      const contacts = this.contacts(company, account.crmId, r);
      const [champion, decisionMaker, technical] = contacts;
      let stageIdx = 0;
      const firstStart = company.anchor - dayOffsets[0] * DAY;
      let closeDate = firstStart + r.int(45, 90) * DAY;
      const opportunity: Opportunity = {
        crmId: salesforceId(r, '006'),
        accountCrmId: account.crmId,
        name: `${account.name} - ${r.pick(['Platform', 'Expansion', 'Pilot', 'Enterprise rollout'])}`,
        stage: 'Discovery',
        amount: r.int(20, 400) * 1000,
        probability: 30,
        closeDate: zone.localDate(closeDate),
        leadSource: r.pick(NamesData.leadSources),
        type: 'New Business',
        ownerUserId: owner.id,
      };
      const truth: DealTruth = { opportunityCrmId: opportunity.crmId, accountCrmId: account.crmId, health, outcome: closed ? (won ? 'won' : 'lost') : 'open', callIds: [] };
      for (let i = 0; i < n; i++) {
        if (i > 0 && stageIdx < OPEN_STAGES.length - 1 && r.chance(0.2 + 0.6 * health)) stageIdx++;
        if (i > 0 && r.chance(0.05 + 0.5 * unhealthy)) closeDate += r.int(14, 45) * DAY;
        const stage = OPEN_STAGES[stageIdx];
        const phase: CallPhase = stage === 'Discovery' ? 'discovery' : stage === 'Demo' ? 'demo' : stage === 'Proposal' ? 'pricing' : r.pick(['security', 'pricing', 'follow-up'] as const);
        const started = Math.max(rangeStart + DAY, company.anchor - dayOffsets[i] * DAY) - DAY + (16 + r.int(0, 6)) * 3_600_000 + r.int(0, 59) * 60_000;
        const call = callFactory.build(-1 - callIndex, started, { accountCrmId: account.crmId, hostUserId: owner.id, phase, duration: r.int(25, 55) * 60 });
        call.seedKey = `${company.seed}/deal/${k}/${i}`;
        callIndex++;
        call.hasCrmContext = true;
        call.opportunityCrmId = opportunity.crmId;
        call.stageAtCall = stage;
        call.closeDateAtCall = zone.localDate(closeDate);
        // The customer side: the champion always, the decision maker as health has it, a technical buyer sometimes.
        const internal = call.parties.filter((p) => p.affiliation === 'Internal');
        const external: Contact[] = [champion];
        if (r.chance(0.1 + 0.7 * health)) external.push(decisionMaker);
        if (phase === 'security' || phase === 'demo' ? r.chance(0.7) : r.chance(0.2)) external.push(technical);
        call.parties = [...internal, ...external.map((c, j) => this.party(c, ids, j === 0 || r.chance(0.85)))];
        call.scope = 'External';
        call.script = this.script(r, health, phase);
        truth.callIds.push(call.id);
        calls.push(call);
      }
      opportunity.stage = closed ? (won ? 'Closed Won' : 'Closed Lost') : OPEN_STAGES[stageIdx];
      opportunity.probability = closed ? (won ? 100 : 0) : [30, 40, 60, 80][stageIdx];
      opportunity.closeDate = zone.localDate(closed ? company.anchor - closeDay * DAY - DAY / 2 : closeDate);
      company.opportunities.push(opportunity);
      company.deals.push(truth);
    }
    return calls;
  }

  /** Noise around health: each knob of each call draws its own. */
  private script(r: SeededRandom, health: number, phase: CallPhase): DealCallScript {
    const noisy = (x: number) => Math.min(1, Math.max(0, x + (r.next() - 0.5) * 0.5));
    const unhealthy = 1 - health;
    const extra: Array<[string, number]> = [];
    extra.push(['competition', r.chance(0.15 + 0.7 * unhealthy) ? 0.5 + 4 * noisy(unhealthy) : 0.1]);
    if (phase === 'pricing' || phase === 'follow-up') extra.push(['pricing', 1 + 5 * noisy(unhealthy)]);
    if (phase === 'security') extra.push(['security', 2 + 5 * noisy(unhealthy)]);
    return {
      buyerLines: Math.max(1, Math.min(5, Math.round(1 + 4 * noisy(health)))),
      sellerLines: Math.max(1, Math.min(4, Math.round(1 + 3 * noisy(unhealthy)))),
      extra,
      nextSteps: r.chance(0.3 + 0.65 * health),
      objectionRate: 0.15 + 0.85 * noisy(unhealthy),
    };
  }

  private contacts(company: Company, accountCrmId: string, r: SeededRandom): Contact[] {
    const domain = company.accounts.find((a) => a.crmId === accountCrmId)!.domain;
    const titles = [r.pick(CHAMPION_TITLES), r.pick(DECISION_MAKER_TITLES), r.pick(['Data Architect', 'IT Manager', 'Senior Business Analyst'])];
    return titles.map((title) => {
      const firstName = r.pick(NamesData.firstNames);
      const lastName = r.pick(NamesData.lastNames);
      const contact: Contact = {
        crmId: salesforceId(r, '003'),
        accountCrmId,
        firstName,
        lastName,
        emailAddress: `${firstName}.${lastName}.${r.digits(3)}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + `@${domain}`,
        title,
      };
      company.contacts.push(contact);
      return contact;
    });
  }

  private party(c: Contact, ids: IdFactory, speaks: boolean): CallParty {
    return {
      id: ids.next(),
      name: `${c.firstName} ${c.lastName}`,
      emailAddress: c.emailAddress,
      title: c.title,
      affiliation: 'External',
      methods: ['Invitee', 'Attendee'],
      contactCrmId: c.crmId,
      ...(speaks ? { speakerId: ids.next() } : {}),
    };
  }
}
