import type { Permit, PermitOutcome, PermitRequest, PermitSource } from '../src/permits/permit-source.port.js';

/** A PermitSource that grants at once and records every acquire and report. */
export class RecordingPermits implements PermitSource {
  readonly acquired: PermitRequest[] = [];
  readonly reported: { permit: Permit; outcome: PermitOutcome }[] = [];
  private count = 0;

  async acquire(request: PermitRequest): Promise<Permit> {
    this.acquired.push(request);
    this.count += 1;
    return { id: `permit-${this.count}`, priority: request.priority, endpoint: request.endpoint };
  }

  async report(permit: Permit, outcome: PermitOutcome): Promise<void> {
    this.reported.push({ permit, outcome });
  }

  /** Statuses reported, in order. */
  statuses(): PermitOutcome['status'][] {
    return this.reported.map((r) => r.outcome.status);
  }
}
