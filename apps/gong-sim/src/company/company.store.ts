import type { CallFactory, CallIndexes, CallOverrides } from './call.factory.js';
import type { Account, Call, Company, Contact, Flow, LibraryFolder, Opportunity, PermissionProfile, Task, Tracker, User, Workspace } from './company.model.js';
import type { GeneratedCompany } from './company.generator.js';
import type { IdFactory } from './id.factory.js';

/**
 * The live company: the generated data plus indexes, and the few mutations the simulator makes
 * (new calls, users-access grants, flow assignments, task updates).
 */
export class CompanyStore {
  readonly data: Company;
  readonly ids: IdFactory;
  private readonly indexes: CallIndexes;
  private readonly factory: CallFactory;
  private readonly callsById = new Map<string, Call>();
  private readonly usersByEmail = new Map<string, User>();
  private readonly workspacesById: Map<string, Workspace>;
  private readonly profilesById: Map<string, PermissionProfile>;
  private readonly contactsByCrmId: Map<string, Contact>;
  private readonly opportunitiesByCrmId: Map<string, Opportunity>;
  private readonly foldersById: Map<string, LibraryFolder>;
  private readonly flowsById: Map<string, Flow>;
  private readonly tasksById: Map<string, Task>;
  private nextCallIndex: number;
  private listOrder: Call[] | undefined;

  constructor(generated: GeneratedCompany) {
    this.data = generated.company;
    this.ids = generated.ids;
    this.indexes = generated.indexes;
    this.factory = generated.callFactory;
    for (const c of this.data.calls) this.callsById.set(c.id, c);
    for (const u of this.data.users) this.usersByEmail.set(u.emailAddress.toLowerCase(), u);
    this.workspacesById = new Map(this.data.workspaces.map((w) => [w.id, w]));
    this.profilesById = new Map(this.data.profiles.map((p) => [p.id, p]));
    this.contactsByCrmId = new Map(this.data.contacts.map((c) => [c.crmId, c]));
    this.opportunitiesByCrmId = new Map(this.data.opportunities.map((o) => [o.crmId, o]));
    this.foldersById = new Map(this.data.folders.map((f) => [f.id, f]));
    this.flowsById = new Map(this.data.flows.map((f) => [f.id, f]));
    this.tasksById = new Map(this.data.tasks.map((t) => [t.id, t]));
    this.nextCallIndex = this.data.calls.length;
  }

  call(id: string): Call | undefined {
    return this.callsById.get(id);
  }

  user(id: string): User | undefined {
    return this.indexes.usersById.get(id);
  }

  userByEmail(email: string): User | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  workspace(id: string): Workspace | undefined {
    return this.workspacesById.get(id);
  }

  profile(id: string): PermissionProfile | undefined {
    return this.profilesById.get(id);
  }

  account(crmId: string): Account | undefined {
    return this.indexes.accountsByCrmId.get(crmId);
  }

  contact(crmId: string): Contact | undefined {
    return this.contactsByCrmId.get(crmId);
  }

  opportunity(crmId: string): Opportunity | undefined {
    return this.opportunitiesByCrmId.get(crmId);
  }

  folder(id: string): LibraryFolder | undefined {
    return this.foldersById.get(id);
  }

  flow(id: string): Flow | undefined {
    return this.flowsById.get(id);
  }

  task(id: string): Task | undefined {
    return this.tasksById.get(id);
  }

  /**
   * Calls in the order GET /v2/calls lists them: by scheduled time for web conferences (Gong
   * filters those on the schedule), by start time otherwise. Cached until a call is added.
   */
  callsInListOrder(): Call[] {
    this.listOrder ??= [...this.data.calls].sort((a, b) => listKey(a) - listKey(b));
    return this.listOrder;
  }

  trackersOf(workspaceId: string): Tracker[] {
    return this.data.trackers.filter((t) => t.workspaceId === workspaceId);
  }

  /**
   * Creates a call that has just ended at `now` and adds it to the company. The n-th created call
   * is the same for the same seed and the same sequence of calls.
   */
  completeCall(now: number, transcriptDelayMs: number, overrides: CallOverrides = {}): Call {
    const index = this.nextCallIndex++;
    const call = this.factory.build(index, { endsAt: now }, overrides);
    call.completedAt = now;
    call.transcriptReadyAt = now + transcriptDelayMs;
    this.insert(call);
    return call;
  }

  /**
   * Gong's data-privacy erasure: deletes every call a party of which matches `isPerson`, and the
   * CRM contacts that match. Returns the deleted call ids (the API then answers them as unknown).
   */
  eraseCallsReferencing(isPerson: (who: { emailAddress?: string | undefined; phoneNumber?: string | undefined }) => boolean): string[] {
    const gone = this.data.calls.filter((c) => c.parties.some((p) => isPerson(p)));
    if (gone.length === 0 && !this.data.contacts.some((c) => isPerson(c))) return [];
    const ids = new Set(gone.map((c) => c.id));
    const kept = this.data.calls.filter((c) => !ids.has(c.id));
    this.data.calls.splice(0, this.data.calls.length, ...kept);
    for (const id of ids) this.callsById.delete(id);
    const contacts = this.data.contacts.filter((c) => !isPerson(c));
    this.data.contacts.splice(0, this.data.contacts.length, ...contacts);
    for (const [crmId, contact] of [...this.contactsByCrmId]) if (isPerson(contact)) this.contactsByCrmId.delete(crmId);
    for (const list of this.indexes.contactsByAccount.values()) {
      const keep = list.filter((c) => !isPerson(c));
      list.splice(0, list.length, ...keep);
    }
    this.listOrder = undefined;
    return [...ids];
  }

  /**
   * Deletes one call, as a user deleting a recording in Gong does: from then on the API answers it
   * as unknown (GET /v2/calls/{id} 404, absent from listings, extensive and transcripts). Returns
   * whether the call existed.
   */
  deleteCall(callId: string): boolean {
    if (!this.callsById.has(callId)) return false;
    const kept = this.data.calls.filter((c) => c.id !== callId);
    this.data.calls.splice(0, this.data.calls.length, ...kept);
    this.callsById.delete(callId);
    this.listOrder = undefined;
    return true;
  }

  private insert(call: Call): void {
    const calls = this.data.calls;
    let i = calls.length;
    while (i > 0 && calls[i - 1].started > call.started) i--;
    calls.splice(i, 0, call);
    this.callsById.set(call.id, call);
    this.listOrder = undefined;
  }
}

/** The time GET /v2/calls filters and sorts a call on. */
export function listKey(call: Call): number {
  return call.direction === 'Conference' ? call.scheduled : call.started;
}
