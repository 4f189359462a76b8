import { randomBytes } from 'node:crypto';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { waitFor } from '../deferred.js';
import { startStack, type Stack } from './stack.js';

type Truth = ReturnType<Stack['sim']['groundTruth']>;
type TruthCall = NonNullable<Truth['calls']>[number];

export interface MeetingPrepPerson {
  id: string;
  email: string;
}

/** What meeting_prep answers (the fields the e2e test and the bench read). */
export interface MeetingPrepBrief {
  account: { id: string; name: string };
  lastCalls: { id: string }[];
  attendees: { email: string; callsAttended: number }[];
  live: { checked: boolean; gongRequests: number; newCalls: { id: string }[]; note: string };
  citedCallIds: string[];
  callsRead: number;
}

export interface MeetingPrepRun {
  brief: MeetingPrepBrief;
  /** Requests gong-sim answered while the tool ran (its request log: every endpoint, every service). */
  gongRequests: number;
  /** Those requests by endpoint and status (`POST /v2/calls/extensive 200`). */
  gongEndpoints: Record<string, number>;
  elapsedMs: number;
}

/**
 * Meeting prep's workload, shared by its end-to-end test (what a rep and an admin get) and
 * `npm run bench:meeting-prep` (how fast, how many Gong requests): the whole stack against gong-sim,
 * the last day's calls replicated by ingest's first sync, then two calls of one account that end in
 * Gong without a webhook (so they are not replicated: the live check's finds), one hosted by the rep.
 * The rep (profile `own`, no API grants) has a call on that account, and so do others.
 */
export class MeetingPrepScenario {
  private constructor(
    readonly stack: Stack,
    readonly rep: MeetingPrepPerson,
    readonly admin: MeetingPrepPerson,
    readonly account: { crmId: string; name: string; domain: string },
    /** Gong's calls not replicated: the rep's, and another host's. */
    readonly unreplicated: { rep: string; other: string },
    /** The host of the other unreplicated call (someone whose other calls the rep may not see). */
    readonly other: MeetingPrepPerson,
    private readonly tokens: Record<'rep' | 'admin', string>,
  ) {}

