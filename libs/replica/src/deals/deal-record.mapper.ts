import type { CallRecord, ContextObjectRecord, DealCallObservation, DealFieldsRecord, DealOutcome } from '@gong-connector/persistence';

/** Field names of an opportunity across CRMs (Salesforce first, then HubSpot and others), compared without case. */
const FIELDS = {
  name: ['Name', 'dealname', 'OpportunityName'],
  stage: ['StageName', 'dealstage', 'Stage'],
  amount: ['Amount', 'amount'],
  closeDate: ['CloseDate', 'closedate'],
  owner: ['OwnerId', 'hubspot_owner_id', 'owner_id'],
  isClosed: ['IsClosed', 'hs_is_closed'],
  isWon: ['IsWon', 'hs_is_closed_won'],
} as const;

const WON = /closed\W*won/i;
const LOST = /closed\W*lost/i;

/**
 * What one stored call's CRM context says about each opportunity in it (objects of type
 * `Opportunity`, keyed by the CRM object id): the fields at the time of the call (`TimeOfCall`)
 * and as of the fetch (`Now`). Pure; the DealRepository derives deals and histories from these.
 */
export class DealRecordMapper {
  static observations(call: CallRecord): DealCallObservation[] {
    const byId = new Map<string, ContextObjectRecord[]>();
    for (const o of call.context) {
      if (o.objectType !== 'Opportunity' || !o.objectId) continue;
      byId.set(o.objectId, [...(byId.get(o.objectId) ?? []), o]);
    }
    const account = call.accounts.find((a) => a.source === 'crm') ?? call.accounts.find((a) => a.source === 'opportunity');
    return [...byId].map(([dealId, objects]) => {
      const now = objects.find((o) => o.timing === 'Now') ?? objects.find((o) => o.timing === null && o.fields.length > 0);
      const atCall = objects.find((o) => o.timing === 'TimeOfCall');
      return {
        dealId,
        system: objects[0]!.system,
        callId: call.id,
        started: call.started,
        primaryUserId: call.primaryUserId,
        accountId: account?.account.id ?? null,
        accountName: account?.account.name ?? null,
        atCall: atCall ? DealRecordMapper.fields(atCall) : null,
        now: now ? DealRecordMapper.fields(now) : null,
      };
    });
  }

  static fields(o: ContextObjectRecord): DealFieldsRecord {
    const get = (names: readonly string[]): unknown => {
      const wanted = names.map((n) => n.toLowerCase());
      return o.fields.find((f) => wanted.includes(f.name.toLowerCase()))?.value ?? null;
    };
    const stage = text(get(FIELDS.stage));
    return {
      name: text(get(FIELDS.name)) ?? o.name,
      stage,
      amount: amount(get(FIELDS.amount)),
      closeDate: date(get(FIELDS.closeDate)),
      outcome: DealRecordMapper.outcome(stage, bool(get(FIELDS.isClosed)), bool(get(FIELDS.isWon))),
      crmOwnerId: text(get(FIELDS.owner)),
    };
  }

  /** Won or lost from the CRM's closed/won flags when present, else from the stage's name ("Closed Won", "closedlost"). */
  static outcome(stage: string | null, isClosed: boolean | null, isWon: boolean | null): DealOutcome {
    if (isClosed === true && isWon !== null) return isWon ? 'won' : 'lost';
    if (isClosed === false) return 'open';
    if (stage && WON.test(stage)) return 'won';
    if (stage && LOST.test(stage)) return 'lost';
    return 'open';
  }
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim().length > 0 ? v.trim() : null;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

function amount(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A calendar date `YYYY-MM-DD` from a date or an ISO date-time; null for anything else. */
function date(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(v.trim());
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return null;
  return m[1]!;
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}
