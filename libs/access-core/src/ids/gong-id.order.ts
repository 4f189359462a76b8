/**
 * Orders numeric-string ids numerically without converting them (they exceed 2^53): shorter
 * first, then by characters. Gives filters a stable, deterministic order.
 */
export function compareGongIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
