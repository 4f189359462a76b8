import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Database } from '@gong-connector/persistence';

/** What the bench reads of node-postgres' pool behind the service's Database (internals, bench only). */
interface PgPool {
  _clients: { processID: number | null }[];
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
}

const ticksPerSecond = (): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
};

/**
 * Measures the work of a service's database pool over a stretch of time, robust to other load on
 * the machine: CPU time of the PostgreSQL backends serving the pool (utime + stime from Linux's
 * /proc/<pid>/stat; PostgreSQL must run on this machine) and the SQL statements sent. Node's own
 * CPU comes from `process.cpuUsage()`. When /proc cannot be read, backend CPU is reported as null.
 */
export class PoolCpuMeter {
  private readonly pool: PgPool;
  private readonly hz = ticksPerSecond();
  private readonly startTicks = new Map<number, number>();
  private statements = 0;
  private restore: (() => void) | undefined;
  private nodeStart: NodeJS.CpuUsage | undefined;

  constructor(database: Database) {
    this.pool = database.pgPool as unknown as PgPool;
  }

  start(): void {
    for (const pid of this.pids()) this.startTicks.set(pid, this.ticks(pid) ?? 0);
    const proto = this.pool.Client.prototype;
    const original = proto.query;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const meter = this;
    proto.query = function (this: unknown, ...args: unknown[]) {
      meter.statements++;
      return original.apply(this, args);
    };
    this.restore = () => {
      proto.query = original;
    };
    this.nodeStart = process.cpuUsage();
  }

  /** Totals since `start()`: Node CPU ms, backend CPU ms (null without /proc), statements. */
  stop(): { nodeCpuMs: number; backendCpuMs: number | null; statements: number } {
    const node = process.cpuUsage(this.nodeStart);
    this.restore?.();
    let ticks = 0;
    let readable = true;
    for (const pid of this.pids()) {
      const now = this.ticks(pid);
      if (now === undefined) {
        readable = false;
        continue;
      }
      ticks += now - (this.startTicks.get(pid) ?? 0);
    }
    return { nodeCpuMs: (node.user + node.system) / 1000, backendCpuMs: readable ? (ticks * 1000) / this.hz : null, statements: this.statements };
  }

  private pids(): number[] {
    return this.pool._clients.map((c) => c.processID).filter((p): p is number => p !== null);
  }

  private ticks(pid: number): number | undefined {
    try {
      // Fields after the command name (which may hold spaces, inside parentheses): utime is 14th, stime 15th overall.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
}
