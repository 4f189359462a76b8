/**
 * How long until the next incremental sync: the base interval after a sync that stored something
 * (a new or changed call, a transcript), doubled after each sync in a row that stored nothing, up
 * to `maxMs`. An idle company is then listed every `maxMs` instead of every base interval; the
 * first sync that finds a change brings the base interval back.
 */
export class IdleSyncBackoff {
  private idleRuns = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  /** Records a sync's outcome and answers the wait before the next one. */
  next(storedSomething: boolean): number {
    this.idleRuns = storedSomething ? 0 : Math.min(this.idleRuns + 1, 30);
    return Math.max(this.baseMs, Math.min(this.baseMs * 2 ** this.idleRuns, this.maxMs));
  }
}
