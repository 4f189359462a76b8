import type { CallData, CallTranscript } from '@gong-connector/gong-client';
import type {
  AccountRecord,
  CallAccountRecord,
  CallRecord,
  ContextObjectRecord,
  PartyRecord,
  TopicRecord,
  TrackerRecord,
  TranscriptRecord,
} from '@gong-connector/persistence';

export interface CallRecordMapperOptions {
  /**
   * CRM accounts already known by (lower-case) domain: an external participant from such a domain
   * links the call to that account (source `domain`) instead of a domain-only account.
   */
  crmAccountsByDomain?: ReadonlyMap<string, AccountRecord>;
  /**
   * CRM accounts that may be named in the titles of the calls being mapped: an internal call (no
   * external participant) linked to no account is linked (source `title`) to the one account whose
   * name its title holds as whole words; none when several do (ambiguous) or none does.
   */
  crmAccountsForTitles?: readonly AccountRecord[];
  /**
   * CRM accounts by opportunity (`system:objectId`): a call whose CRM context holds Opportunity
   * objects but no Account object is linked (source `opportunity`) to the account of each of its
   * opportunities found here (as other calls' context shows them; see `CallStore`).
   */
  crmAccountsByOpportunity?: ReadonlyMap<string, AccountRecord>;
}

/** Free-mail providers: their domains say nothing about a participant's company. */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'ymail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

const AFFILIATIONS = new Set(['Internal', 'External', 'Unknown']);

/**
 * Gong's extensive call (`/v2/calls/extensive` or a webhook's `callData`) as the replica stores it:
 * metadata, parties, CRM context objects, topics, trackers, AI content, and the accounts the call
 * belongs to, derived from its CRM Account objects and from its external participants' email
 * domains. Pure and deterministic: the same call gives the same record (hence the same content hash).
 */
export class CallRecordMapper {
  /** Throws when the call lacks what a record needs (an id and a start or scheduled time). */
  static toCallRecord(call: CallData, options: CallRecordMapperOptions = {}): CallRecord {
    const m = call.metaData;
    const started = m.started ?? m.scheduled;
    if (started === undefined) throw new Error(`call ${m.id} has neither a start nor a scheduled time`);
    const content = call.content ?? {};
    const context = CallRecordMapper.contextObjects(call);
    const parties = (call.parties ?? []).map(CallRecordMapper.party);
    return {
      id: m.id,
      workspaceId: m.workspaceId ?? null,
      url: m.url ?? null,
      title: m.title ?? '',
      scheduled: m.scheduled === undefined ? null : isoUtc(m.scheduled),
      started: isoUtc(started),
      durationS: Math.max(0, Math.round(m.duration ?? 0)),
      primaryUserId: m.primaryUserId ?? null,
      direction: m.direction ?? null,
      system: m.system ?? null,
      scope: m.scope ?? null,
      media: m.media ?? null,
      language: m.language ?? null,
      purpose: m.purpose ?? null,
      meetingUrl: m.meetingUrl ?? null,
      calendarEventId: m.calendarEventId ?? null,
      clientUniqueId: m.clientUniqueId ?? null,
      customData: m.customData ?? null,
      sdrDisposition: m.sdrDisposition ?? null,
      isPrivate: m.isPrivate ?? false,
      brief: content.brief ?? null,
      keyPoints: content.keyPoints ?? [],
      highlights: content.highlights ?? [],
      outline: content.outline ?? [],
      structure: content.structure ?? [],
      callOutcome: content.callOutcome ?? null,
      interaction: call.interaction ?? null,
      parties,
      context,
      accounts: CallRecordMapper.withTitleAccount(
        CallRecordMapper.accounts(context, parties, options.crmAccountsByDomain, options.crmAccountsByOpportunity),
        m.title ?? '',
        parties,
        options.crmAccountsForTitles,
      ),
      topics: CallRecordMapper.topics(call),
      trackers: CallRecordMapper.trackers(call),
    };
  }

  /** A transcript as Gong sends it (monologues of sentences, ms from the call start), stamped with when it was fetched. */
  static toTranscriptRecord(transcript: CallTranscript, fetchedAt: string): TranscriptRecord {
    return {
      callId: transcript.callId,
      fetchedAt,
      monologues: transcript.transcript.map((mono) => ({
        speakerId: mono.speakerId ?? null,
        topic: mono.topic ?? null,
        sentences: mono.sentences.map((s) => ({ start: s.start, end: s.end, text: s.text })),
      })),
    };
  }

