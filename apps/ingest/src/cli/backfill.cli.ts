import { parseArgs } from 'node:util';
import { BackfillJobV1Schema, BackfillRequestV1Schema, type BackfillJobV1 } from '@gong-connector/contracts';
import cliProgress from 'cli-progress';
import { z } from 'zod';

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Stops following (Ctrl-C); the job keeps running in ingest. */
  signal?: AbortSignal;
}

const USAGE = `Usage:
  npm run backfill -- --from 2026-01-01 --to 2026-03-01 [--workspace <id>] [--detach]
  npm run backfill -- --status <job id>        follow a job
  npm run backfill -- --cancel <job id>
  npm run backfill -- --list

Talks to a running ingest's admin API: --url (or INGEST_ADMIN_URL, default http://127.0.0.1:8081)
with --token (or INGEST_ADMIN_TOKEN). Without --detach it follows the job with a progress bar and an
ETA from the quota left; the exit code is 0 once the job completed.`;

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

/**
 * `npm run backfill`: starts, follows, lists and cancels backfills through ingest's admin API
 * (`/admin/backfills`), with a progress bar (cli-progress) and the ETA ingest computes from the quota
 * left. It never talks to Gong itself.
 */
export class BackfillCli {
  constructor(
    private readonly io: CliIo,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async run(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          from: { type: 'string' },
          to: { type: 'string' },
          workspace: { type: 'string' },
          url: { type: 'string' },
          token: { type: 'string' },
          status: { type: 'string' },
          cancel: { type: 'string' },
          list: { type: 'boolean' },
          detach: { type: 'boolean' },
          'poll-ms': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (error) {
      this.io.err.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
      return 2;
    }
    if (values.help) {
      this.io.out.write(`${USAGE}\n`);
      return 0;
    }
    const base = String(values.url ?? env.INGEST_ADMIN_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, '');
    const token = (values.token as string | undefined) ?? env.INGEST_ADMIN_TOKEN;
    if (!token) {
      this.io.err.write('No admin token: pass --token or set INGEST_ADMIN_TOKEN (the value ingest was started with)\n');
      return 2;
    }
    const pollMs = Math.max(50, Number(values['poll-ms'] ?? 1000) || 1000);
    const api = new AdminApi(base, token, this.fetchFn);
    try {
      if (values.list) {
        const { jobs } = await api.list();
        for (const j of jobs) this.io.out.write(`${j.id}  ${j.status.padEnd(9)}  ${j.from} → ${j.to}  ${j.callsStored}/${j.callsTotal ?? '?'} calls\n`);
        return 0;
      }
      if (typeof values.cancel === 'string') {
        const job = await api.cancel(values.cancel);
        this.io.out.write(`backfill ${job.id}: ${job.status}\n`);
        return job.status === 'cancelled' ? 0 : 1;
      }
      let job: BackfillJobV1;
      if (typeof values.status === 'string') {
        job = await api.get(values.status);
      } else {
        const request = BackfillRequestV1Schema.safeParse({
          from: values.from,
          to: values.to,
          ...(values.workspace ? { workspaceId: values.workspace } : {}),
        });
        if (!request.success) {
          this.io.err.write(`${request.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n\n${USAGE}\n`);
          return 2;
        }
        job = await api.start(request.data);
        this.io.out.write(`backfill ${job.id} queued: calls that started from ${job.from} to ${job.to}\n`);
        if (values.detach) return 0;
      }
      return await this.follow(api, job, pollMs);
    } catch (error) {
      this.io.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  private async follow(api: AdminApi, first: BackfillJobV1, pollMs: number): Promise<number> {
    const bar = new cliProgress.SingleBar(
      {
        stream: this.io.err,
        format: 'backfill [{bar}] {percentage}% | {value}/{total} calls | {requests} Gong requests | ETA {etaText}',
        noTTYOutput: true,
        notTTYSchedule: Math.max(pollMs, 1000),
        hideCursor: null,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    let job = first;
    bar.start(job.callsTotal ?? 0, job.callsStored, this.payload(job));
    try {
      while (!TERMINAL.has(job.status)) {
        if (this.io.signal?.aborted) {
          bar.stop();
          this.io.out.write(`stopped following; backfill ${job.id} goes on (follow: --status ${job.id}, cancel: --cancel ${job.id})\n`);
          return 130;
        }
        await delay(pollMs, this.io.signal);
        job = await api.get(job.id);
        if (job.callsTotal !== null) bar.setTotal(job.callsTotal);
        bar.update(job.callsStored, this.payload(job));
      }
    } finally {
      bar.stop();
    }
    const per1000 = job.callsStored > 0 ? ((job.requestsSpent / job.callsStored) * 1000).toFixed(1) : 'n/a';
    this.io.out.write(
      `backfill ${job.id} ${job.status}: ${job.callsStored} calls, ${job.transcriptsStored} transcripts, ` +
        `${job.requestsSpent} Gong requests (${per1000} per 1,000 calls)${job.error ? `; error: ${job.error}` : ''}\n`,
    );
    return job.status === 'completed' ? 0 : 1;
  }

  private payload(job: BackfillJobV1): { requests: number; etaText: string } {
    let etaText = 'unknown';
    if (job.eta) {
      const s = Math.max(0, Math.round((Date.parse(job.eta) - Date.now()) / 1000));
      etaText = s < 90 ? `${s}s` : s < 5400 ? `${Math.round(s / 60)}m` : new Date(job.eta).toISOString().replace('.000Z', 'Z');
    }
    return { requests: job.requestsSpent, etaText };
  }
}

/** The admin API of a running ingest. */
class AdminApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch,
  ) {}

  start(body: unknown): Promise<BackfillJobV1> {
    return this.call('POST', '/admin/backfills', BackfillJobV1Schema, body);
  }

  get(id: string): Promise<BackfillJobV1> {
    return this.call('GET', `/admin/backfills/${encodeURIComponent(id)}`, BackfillJobV1Schema);
  }

  cancel(id: string): Promise<BackfillJobV1> {
    return this.call('DELETE', `/admin/backfills/${encodeURIComponent(id)}`, BackfillJobV1Schema);
  }

  list(): Promise<{ jobs: BackfillJobV1[] }> {
    return this.call('GET', '/admin/backfills', z.object({ jobs: z.array(BackfillJobV1Schema) }));
  }

  private async call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(`ingest is not answering at ${this.base} (${error instanceof Error ? error.message : String(error)}); is it running?`, {
        cause: error,
      });
    }
    const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!res.ok) throw new Error(`ingest answered ${res.status}: ${json?.error?.code ?? ''} ${json?.error?.message ?? ''}`.trim());
    return schema.parse(json);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
