// A NATS server of the test's own. `quota.acquire.v1` is a contract, not a per-test subject, so a
// broker started by any other test on the shared NATS (e.g. a whole-stack test) would answer this
// test's requests, and this test's brokers would answer theirs. With Debian's `nats-server` on the
// PATH the broker tests get a server to themselves; without it they fall back to the shared one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateNats {
  url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server` with JetStream on a random port; null when there is no such binary. */
export async function startPrivateNats(options: { binary?: string; timeoutMs?: number } = {}): Promise<PrivateNats | null> {
  const dir = mkdtempSync(join(tmpdir(), 'qb-nats-'));
  let child: ChildProcess;
  try {
    child = spawn(options.binary ?? 'nats-server', ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), options.timeoutMs ?? 5_000);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Listening for client connections on ([\d.]+):(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(`nats://${match[1]}:${match[2]}`);
      }
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  if (url === null) {
    await stop();
    return null;
  }
  child.stderr!.resume();
  return { url, stop };
}
