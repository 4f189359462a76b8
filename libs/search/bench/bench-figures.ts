import { loadavg } from 'node:os';

/** Figures of the search benches: rounding, percentiles, and the load average printed beside every figure. */
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Other work on the machine skews every figure: printed beside them. */
export const loadAverage = (): string => loadavg().map((x) => round(x, 2)).join(' ');

/** The nearest-rank percentile `p` (0-100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `--name value` pairs (a flag with no value is 'true'), as the benches take them. */
export function benchArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) args.set(name, 'true');
    else args.set(name, argv[++i]);
  }
  return args;
}
