/** Live mode: completes a new call every 60/N seconds (real time) until stopped. */
export class LiveCallsDriver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly callsPerMinute: number,
    private readonly completeCall: () => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(this.completeCall, Math.max(10, Math.round(60_000 / this.callsPerMinute)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