  static async start(options: { calls?: number; logLevel?: string } = {}): Promise<MeetingPrepScenario> {
    const calls = options.calls ?? 200;
    const stack = await startStack({
      // gong-sim's day of history is the previous UTC calendar day (business hours in UTC, so every
      // call started before midnight, whatever the hour now), and the boot sync reaches back two days:
      // with its default (24 h) it would miss that day's calls before this hour of it, and with the
      // company's default zone (Los Angeles) the last calls would start after midnight UTC.
      sim: { seed: `meeting-prep-${randomBytes(4).toString('hex')}`, users: 24, accounts: 6, calls, days: 1, workspaces: 1, transcriptDelayMs: 0, timeZone: 'UTC' },
      // gong-sim's request log sees every service: the background syncs a brief does not read
      // (coaching stats, tracker settings) are off, so what the log counts around a brief is the brief's.
      env: { ingest: { INGEST_COACHING_SYNC_INTERVAL_MS: '0', INGEST_TRACKER_SYNC_INTERVAL_MS: '0', INGEST_SYNC_INITIAL_MS: String(2 * 86_400_000) } },
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    });
    try {
      const truth = stack.sim.groundTruth({ includeCalls: true });
      const levelOf = new Map(truth.profileAssignments.map((a) => [a.userId, a.callsAccessLevel]));
      const granted = new Set(truth.usersAccess.flatMap((g) => g.userIds));
      const people = truth.users.filter((u) => u.active && !u.isAvatar);
      const admin = people.find((u) => levelOf.get(u.id) === 'all');
      if (!admin) throw new Error('the seeded company has no user with calls access "all"');
      const sees = (userId: string, c: TruthCall) => c.primaryUserId === userId || c.participantUserIds.includes(userId);
      // The rep and account with the most calls of others beside the rep's own: the leak test's material.
      let best: { rep: (typeof people)[number]; crmId: string; score: number } | undefined;
      for (const rep of people.filter((u) => levelOf.get(u.id) === 'own' && !granted.has(u.id))) {
        for (const account of truth.accounts) {
          const ofAccount = truth.calls!.filter((c) => c.accountCrmId === account.crmId);
          const own = ofAccount.filter((c) => sees(rep.id, c)).length;
          const others = ofAccount.length - own;
          if (own > 0 && others > 0 && (!best || Math.min(own, others) > best.score)) best = { rep, crmId: account.crmId, score: Math.min(own, others) };
        }
      }
      if (!best) throw new Error('no rep shares an account with others in the seeded company');
      const account = truth.accounts.find((a) => a.crmId === best.crmId)!;
      const other = people.find((u) => u.id !== best.rep.id && u.id !== admin.id && levelOf.get(u.id) !== undefined)!;

      const agentApi = stack.services['agent-api'].url;
      const admin_ = async (path: string, body?: unknown): Promise<unknown> => {
        const res = await fetch(`${agentApi}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      const tokens = {
        rep: ((await admin_('/admin/tokens', { user: best.rep.emailAddress, name: 'meeting-prep rep' })) as { token: string }).token,
        admin: ((await admin_('/admin/tokens', { user: admin.emailAddress, name: 'meeting-prep admin' })) as { token: string }).token,
      };
      // Replicated: the admin sees every non-private call of the day through the API.
      const visibleToAdmin = truth.calls!.filter((c) => !c.isPrivate || sees(admin.id, c)).length;
      const countCalls = async (): Promise<number> => {
        let n = 0;
        for (let cursor: string | null = null; ; ) {
          const res = await fetch(`${agentApi}/v1/calls?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${tokens.admin}` } });
          if (!res.ok) return -1;
          const page = (await res.json()) as { calls: unknown[]; nextCursor: string | null };
          n += page.calls.length;
          if (!page.nextCursor) return n;
          cursor = page.nextCursor;
        }
      };
      let seen = 0;
      await waitFor(async () => (seen = await countCalls()) >= visibleToAdmin, () => `the day's calls replicated (${seen} of ${visibleToAdmin} visible to the admin)`, { timeoutMs: 300_000, intervalMs: 1_000 });

      // Two calls of the account end in Gong with no webhook: the replica does not know them.
      const rules = ((await (await fetch(`${stack.sim.baseUrl}/__sim/webhooks`)).json()) as { rules: { id: string }[] }).rules;
      for (const r of rules) stack.sim.removeWebhook(r.id);
      const repCall = stack.sim.completeCall({ accountCrmId: account.crmId, hostUserId: best.rep.id, isPrivate: false }).call.id;
      const otherCall = stack.sim.completeCall({ accountCrmId: account.crmId, hostUserId: other.id, isPrivate: false }).call.id;
      return new MeetingPrepScenario(
        stack,
        { id: best.rep.id, email: best.rep.emailAddress },
        { id: admin.id, email: admin.emailAddress },
        account,
        { rep: repCall, other: otherCall },
        { id: other.id, email: other.emailAddress },
        tokens,
      );
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  /** The calls `userId` may see per gong-sim's truth (own level: hosted or attended; the rep holds no API grant). */
  callsOf(userId: string): Set<string> {
    const calls = this.stack.sim.groundTruth({ includeCalls: true }).calls!;
    return new Set(calls.filter((c) => c.primaryUserId === userId || c.participantUserIds.includes(userId)).map((c) => c.id));
  }

  /** The meeting's attendees: the rep, a colleague, and someone of the account. */
  attendees(): string[] {
    return [this.rep.email, this.other.email, `someone@${this.account.domain}`];
  }

  /** An MCP client (official SDK) signed in as the rep or the admin. */
  async client(who: 'rep' | 'admin'): Promise<Client> {
    const client = new Client({ name: `meeting-prep-${who}`, version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${this.stack.services['agent-api'].url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${this.tokens[who]}` } } }),
    );
    return client;
  }

  /** One meeting_prep over MCP, with gong-sim's request count around it. */
  async meetingPrep(client: Client, args: Record<string, unknown>): Promise<MeetingPrepRun> {
    const before = this.stack.sim.stats();
    const t0 = performance.now();
    const result = (await client.callTool({ name: 'meeting_prep', arguments: args })) as { structuredContent?: MeetingPrepBrief; isError?: boolean; content: { text?: string }[] };
    const elapsedMs = performance.now() - t0;
    const after = this.stack.sim.stats();
    const gongEndpoints: Record<string, number> = {};
    for (const [endpoint, byStatus] of Object.entries(after.byEndpoint)) {
      for (const [status, n] of Object.entries(byStatus)) {
        const delta = n - (before.byEndpoint[endpoint]?.[status] ?? 0);
        if (delta > 0) gongEndpoints[`${endpoint} ${status}`] = delta;
      }
    }
    if (result.isError || !result.structuredContent) throw new Error(`meeting_prep failed: ${result.content[0]?.text ?? 'no content'}`);
    return { brief: result.structuredContent, gongRequests: after.total - before.total, gongEndpoints, elapsedMs };
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}
