/** One change request Gong received (it reached the handler: authenticated, within the limits). */
export interface WriteLogEntry {
  /** When it was received (the sim's clock, epoch ms). */
  at: number;
  /** `"<METHOD> <spec path>"`, e.g. `POST /v2/flows/prospects/assign`. */
  endpoint: string;
  requestId: string;
  /** The parsed request body as sent (JSON bodies; raw text otherwise). */
  body: unknown;
}

/** Routes whose scope grants a change (flows:write, tasks:write, crm:upload, ...), not a read. */
export const isWriteScope = (scope: string | undefined): boolean => scope !== undefined && /:(write|upload|register|delete)$/.test(scope);

/**
 * The change requests the sim received, in order, so tests and benchmarks can check from Gong's
 * side that a write was sent once (two assign requests carrying one prospect are a duplicate).
 * Bounded: the oldest entries go first past `capacity`.
 */
export class WriteLog {
  private items: WriteLogEntry[] = [];

  constructor(private readonly capacity = 100_000) {}

  record(entry: WriteLogEntry): void {
    this.items.push(entry);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  entries(): WriteLogEntry[] {
    return this.items.map((e) => ({ ...e, body: structuredClone(e.body) }));
  }

  reset(): void {
    this.items = [];
  }
}
