/**
 * Offset from call start as `mm:ss`, or `hh:mm:ss` from one hour on (whole seconds, floored).
 * Negative or non-finite input reads as 00:00.
 */
export function formatCallTimestamp(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${pad2(minutes)}:${pad2(seconds)}`;
  return hours > 0 ? `${pad2(hours)}:${mmss}` : mmss;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
