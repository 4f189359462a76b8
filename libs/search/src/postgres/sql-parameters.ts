/**
 * Collects bound parameters for one statement: `add(value)` returns its placeholder (`$3`). Values
 * only ever reach SQL through here; the statement text is built from fixed fragments.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast === undefined ? `$${this.values.length}` : `$${this.values.length}::${cast}`;
  }
}
