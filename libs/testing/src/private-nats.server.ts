import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateNatsServerOptions {
  /** The nats-server executable (default: `nats-server` on the PATH, as Debian's package installs it). */
  binary?: string;
  /** How long the server may take to say it is ready (generous: a busy machine is slow to start processes). */
  readyTimeoutMs?: number;
}

/** What a machine without the binary is told. */
export const NATS_SERVER_MISSING =
  'nats-server was not found on the PATH. Tests start a NATS server with JetStream of their own for each test file, ' +
  'so none sees another run’s events: install it (Debian/Ubuntu: apt-get install nats-server).';

/**
 * A NATS server with JetStream that belongs to one test file (or one stack, one benchmark):
 * Debian's `nats-server` on a free port of its choosing, storing in a temporary directory that goes
 * with it. Every test that touches NATS uses one, so streams, durable consumers, queue groups and
 * request subjects (`quota.acquire.v1`, `access.filter.v1`) are never shared with another test
 * running at the same time. Starting one takes tens of milliseconds.
 */
export class PrivateNatsServer {
  private stopped: Promise<void> | undefined;

  private constructor(
    /** `nats://127.0.0.1:<port>`. */
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly storeDir: string,
    private readonly exited: Promise<void>,
    private readonly onProcessExit: () => void,
  ) {}

  static async start(options: PrivateNatsServerOptions = {}): Promise<PrivateNatsServer> {
    const storeDir = mkdtempSync(join(tmpdir(), 'gc-nats-'));
    // `-p -1`: the server picks a free port and logs it, so no other process can take it in between.
    const child = spawn(options.binary ?? 'nats-server', ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    // A worker that dies without its afterAll must not leave the server behind.
    const onProcessExit = (): void => void child.kill('SIGKILL');
    process.once('exit', onProcessExit);
    const cleanUp = async (): Promise<void> => {
      process.off('exit', onProcessExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(storeDir, { recursive: true, force: true });
    };
    try {
      const url = await PrivateNatsServer.ready(child, options.readyTimeoutMs ?? 30_000);
      child.stderr!.resume(); // keep draining its log so it never blocks on a full pipe
      return new PrivateNatsServer(url, child, storeDir, exited, onProcessExit);
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }

  /** Stops the server and removes its store (safe to call twice). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      process.off('exit', this.onProcessExit);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
      await this.exited;
      rmSync(this.storeDir, { recursive: true, force: true });
    })();
    return this.stopped;
  }

  /** Resolves with the client URL once the server logs "Server is ready"; rejects when it fails to start. */
  private static ready(child: ChildProcess, timeoutMs: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let log = '';
      let url: string | undefined;
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.off('error', onError);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(url!);
      };
      const onData = (chunk: Buffer): void => {
        log += chunk.toString();
        url ??= /Listening for client connections on ([\d.]+):(\d+)/.exec(log)?.slice(1, 3).join(':');
        if (url !== undefined && log.includes('Server is ready')) {
          url = url.startsWith('nats://') ? url : `nats://${url}`;
          finish();
        }
      };
      const onError = (error: NodeJS.ErrnoException): void =>
        finish(error.code === 'ENOENT' ? new Error(NATS_SERVER_MISSING) : new Error(`nats-server could not be started: ${error.message}`));
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        finish(new Error(`nats-server exited (${signal ?? `code ${code}`}) before it was ready: ${log.slice(-1000)}`));
      const timer = setTimeout(() => finish(new Error(`nats-server was not ready within ${timeoutMs} ms: ${log.slice(-1000)}`)), timeoutMs);
      child.stderr!.on('data', onData);
      child.once('error', onError);
      child.once('exit', onExit);
    });
  }
}
