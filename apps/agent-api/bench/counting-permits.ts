import { LocalPacer, type Permit, type PermitOutcome, type PermitRequest, type PermitSource } from '@gong-connector/gong-client';

/** A permit source that paces as Gong allows (3/s) and counts every permit: the Gong requests a bench's serving made. */
export class CountingPermits implements PermitSource {
  count = 0;
  private readonly inner = new LocalPacer({ requestsPerSecond: 3 });
  acquire(request: PermitRequest): Promise<Permit> {
    this.count += request.cost;
    return this.inner.acquire(request);
  }
  report(permit: Permit, outcome: PermitOutcome): Promise<void> {
    return this.inner.report(permit, outcome);
  }
}
