// A mixed Gong load through the quota broker, as the services would produce it: several backfill
// clients flat out, an interactive request every couple of seconds, bursts of post-call requests
// (a webhook fired: the call's metadata and transcript), and a periodic incremental sync. Each
// client is a real GongClient whose permits come from BrokerPermitSource over NATS. Shared by the
// integration test and the benchmark.
import { AppError, ErrorCode, QUOTA_PRIORITIES, type QuotaPriority } from '@gong-connector/contracts';
import { GongClient, GongError, type GongPriority } from '@gong-connector/gong-client';
import { BrokerPermitSource, type Logger, type RpcClient } from '@gong-connector/platform';

export interface MixedLoadOptions {
  rpc: Pick<RpcClient, 'request'>;
  logger: Logger;
  baseUrl: string;
  credentials: { accessKey: string; accessKeySecret: string };
  /** Calls the interactive and post-call requests ask for. */
  callIds: readonly string[];
  /** History the backfill pages through, again and again. */
  history: { fromDateTime: string; toDateTime: string };
  durationMs: number;
  backfillClients?: number;
  /** null: no interactive requests. */
  interactiveEveryMs?: number | null;
  postCall?: { everyMs: number; calls: number };
  sync?: { everyMs: number; pages: number };
  /** Background requests still waiting this long after the end give up (default 20 s). */
  tailMs?: number;
  /** Seed of the arrival jitter (interactive requests and bursts land anywhere in their period). */
  seed?: number;
}

export interface AcquireSample {
  priority: QuotaPriority;
  /** Epoch ms when the permit was asked for. */
  at: number;
  /** From asking to the permit (client side: NATS and the broker's queue). */
  elapsedMs: number;
  /** The broker's own figure for its queue. */
  queuedMs: number;
}

export interface MixedLoadResult {
  durationMs: number;
  /** Every permit granted, in order. */
  acquires: AcquireSample[];
  /** Epoch ms at which each Gong request was sent (the sim receives them ~1 ms later). */
  sends: number[];
  /** Gong answers by HTTP status. */
  statuses: Record<string, number>;
  /** Requests that did not complete, by priority and error code. */
  failures: Record<QuotaPriority, Record<string, number>>;
  /** Background requests still waiting at the end that gave up then (not failures). */
  cutOff: number;
  /** Completed Gong requests by priority. */
  completed: Record<QuotaPriority, number>;
}

const perPriority = <T>(make: () => T) => Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, make()])) as Record<QuotaPriority, T>;

