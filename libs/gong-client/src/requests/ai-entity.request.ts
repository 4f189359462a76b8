/** `crmEntityType` of the AI entity endpoints (spec enum). */
export const CRM_ENTITY_TYPES = ['ACCOUNT', 'CONTACT', 'DEAL', 'LEAD'] as const;
export type CrmEntityType = (typeof CRM_ENTITY_TYPES)[number];

/** `timePeriod` of the AI entity endpoints (spec enum); CUSTOM_RANGE needs `fromDateTime`. */
export const AI_TIME_PERIODS = [
  'LAST_7DAYS',
  'LAST_30DAYS',
  'LAST_90DAYS',
  'LAST_90_DAYS_SINCE_LAST_ACTIVITY',
  'LAST_YEAR_SINCE_LAST_ACTIVITY',
  'LAST_YEAR',
  'THIS_WEEK',
  'THIS_MONTH',
  'THIS_YEAR',
  'THIS_QUARTER',
  'CUSTOM_RANGE',
  'ALL_CONVERSATIONS',
] as const;
export type AiTimePeriod = (typeof AI_TIME_PERIODS)[number];

/** The entity and period shared by GET /v2/entities/get-brief and /ask-entity (all query parameters). */
export interface AiEntityQuery {
  /** int64 in the spec: a digit string here. */
  workspaceId: string;
  crmEntityType: CrmEntityType;
  crmEntityId: string;
  timePeriod: AiTimePeriod;
  /** ISO-8601; required when timePeriod is CUSTOM_RANGE. */
  fromDateTime?: string | undefined;
  toDateTime?: string | undefined;
}

export interface GenerateBriefQuery extends AiEntityQuery {
  briefName: string;
}

export interface AskEntityQuery extends AiEntityQuery {
  question: string;
}
