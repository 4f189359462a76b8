export type HealthCheck = () => Promise<void> | void;

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  shuttingDown: boolean;
  dependencies: Record<string, DependencyStatus>;
}

/**
 * Liveness is the process itself; readiness lists every dependency with its own status and turns
 * not-ready as soon as shutdown begins, before anything drains, so traffic moves away first.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  constructor(private readonly checkTimeoutMs = 2000) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const),
    );
    const dependencies = Object.fromEntries(entries);
    const allUp = entries.every(([, s]) => s.status === 'up');
    return { status: allUp && !this.shuttingDown ? 'ready' : 'not-ready', shuttingDown: this.shuttingDown, dependencies };
  }

  private async run(check: HealthCheck): Promise<DependencyStatus> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(check),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`check timed out after ${this.checkTimeoutMs} ms`)), this.checkTimeoutMs);
        }),
      ]);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
