// Starts quota brokers for tests and the benchmark: in this process (a Nest app per instance), or
// as a child process running the real main.ts (so it can be killed like a crashed pod).
import { QuotaStateV1Schema, type QuotaStateV1 } from '@gong-connector/contracts';
import { bootstrapService, loadConfig, type Logger } from '@gong-connector/platform';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuotaBrokerConfigSchema } from '../src/config.js';
import { QuotaBrokerModule } from '../src/quota-broker.module.js';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Leadership {
  role: 'leader' | 'standby';
  leader: boolean;
  instanceId: string;
  serving: boolean;
  fencingToken: string | null;
}

export interface BrokerHandle {
  instanceId: string;
  url: string;
  /** `/health/ready` (status code and body). */
  readiness(): Promise<{ status: number; body: { status: string; dependencies: Record<string, { status: string }>; leadership: Leadership } }>;
  leadership(): Promise<Leadership>;
  /** `GET /v1/quota`, validated; throws with the body on a non-200 answer. */
  quota(): Promise<QuotaStateV1>;
  metrics(): Promise<string>;
  /** Graceful stop: steps down, answers waiting requests, releases the lease. */
  stop(): Promise<void>;
}

export type BrokerEnv = Record<string, string>;

/** A free TCP port on 127.0.0.1 (the config wants a real port, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function handle(instanceId: string, url: string, stop: () => Promise<void>): BrokerHandle {
  const readiness = async () => {
    const res = await fetch(`${url}/health/ready`);
    return { status: res.status, body: (await res.json()) as Awaited<ReturnType<BrokerHandle['readiness']>>['body'] };
  };
  return {
    instanceId,
    url,
    readiness,
    leadership: async () => (await readiness()).body.leadership,
    quota: async () => {
      const res = await fetch(`${url}/v1/quota`);
      const body: unknown = await res.json();
      if (res.status !== 200) throw new Error(`GET /v1/quota answered ${res.status}: ${JSON.stringify(body)}`);
      return QuotaStateV1Schema.parse(body);
    },
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    stop,
  };
}

/** A broker in this process, configured from `env` exactly as main.ts would be. */
export async function startBroker(env: BrokerEnv, options: { logger?: Logger } = {}): Promise<BrokerHandle> {
  const config = loadConfig(QuotaBrokerConfigSchema, { PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
  const service = await bootstrapService(QuotaBrokerModule.forRoot(config, options.logger ? { logger: options.logger } : {}), {
    port: config.PORT,
    host: config.HOST,
    handleSignals: false,
  });
  return handle(config.BROKER_INSTANCE_ID ?? 'in-process', service.url, () => service.shutdown('test'));
}

export interface BrokerProcess extends BrokerHandle {
  child: ChildProcess;
  /** Kills the process (SIGKILL: no step-down, the lease is left to expire). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A broker as its own process (`main.ts`), for crash tests; resolves once it answers on HTTP. */
export async function spawnBroker(
  env: BrokerEnv,
  options: { startTimeoutMs?: number; /** The parent's environment to pass on (PATH and the like). */ baseEnv?: Record<string, string | undefined> } = {},
): Promise<BrokerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', join('apps', 'quota-broker', 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { ...options.baseEnv, NODE_OPTIONS: '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code ?? -1;
      resolve();
    }),
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exitCode !== null) throw new Error(`broker process exited (${exitCode}) before listening; stderr: ${stderr.join('').slice(-2000)}`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`broker process did not listen in time; stderr: ${stderr.join('').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { ...handle(env.BROKER_INSTANCE_ID ?? 'child', url, () => kill('SIGTERM')), child, kill };
}