export async function runMixedLoad(options: MixedLoadOptions): Promise<MixedLoadResult> {
  const acquires: AcquireSample[] = [];
  const sends: number[] = [];
  const statuses: Record<string, number> = {};
  const failures = perPriority<Record<string, number>>(() => ({}));
  const completed = perPriority(() => 0);

  const permits = new BrokerPermitSource(options.rpc, options.logger, {
    requester: 'mixed-load/1',
    onAcquired: (e) => acquires.push({ priority: e.priority, at: Date.now() - e.elapsedMs, elapsedMs: e.elapsedMs, queuedMs: e.queuedMs }),
  });
  const recordingFetch: typeof fetch = async (input, init) => {
    sends.push(Date.now());
    const res = await fetch(input, init);
    statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
    return res;
  };
  const base = new GongClient({
    auth: { kind: 'basic', accessKey: options.credentials.accessKey, accessKeySecret: options.credentials.accessKeySecret },
    permits,
    baseUrl: options.baseUrl,
    fetch: recordingFetch,
    retry: { maxAttempts: 1 },
  });
  const client = (p: GongPriority) => base.withPriority(p);

  const started = Date.now();
  const endsAt = started + options.durationMs;
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  const timer = setTimeout(stop, options.durationMs);
  const running = () => !stopped && Date.now() < endsAt;
  const tailDeadline = endsAt + (options.tailMs ?? 20_000);
  let cutOff = 0;

  /** Runs one Gong call; failures are counted by code. A refusal with a wait hint is waited out (a little). */
  const attempt = async (priority: QuotaPriority, call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
      completed[priority]++;
    } catch (error) {
      if (AppError.is(error, ErrorCode.QUOTA_DEADLINE_EXCEEDED) && Date.now() >= endsAt && priority !== 'interactive') {
        cutOff++;
        return;
      }
      const code = error instanceof GongError ? `GONG_${error.kind}` : error instanceof AppError ? error.code : 'UNEXPECTED';
      failures[priority][code] = (failures[priority][code] ?? 0) + 1;
      if (code === 'UNEXPECTED') options.logger.error({ err: String(error) }, 'unexpected load failure');
      const retryAfterMs = error instanceof AppError ? error.retryAfterMs : undefined;
      if (priority === 'backfill' || priority === 'sync') await pause(Math.min(retryAfterMs ?? 1000, 1000));
    }
  };
  const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, Math.min(ms, endsAt - Date.now()))));
  const random = prng(options.seed ?? 42);
  /**
   * Calls `fire` once in each period [k·everyMs, (k+1)·everyMs) after `offsetMs`, at a random point
   * of it (so bursts and interactive requests meet as often as chance has it), without waiting.
   */
  const every = async (everyMs: number, offsetMs: number, fire: (k: number) => Promise<unknown>) => {
    const inFlight: Promise<unknown>[] = [];
    for (let k = 0; ; k++) {
      const at = started + offsetMs + k * everyMs + Math.floor(random() * everyMs);
      await pause(at - Date.now());
      if (!running()) break;
      inFlight.push(fire(k));
    }
    await Promise.all(inFlight);
  };
  const pick = (k: number) => options.callIds[k % options.callIds.length]!;

  const backfill = async (worker: number) => {
    let cursor: string | undefined;
    while (running()) {
      await attempt('backfill', async () => {
        const page = await client('backfill').getCallsPage(options.history, { deadlineMs: tailDeadline, ...(cursor === undefined ? {} : { cursor }) });
        cursor = page.records.cursor;
      });
    }
    void worker;
  };
  const interactive =
    options.interactiveEveryMs === null
      ? Promise.resolve()
      : every(options.interactiveEveryMs ?? 2_000, 0, (k) => attempt('interactive', () => client('interactive').getCall(pick(k * 7))));
  const postCall = options.postCall
    ? every(options.postCall.everyMs, 0, (k) =>
        Promise.all(
          Array.from({ length: options.postCall!.calls }, (_, i) => {
            const id = pick(k * 13 + i);
            return Promise.all([
              attempt('post-call', () => client('post-call').getExtensiveCallsPage({ filter: { callIds: [id] } })),
              attempt('post-call', () => client('post-call').getTranscriptsPage({ callIds: [id] })),
            ]);
          }),
        ),
      )
    : Promise.resolve();
  const sync = options.sync
    ? every(options.sync.everyMs, 0, async () => {
        for (let i = 0; i < options.sync!.pages && running(); i++) {
          await attempt('sync', () => client('sync').getCallsPage({ fromDateTime: options.history.fromDateTime }, { deadlineMs: tailDeadline }));
        }
      })
    : Promise.resolve();

  await Promise.all([...Array.from({ length: options.backfillClients ?? 3 }, (_, i) => backfill(i)), interactive, postCall, sync]);
  clearTimeout(timer);
  return { durationMs: Date.now() - started, acquires, sends, statuses, failures, cutOff, completed };
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The most sends inside any window [t, t + windowMs). */
export function maxInAnyWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** The q-quantile (0..1) by the nearest-rank method; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface WaitStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Wait percentiles (ms) of the granted permits of each priority. */
export function waitsByPriority(acquires: readonly AcquireSample[]): Record<QuotaPriority, WaitStats> {
  const stats = (w: number[]): WaitStats => ({
    n: w.length,
    p50: quantile(w, 0.5),
    p95: quantile(w, 0.95),
    p99: quantile(w, 0.99),
    max: w.length > 0 ? Math.max(...w) : Number.NaN,
  });
  return Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, stats(acquires.filter((a) => a.priority === p).map((a) => a.elapsedMs))])) as Record<QuotaPriority, WaitStats>;
}
