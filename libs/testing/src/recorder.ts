/**
 * A fake method that answers with `answer` and keeps the arguments of every call, for assertions on
 * what reached an I/O edge (use it inside a `strictFake`).
 */
export function recorder<A extends unknown[], R>(answer: (...args: A) => R): ((...args: A) => R) & { calls: A[] } {
  const calls: A[] = [];
  const fn = (...args: A): R => {
    calls.push(args);
    return answer(...args);
  };
  return Object.assign(fn, { calls });
}
