/**
 * The sales-domain vocabulary a question is expanded with, kept as data (both index adapters read
 * it through `parseQuestion`). Each group is one concept: a question word or phrase of the group
 * also matches the group's other terms (ranked below the word itself), and chunks where one of the
 * group's `trackers` fired are ranked up. Terms are matched after English stemming, so one form of
 * a word is enough ("discount" covers "discounts", "discounted"); a term of several words is a
 * phrase. Tracker names are compared exactly as Gong names them (chunks carry them), so list the
 * names companies commonly give such trackers.
 *
 * Tuned on the words people use in sales calls and in questions about them (hedges, CRM jargon,
 * procurement talk), never on a benchmark's questions. Company-specific words (competitor names,
 * product names) do not belong here: the Competitors tracker carries them.
 */
export interface SynonymGroup {
  /** What the concept is, for logs and tests. */
  name: string;
  terms: readonly string[];
  trackers: readonly string[];
}

export const SALES_SYNONYM_GROUPS: readonly SynonymGroup[] = [
  {
    name: 'pricing',
    terms: [
      'price', 'pricing', 'cost', 'budget', 'discount', 'expensive', 'cheaper', 'quote', 'per seat', 'list price', 'fee',
      'affordable', 'afford', 'spend', 'invoice', 'payment terms', 'price increase', 'too much', 'licensing cost', 'rate card',
      'money', 'dollars', 'commercial', 'commercials', 'numbers', 'roi', 'business case', 'better deal', 'pay', 'paying',
      'rate', 'contract value', 'pricey', 'costly', 'funds', 'funding', 'finance',
    ],
    trackers: ['Pricing', 'Price', 'Budget', 'Discounting', 'Discount', 'Pricing Objection'],
  },
  {
    name: 'security',
    terms: [
      'security', 'soc 2', 'soc2', 'compliance', 'compliant', 'pen test', 'penetration test', 'pentest', 'gdpr', 'hipaa',
      'iso 27001', 'encryption', 'sso', 'single sign-on', 'data residency', 'infosec', 'security review', 'questionnaire',
      'vulnerability', 'audit', 'privacy', 'data privacy', 'certification', 'certified', 'data stored', 'hosting', 'hosted',
      'vendor risk', 'risk assessment', 'security team', 'access control', 'breach',
    ],
    trackers: ['Security', 'Compliance', 'Security & Compliance', 'InfoSec'],
  },
  {
    name: 'competition',
    terms: [
      'competitor', 'competition', 'competitive', 'alternative', 'looking at', 'evaluating', 'other vendor', 'vendor',
      'incumbent', 'switch from', 'rival', 'other options', 'shopping around', 'bake-off', 'bake off', 'other solutions',
      'options', 'compare', 'comparison', 'compared', 'shortlist', 'rfp', 'in the running', 'other tools', 'versus',
    ],
    trackers: ['Competitors', 'Competitor', 'Competition', 'Competitive'],
  },
  {
    name: 'next steps',
    terms: [
      'next steps', 'next step', 'follow up', 'follow-up', 'action items', 'send over', 'circle back', 'touch base',
      'schedule a call', 'set up a meeting', 'get back to you', 'proposal', 'recap', 'next meeting', 'next call', 'next conversation', 'next session', 'agreed', 'agree',
      'send', 'promise', 'promised', 'commit', 'committed', 'to-do', 'to-dos', 'owe', 'deliverable', 'invite', 'loop in',
    ],
    trackers: ['Next Steps', 'Next steps', 'Follow Up', 'Action Items'],
  },
  {
    name: 'decision makers',
    terms: [
      'decision maker', 'decision-maker', 'sign off', 'sign-off', 'economic buyer', 'approve', 'approval', 'final say',
      'signing authority', 'stakeholder', 'buying committee', 'cfo', 'procurement', 'board', 'decide', 'decision',
      'final call', 'sign', 'signs', 'signature', 'executive', 'exec', 'vp', 'budget holder', 'approval chain', 'purchasing',
      'ceo', 'cio', 'cto', 'leadership', 'boss', 'pen to paper', 'signatory', 'purse strings', 'budget owner', 'buy-in',
      'steering committee', 'have a say', 'weigh in',
      'champion', 'sponsor', 'executive sponsor',
      // idioms for who holds the budget or the decision (a question's wording; calls rarely say them)
      'controls the money', 'controls the budget', 'holds the budget', 'owns the budget', 'holds the purse strings',
      'signs the check', 'writes the check', 'calls the shots', 'purchasing decision', 'buying decision', 'buying process',
      'purchasing process', 'decision process', 'who decides',
    ],
    trackers: ['Decision Maker', 'Decision Makers', 'Decision Process', 'Authority', 'Stakeholders'],
  },
  {
    name: 'timeline',
    terms: [
      'timeline', 'deadline', 'go-live', 'go live', 'launch', 'rollout', 'roll out', 'timeframe', 'time frame', 'kickoff',
      'start date', 'end of quarter', 'end of the quarter', 'by q1', 'by q2', 'by q3', 'by q4', 'urgency', 'when do you need',
      'close date', 'target date', 'slip', 'urgent', 'asap', 'next quarter', 'this quarter', 'by when', 'date', 'weeks',
      'signed by', 'cutover', 'schedule', 'quickly', 'how fast', 'how soon', 'how quickly', 'accelerate', 'speed up', 'sooner', 'delay', 'pushed out',
      // when people say it: months and fiscal periods ("May" left out: it is mostly the verb)
      'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
      'fiscal year', 'end of the month', 'end of month', 'end of the year', 'months from now',
      'weeks from now', 'before the new year', 'slide',
    ],
    trackers: ['Timeline', 'Timing', 'Deadline', 'Urgency'],
  },
  {
    name: 'churn risk',
    terms: [
      'churn', 'cancel', 'cancellation', 'renewal risk', 'not renew', 'not renewing', 'at risk', 'downgrade', 'terminate',
      'switch away', 'unhappy', 'frustrated', 'leaving', 'walk away', 'reconsider', 'renew', 'renewal', 'adoption', 'usage',
      'actually using', 'really using', 'still using', 'complain', 'complaint', 'value', 'happy', 'satisfied', 'disappointed', 'lost our champion', 'churned',
      'stopped using', 'not using', 'logins', 'log in', 'active users', 'shelfware', 'consolidating', 'consolidation', 'cutting tools',
      'cost cutting', 'moving off', 'sunset', 'escalation', 'return on investment', 'still need', 'health score',
      // not "using it": the index drops "it" and would match every "use"
      'lose our champion', 'lost the champion', 'lose the champion', 'champion left', 'champion is leaving', 'champion leaving',
    ],
    trackers: ['Churn', 'Churn Risk', 'Renewal Risk', 'Cancellation'],
  },
  {
    name: 'objections',
    terms: ['objection', 'concern', 'pushback', 'push back', 'worried', 'hesitant', 'blocker', 'risk', 'skeptical', 'problem'],
    trackers: ['Objections', 'Objection', 'Concerns', 'Pricing Objection'],
  },
  {
    name: 'integration',
    terms: ['integration', 'integrate', 'api', 'connector', 'sync', 'webhook', 'data warehouse', 'plug into'],
    trackers: ['Integration', 'Integrations', 'Technical'],
  },
  {
    name: 'implementation',
    terms: ['implementation', 'onboarding', 'deployment', 'rollout plan', 'training', 'setup', 'migration', 'migrate'],
    trackers: ['Implementation', 'Onboarding'],
  },
];
