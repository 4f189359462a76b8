/**
 * A fake of one I/O port (a repository, the search index, a live source...) for unit specs: it
 * answers with the methods given, and any other method throws "unexpected call", so a service
 * that starts touching an I/O edge the spec did not plan for fails loudly instead of reading
 * `undefined`. Only ports are faked this way, never our own pure code.
 */
export function strictFake<T extends object>(name: string, methods: Partial<T> = {}): T {
  const given = methods as Record<PropertyKey, unknown>;
  return new Proxy(given, {
    get(target, property) {
      if (property in target) return target[property];
      // Probes by await, Jest's printers and Nest: not calls of the port.
      if (typeof property === 'symbol' || property === 'then' || property === 'asymmetricMatch' || property === 'toJSON') return undefined;
      return () => {
        throw new Error(`unexpected call: ${name}.${property}`);
      };
    },
  }) as unknown as T;
}

/** The calls a spy-like fake method received, for assertions on what reached the I/O edge. */
export function recorder<A extends unknown[], R>(answer: (...args: A) => R): ((...args: A) => R) & { calls: A[] } {
  const calls: A[] = [];
  const fn = (...args: A): R => {
    calls.push(args);
    return answer(...args);
  };
  return Object.assign(fn, { calls });
}
