import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServices } from '@gong-connector/testing';

export interface PrivateNats {
  url: string;
  /** False when no `nats-server` binary was found and the shared test NATS is used instead. */
  isPrivate: boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A NATS server with JetStream of this test file's own (the `nats-server` on PATH, on a free
 * port, storing in a temporary directory). The access service answers `access.filter.v1` in a
 * queue group named after the subject: on the shared test NATS, any other access instance running
 * at the same time (a whole-stack test, a local run) would take some of this file's requests.
 * Without a `nats-server` binary the shared NATS is used, and the caller is told so.
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'access-nats-'));
  let child: ChildProcess;
  try {
    child = await new Promise<ChildProcess>((resolve, reject) => {
      const proc = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error('nats-server did not get ready within 10 s'));
      }, 10_000);
      let output = '';
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}: ${output.slice(-500)}`));
      };
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (!output.includes('Server is ready')) return;
        clearTimeout(timer);
        proc.off('exit', onExit);
        proc.stderr!.off('data', onData);
        proc.stderr!.resume(); // keep draining its log so it never blocks on a full pipe
        resolve(proc);
      };
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      proc.once('exit', onExit);
      proc.stderr!.on('data', onData);
    });
  } catch (error) {
    rmSync(storeDir, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { url: testServices().natsUrl, isPrivate: false, stop: async () => undefined };
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    isPrivate: true,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
