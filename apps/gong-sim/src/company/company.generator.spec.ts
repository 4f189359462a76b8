import { describe, expect, it } from '@jest/globals';
import { CompanyGenerator, minimumUsers } from './company.generator.js';
import type { Company } from './company.model.js';

const input = {
  seed: 'gen-spec',
  sizes: { users: 60, accounts: 40, calls: 600, days: 60, workspaces: 3 },
  anchor: Date.UTC(2026, 0, 1),
  timeZone: 'America/Los_Angeles',
};

const company: Company = new CompanyGenerator().generate(input).company;

function depth(c: Company, userId: string): number {
  const byId = new Map(c.users.map((u) => [u.id, u]));
  let d = 0;
  for (let u = byId.get(userId); u?.managerId; u = byId.get(u.managerId)) d++;
  return d;
}

describe('CompanyGenerator', () => {
  it('is a pure function of seed and sizes', () => {
    const again = new CompanyGenerator().generate(input).company;
    expect(JSON.stringify(again.users)).toBe(JSON.stringify(company.users));
    expect(JSON.stringify(again.calls)).toBe(JSON.stringify(company.calls));
    expect(JSON.stringify(again.profiles)).toBe(JSON.stringify(company.profiles));
    const other = new CompanyGenerator().generate({ ...input, seed: 'another' }).company;
    expect(other.calls[0].id).not.toBe(company.calls[0].id);
  });

  it('uses 18-19 digit ids beyond JavaScript safe integers, unique across kinds', () => {
    const ids = [
      ...company.users.map((u) => u.id),
      ...company.workspaces.map((w) => w.id),
      ...company.profiles.map((p) => p.id),
      ...company.calls.map((c) => c.id),
      ...company.calls.flatMap((c) => c.parties.map((p) => p.id)),
    ];
    for (const id of ids) {
      expect(id).toMatch(/^[1-9]\d{17,18}$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(BigInt(id) <= 9223372036854775807n).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has users at the company domain, a hierarchy several levels deep and some inactive users', () => {
    const users = company.users.filter((u) => !u.isAvatar);
    expect(users).toHaveLength(60);
    expect(users.every((u) => u.emailAddress.endsWith(`@${company.domain}`))).toBe(true);
    expect(new Set(users.map((u) => u.emailAddress)).size).toBe(users.length);
    expect(users.filter((u) => !u.managerId)).toHaveLength(1);
    expect(Math.max(...users.map((u) => depth(company, u.id)))).toBeGreaterThanOrEqual(4);
    expect(users.some((u) => !u.active)).toBe(true);
    expect(company.users.filter((u) => u.isAvatar).every((u) => u.emailAddress.endsWith('@gong.io'))).toBe(true);
  });

  it('has per-workspace profiles covering every calls-access level, with users in none and in several', () => {
    for (const ws of company.workspaces) {
      const profiles = company.profiles.filter((p) => p.workspaceId === ws.id);
      const levels = profiles.map((p) => `${p.callsAccess.permissionLevel}:${p.callsAccess.teamLeadIds === null ? 'null' : 'leads'}`);
      expect(levels).toEqual(expect.arrayContaining(['all:null', 'managers-team:leads', 'report-to-them:null', 'report-to-them:leads', 'own:null']));
      expect(profiles.some((p) => p.callsAccess.permissionLevel === 'none')).toBe(true);
      const teamView = profiles.find((p) => p.callsAccess.permissionLevel === 'managers-team')!;
      expect(teamView.callsAccess.teamLeadIds!.length).toBeGreaterThan(0);
      // Nobody holds two profiles in one workspace.
      const members = profiles.flatMap((p) => p.userIds);
      expect(new Set(members).size).toBe(members.length);
    }
    const holders = new Map<string, Set<string>>();
    for (const p of company.profiles) for (const u of p.userIds) holders.set(u, (holders.get(u) ?? new Set()).add(p.workspaceId));
    const regular = company.users.filter((u) => !u.isAvatar);
    expect(regular.some((u) => !holders.has(u.id))).toBe(true);
    expect([...holders.values()].some((wss) => wss.size > 1)).toBe(true);
  });

  it('spreads calls over the range with the variety a connector must handle', () => {
    const from = input.anchor - input.sizes.days * 86_400_000;
    const calls = company.calls;
    expect(calls).toHaveLength(600);
    for (let i = 1; i < calls.length; i++) expect(calls[i].started).toBeGreaterThanOrEqual(calls[i - 1].started);
    expect(calls.every((c) => c.started >= from - 86_400_000 && c.completedAt <= input.anchor + 86_400_000)).toBe(true);
    expect(calls.some((c) => c.isPrivate)).toBe(true);
    expect(calls.some((c) => !c.hasCrmContext)).toBe(true);
    expect(calls.some((c) => c.hasCrmContext && c.opportunityCrmId)).toBe(true);
    expect(calls.some((c) => c.scope === 'Internal')).toBe(true);
    const accountDomains = new Set(company.accounts.map((a) => a.domain));
    const externalEmails = calls.flatMap((c) => c.parties.filter((p) => p.affiliation === 'External' && p.emailAddress).map((p) => p.emailAddress!));
    expect(externalEmails.some((e) => !accountDomains.has(e.split('@')[1]))).toBe(true);
    expect(company.usersAccess.size).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.workspaceId)).size).toBe(3);
  });

  it.each([
    ['begins on a Saturday', Date.UTC(2026, 11, 4), 90],
    ['begins on a Sunday', Date.UTC(2026, 11, 5), 90],
    ['ends on a Sunday', Date.UTC(2026, 11, 7), 30],
  ])('starts no call before the history when it %s (weekend calls move to a weekday inside it)', (_, anchor, days) => {
    const from = anchor - days * 86_400_000;
    const { company: c } = new CompanyGenerator().generate({ ...input, anchor, sizes: { ...input.sizes, calls: 3000, days } });
    expect(c.calls.filter((call) => call.started < from).map((call) => new Date(call.started).toISOString())).toEqual([]);
    // The last day's late slots may end after midnight UTC, but never a day later.
    expect(c.calls.filter((call) => call.started >= anchor + 86_400_000)).toEqual([]);
  });

  it('gives every call a host party that spoke, and speaker ids only to parties who spoke', () => {
    for (const c of company.calls) {
      const host = c.parties.find((p) => p.userId === c.primaryUserId);
      expect(host?.speakerId).toBeDefined();
      for (const p of c.parties) if (!p.methods.includes('Attendee')) expect(p.speakerId).toBeUndefined();
    }
  });

  it('rejects sizes it cannot build a company from', () => {
    expect(() => new CompanyGenerator().generate({ ...input, sizes: { ...input.sizes, users: minimumUsers(3) - 1 } })).toThrow(/users must be at least/);
    expect(() => new CompanyGenerator().generate({ ...input, sizes: { ...input.sizes, workspaces: 9 } })).toThrow(/workspaces/);
  });
});