  /** Lower-case email domains of the call's external participants (free-mail providers left out). */
  static externalDomains(call: CallData): string[] {
    const out = new Set<string>();
    for (const p of call.parties ?? []) {
      if (p.affiliation !== 'External') continue;
      const domain = emailDomain(p.emailAddress);
      if (domain && !FREE_MAIL_DOMAINS.has(domain)) out.add(domain);
    }
    return [...out];
  }

  private static party(p: NonNullable<CallData['parties']>[number]): PartyRecord {
    return {
      partyId: p.id ?? null,
      speakerId: p.speakerId ?? null,
      userId: p.userId ?? null,
      email: p.emailAddress ?? null,
      name: p.name ?? null,
      title: p.title ?? null,
      affiliation: (AFFILIATIONS.has(p.affiliation ?? '') ? p.affiliation : 'Unknown') as PartyRecord['affiliation'],
      phoneNumber: p.phoneNumber ?? null,
      methods: p.methods ?? [],
      context: p.context ?? [],
    };
  }

  private static contextObjects(call: CallData): ContextObjectRecord[] {
    const out: ContextObjectRecord[] = [];
    for (const block of call.context ?? []) {
      for (const o of block.objects ?? []) {
        if (!o.objectType || !o.objectId) continue;
        const fields = (o.fields ?? []).map((f) => ({ name: f.name ?? '', value: f.value ?? null }));
        const name = fields.find((f) => f.name === 'Name')?.value;
        out.push({
          system: block.system ?? 'Unknown',
          objectType: o.objectType,
          objectId: o.objectId,
          name: typeof name === 'string' ? name : null,
          timing: o.timing ?? null,
          fields,
        });
      }
    }
    return out;
  }

  private static accounts(
    context: readonly ContextObjectRecord[],
    parties: readonly PartyRecord[],
    known: ReadonlyMap<string, AccountRecord> | undefined,
    byOpportunity?: ReadonlyMap<string, AccountRecord>,
  ): CallAccountRecord[] {
    // CRM accounts: one per (system, object id); field values as of now win over those at call time.
    const crm = new Map<string, { account: AccountRecord; timing: string | null }>();
    for (const o of context) {
      if (o.objectType !== 'Account') continue;
      const id = `crm:${o.system}:${o.objectId}`;
      const seen = crm.get(id);
      if (seen && !(seen.timing !== 'Now' && o.timing === 'Now')) continue;
      const fields = Object.fromEntries(o.fields.map((f) => [f.name, f.value]));
      crm.set(id, {
        timing: o.timing,
        account: {
          id,
          name: o.name ?? o.objectId,
          domain: websiteDomain(fields.Website ?? fields.Domain ?? fields.website),
          system: o.system,
          crmObjectId: o.objectId,
          fields,
        },
      });
    }
    const links: CallAccountRecord[] = [...crm.values()].map(({ account }) => ({ account, source: 'crm' }));
    const linked = new Set(links.map((l) => l.account.id));
    // Only opportunities in the CRM context: each one's account, when known.
    if (links.length === 0 && byOpportunity) {
      for (const key of CallRecordMapper.opportunityKeys(context)) {
        const account = byOpportunity.get(key);
        if (!account || linked.has(account.id)) continue;
        linked.add(account.id);
        links.push({ account, source: 'opportunity' });
      }
    }
    const crmDomains = new Set(links.map((l) => l.account.domain).filter((d): d is string => d !== null));
    for (const p of parties) {
      if (p.affiliation !== 'External') continue;
      const domain = emailDomain(p.email);
      if (!domain || FREE_MAIL_DOMAINS.has(domain) || crmDomains.has(domain)) continue;
      const account: AccountRecord = known?.get(domain) ?? {
        id: `domain:${domain}`,
        name: domain,
        domain,
        system: null,
        crmObjectId: null,
        fields: {},
      };
      if (linked.has(account.id)) continue;
      linked.add(account.id);
      links.push({ account, source: 'domain' });
    }
    return links.sort((a, b) => (a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0));
  }

