import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * How a service's code runs: `swc` compiles its TypeScript at start (`node --import
 * @swc-node/register/esm-register apps/<name>/src/main.ts`, how tests and `npm run` scripts run);
 * `compiled` runs what `npm run build` put in dist/ (`node --enable-source-maps
 * dist/apps/<name>/src/main.js`, how the image runs).
 */
export type ServiceRuntime = 'swc' | 'compiled';

/** The command line (after `node`) that starts a service in the given runtime. */
export function serviceArgs(name: string, runtime: ServiceRuntime = 'swc'): string[] {
  return runtime === 'compiled'
    ? ['--enable-source-maps', join('dist', 'apps', name, 'src', 'main.js')]
    : ['--import', '@swc-node/register/esm-register', join('apps', name, 'src', 'main.ts')];
}

export interface ServiceProcess {
  name: string;
  url: string;
  /** The process id (to read its memory, e.g. /proc/<pid>/status). */
  pid: number | undefined;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `apps/<name>/src/main.ts` as its own process (or, with runtime `compiled`, what `npm run
 * build` compiled of it, as the image does), and resolves
 * once `GET /health/ready` answers 200 (or `readyPath`). Fails with the process's output when it
 * exits or does not get ready in time.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  options: { port: number; readyPath?: string; timeoutMs?: number; onLine?: (line: string) => void; runtime?: ServiceRuntime } ,
): Promise<ServiceProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    serviceArgs(name, options.runtime),
    {
      cwd: workspaceRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let pending = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output += text;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (options.onLine) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) options.onLine(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${url}${options.readyPath ?? '/health/ready'}`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    name,
    url,
    pid: child.pid,
    output: () => output,
    stop: async (graceMs = 10_000) => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
