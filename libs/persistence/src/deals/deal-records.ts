/** How a deal ended, from its current CRM stage: `open` until a call shows it closed. */
export type DealOutcome = 'open' | 'won' | 'lost';

/** The opportunity's fields as one CRM context object shows them. */
export interface DealFieldsRecord {
  name: string | null;
  stage: string | null;
  amount: number | null;
  /** `YYYY-MM-DD`. */
  closeDate: string | null;
  outcome: DealOutcome;
  /** The CRM's owner id (`OwnerId`), when the context carries it; not a Gong user id. */
  crmOwnerId: string | null;
}

/** What one stored call's CRM context says about one opportunity (built by the replica's DealRecordMapper). */
export interface DealCallObservation {
  /** The CRM opportunity id (text, as the CRM spells it). */
  dealId: string;
  system: string;
  callId: string;
  /** ISO instant the call started. */
  started: string;
  /** The call's Gong host. */
  primaryUserId: string | null;
  /** The call's CRM account (`crm:<system>:<id>`), if any. */
  accountId: string | null;
  accountName: string | null;
  /** The opportunity at the time of the call (`TimeOfCall`), if the context has it. */
  atCall: DealFieldsRecord | null;
  /** The opportunity as of when the call was fetched (`Now`), if the context has it. */
  now: DealFieldsRecord | null;
}

/** A deal as the replica holds it (current fields from the newest call that carries `Now`). */
export interface DealRecord {
  id: string;
  system: string;
  name: string | null;
  stage: string | null;
  amount: number | null;
  closeDate: string | null;
  outcome: DealOutcome;
  /** The Gong user who hosts the deal's newest call: whose deal it is for `dealsAccess`. */
  ownerUserId: string | null;
  crmOwnerId: string | null;
  accountId: string | null;
  accountName: string | null;
  firstCallAt: string;
  lastCallAt: string;
  callCount: number;
}

export interface DealCallLink {
  dealId: string;
  callId: string;
  started: string;
  stageAtCall: string | null;
  closeDateAtCall: string | null;
}

/** A value of the deal (stage or close date) from the first call, in start order, that showed it. */
export interface DealHistoryEntry<T> {
  value: T;
  since: string;
  callId: string;
}

/** A closed deal's outcome with its calls (for win rates). */
export interface DealOutcomeRecord {
  dealId: string;
  outcome: 'won' | 'lost';
  closeDate: string | null;
  accountId: string | null;
  ownerUserId: string | null;
  callIds: string[];
}