  /**
   * The opportunities (`system:objectId`) of a CRM context that has no Account object: those whose
   * account `crmAccountsByOpportunity` may tell. Empty when the context names an account itself.
   */
  static opportunityKeys(context: readonly ContextObjectRecord[]): string[] {
    if (context.some((o) => o.objectType === 'Account')) return [];
    return [...new Set(context.filter((o) => o.objectType === 'Opportunity').map((o) => `${o.system}:${o.objectId}`))];
  }

  /** Each opportunity (`system:objectId`) seen beside exactly one Account object in these contexts, with that account. */
  static opportunityAccounts(records: readonly { context: readonly ContextObjectRecord[]; accounts: readonly CallAccountRecord[] }[]): Map<string, AccountRecord> {
    const seen = new Map<string, Map<string, AccountRecord>>();
    for (const r of records) {
      for (const o of r.context) {
        if (o.objectType !== 'Opportunity') continue;
        const key = `${o.system}:${o.objectId}`;
        const accounts = seen.get(key) ?? new Map<string, AccountRecord>();
        for (const a of r.accounts) if (a.source === 'crm' && a.account.system === o.system) accounts.set(a.account.id, a.account);
        seen.set(key, accounts);
      }
    }
    return new Map([...seen].filter(([, accounts]) => accounts.size === 1).map(([key, accounts]) => [key, [...accounts.values()][0]!]));
  }

  /** The account an internal call's title names, unambiguously (see `crmAccountsForTitles`). */
  static accountNamedInTitle(title: string, candidates: readonly AccountRecord[]): AccountRecord | undefined {
    const haystack = ` ${title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    const named = new Map<string, AccountRecord>();
    for (const a of candidates) {
      const needle = a.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (needle.length >= 3 && haystack.includes(` ${needle} `)) named.set(a.id, a);
    }
    // A name inside a longer matching name ("Acme" in "Acme Logistics") yields to the longer one.
    const found = [...named.values()].filter((a) => ![...named.values()].some((b) => b !== a && b.name.length > a.name.length && b.name.toLowerCase().includes(a.name.toLowerCase())));
    return found.length === 1 ? found[0] : undefined;
  }

  private static withTitleAccount(
    links: CallAccountRecord[],
    title: string,
    parties: readonly PartyRecord[],
    candidates: readonly AccountRecord[] | undefined,
  ): CallAccountRecord[] {
    if (links.length > 0 || !candidates?.length || parties.some((p) => p.affiliation === 'External')) return links;
    const account = CallRecordMapper.accountNamedInTitle(title, candidates);
    return account ? [{ account, source: 'title' }] : links;
  }

  private static topics(call: CallData): TopicRecord[] {
    const out = new Map<string, TopicRecord>();
    for (const t of call.content?.topics ?? []) {
      if (!t.name || out.has(t.name)) continue;
      out.set(t.name, { name: t.name, durationS: t.duration ?? 0 });
    }
    return [...out.values()];
  }

  private static trackers(call: CallData): TrackerRecord[] {
    const out = new Map<string, TrackerRecord>();
    const occurrences = (list: { startTime?: number; speakerId?: string }[] | undefined) =>
      (list ?? []).map((o) => ({ startTime: o.startTime ?? 0, speakerId: o.speakerId ?? null }));
    for (const t of call.content?.trackers ?? []) {
      if (!t.id || out.has(t.id)) continue;
      out.set(t.id, {
        trackerId: t.id,
        name: t.name ?? t.id,
        type: t.type ?? null,
        count: Math.round(t.count ?? 0),
        occurrences: occurrences(t.occurrences),
        phrases: (t.phrases ?? []).map((p) => ({
          phrase: p.phrase ?? '',
          count: Math.round(p.count ?? 0),
          occurrences: occurrences(p.occurrences),
        })),
      });
    }
    return [...out.values()];
  }
}

/** `2026-01-09T16:21:03-08:00` → `2026-01-10T00:21:03Z` (UTC, no milliseconds when there are none). */
function isoUtc(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${value}`);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 0) return null;
  const domain = email.slice(at + 1).trim().toLowerCase();
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

function websiteDomain(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `https://${value.trim()}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}
