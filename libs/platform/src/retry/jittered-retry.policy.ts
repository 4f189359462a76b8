import {
  DelegateBackoff,
  ExponentialBackoff,
  halfJitterGenerator,
  handleWhen,
  retry,
  type IBackoff,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';

/** How much retrying one operation may spend: attempts in all, and the bounds of each wait. */
export interface RetryBudget {
  /** Attempts in all, the first included (1: no retry). */
  attempts: number;
  /** Cap of the first wait; doubles per retry (exponential), each wait drawn in [cap/2, cap). */
  baseDelayMs: number;
  /** Longest single wait, a server's hint included. */
  maxDelayMs: number;
}

export interface JitteredRetryOptions extends RetryBudget {
  /** Which failures may pass on another try (everything else is thrown at once). */
  retryWhen: (error: unknown) => boolean;
  /** A wait the failure itself asks for (Gong's Retry-After, the quota broker's hint), used instead of the backoff. */
  delayHintMs?: (error: unknown) => number | undefined;
  /** Told before each wait (logging, metrics). */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * The one retry policy of the services (cockatiel): exponential backoff with jitter, so replicas
 * and workers that failed together do not retry together, a budget of attempts and of the longest
 * wait, and a server's own hint honoured when it gives one. Operations run through
 * `execute(fn, signal)`; an abort ends the waiting at once (cockatiel's own wait is not abortable:
 * the abort is raced against it, and no attempt starts after it).
 */
export class JitteredRetry {
  private constructor(private readonly retryPolicy: RetryPolicy) {}

  async execute<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const run = this.retryPolicy.execute(() => {
      signal?.throwIfAborted();
      return fn();
    }, signal);
    if (!signal) return run;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    run.catch(() => undefined); // settles after the abort too: its error is the abort's
    try {
      return await Promise.race([run, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  static policy(options: JitteredRetryOptions): JitteredRetry {
    const exponential = new ExponentialBackoff({ initialDelay: options.baseDelayMs, maxDelay: options.maxDelayMs, generator: halfJitterGenerator });
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, state) => {
      const next = state ? state.next(context) : exponential.next();
      const hint = 'error' in context.result ? options.delayHintMs?.(context.result.error) : undefined;
      const delay = hint === undefined ? next.duration : Math.min(options.maxDelayMs, Math.max(hint, 0));
      return { delay, state: next };
    });
    // unref: a wait never keeps a stopping process alive
    const policy = retry(handleWhen(options.retryWhen), { maxAttempts: Math.max(0, options.attempts - 1), backoff }).dangerouslyUnref();
    if (options.onRetry) {
      const onRetry = options.onRetry;
      policy.onRetry((event) => onRetry({ attempt: event.attempt, delayMs: event.delay, error: 'error' in event ? event.error : undefined }));
    }
    return new JitteredRetry(policy);
  }

  /**
   * The wait before retry number `retry` (1 for the first) of a schedule kept elsewhere (a
   * database row's next attempt): the same exponential backoff with jitter, drawn fresh.
   */
  static delayMs(retry: number, budget: Pick<RetryBudget, 'baseDelayMs' | 'maxDelayMs'>): number {
    let backoff: IBackoff<unknown> = new ExponentialBackoff<number>({ initialDelay: budget.baseDelayMs, maxDelay: budget.maxDelayMs, generator: halfJitterGenerator }).next();
    for (let i = 1; i < retry; i++) backoff = backoff.next(undefined);
    return backoff.duration;
  }
}
