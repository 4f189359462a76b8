import { EventEmitter } from 'node:events';
import type { Clock } from '@gong-connector/contracts';
import { tracedFetch } from '@gong-connector/platform';
import type { Call } from '../company/company.model.js';
import type { FaultInjector } from '../faults/fault.injector.js';
import type { WebhookSigner } from './webhook.signer.js';

export interface WebhookFilter {
  workspaceId?: string;
  primaryUserIds?: string[];
  /** Match only external (or internal) calls. */
  scope?: 'Internal' | 'External' | 'Unknown';
  /** Leave private calls out. */
  excludePrivate?: boolean;
}

export interface WebhookRule {
  id: string;
  url: string;
  filter: WebhookFilter;
  /** 'jwt': signed Authorization header (default); 'url-key': the URL carries the secret, no header. */
  auth: 'jwt' | 'url-key';
}

export interface WebhookDelivery {
  id: number;
  ruleId: string;
  url: string;
  callId: string;
  isTest: boolean;
  at: string;
  outcome: 'delivered' | 'failed' | 'dropped';
  httpStatus?: number;
  error?: string;
}

export interface WebhookDispatcherEvents {
  delivery: [WebhookDelivery];
}

/**
 * Gong's automation rules with the "Fire webhook" action: each completed call that matches a rule
 * is POSTed as `{callData, isTest}`. No retries (Gong documents none); deliveries are recorded.
 */
export class WebhookDispatcher extends EventEmitter<WebhookDispatcherEvents> {
  private readonly rulesById = new Map<string, WebhookRule>();
  private readonly log: WebhookDelivery[] = [];
  private readonly fetch = tracedFetch();
  private nextRule = 1;
  private nextDelivery = 1;

  constructor(
    private readonly signer: WebhookSigner,
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly buildCallData: (call: Call) => unknown,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  addRule(input: { url: string; filter?: WebhookFilter; auth?: 'jwt' | 'url-key' }): WebhookRule {
    const url = new URL(input.url).toString();
    const rule: WebhookRule = { id: `rule-${this.nextRule++}`, url, filter: input.filter ?? {}, auth: input.auth ?? 'jwt' };
    this.rulesById.set(rule.id, rule);
    return rule;
  }

  removeRule(id: string): boolean {
    return this.rulesById.delete(id);
  }

  rules(): WebhookRule[] {
    return [...this.rulesById.values()];
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log];
  }

  /** Fires every matching rule for a call; resolves when all deliveries are settled. */
  async dispatch(call: Call, isTest = false): Promise<WebhookDelivery[]> {
    const rules = this.rules().filter((r) => matches(r.filter, call));
    return Promise.all(rules.map((r) => this.deliver(r, call, isTest)));
  }

  private async deliver(rule: WebhookRule, call: Call, isTest: boolean): Promise<WebhookDelivery> {
    const base = { id: this.nextDelivery++, ruleId: rule.id, url: rule.url, callId: call.id, isTest, at: new Date(this.clock.now()).toISOString() };
    if (this.faults.shouldDropWebhook()) return this.record({ ...base, outcome: 'dropped' });
    const body = JSON.stringify({ callData: this.buildCallData(call), isTest });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (rule.auth === 'jwt') headers.authorization = await this.signer.sign(rule.url, body, this.clock.now());
    try {
      // A client span with W3C traceparent when the hosting process traces (a no-op otherwise): ingest's span continues it.
      const res = await this.fetch(rule.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
      await res.arrayBuffer().catch(() => undefined);
      return this.record({ ...base, outcome: res.ok ? 'delivered' : 'failed', httpStatus: res.status });
    } catch (e) {
      return this.record({ ...base, outcome: 'failed', error: (e as Error).message });
    }
  }

  private record(d: WebhookDelivery): WebhookDelivery {
    this.log.push(d);
    if (this.log.length > 1000) this.log.shift();
    this.emit('delivery', d);
    return d;
  }
}

function matches(filter: WebhookFilter, call: Call): boolean {
  if (filter.workspaceId && filter.workspaceId !== call.workspaceId) return false;
  if (filter.primaryUserIds?.length && !filter.primaryUserIds.includes(call.primaryUserId)) return false;
  if (filter.scope && filter.scope !== call.scope) return false;
  if (filter.excludePrivate && call.isPrivate) return false;
  return true;
}
