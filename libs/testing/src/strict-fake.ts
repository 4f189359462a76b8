/**
 * A typed fake of an I/O port (a repository, an index, a publisher) for unit specs, in the style of
 * immich's `newTestService`: only the methods a test sets up exist; calling any other throws
 * "unexpected call", so a service that starts doing I/O its spec did not plan for fails loudly
 * instead of getting `undefined`. Our pure code is never faked: specs use the real thing.
 */
export function strictFake<T extends object>(name: string, methods: Partial<T> = {}): T {
  return new Proxy(methods as T, {
    get(target, property, receiver) {
      if (Reflect.has(target, property)) return Reflect.get(target, property, receiver);
      // Promise resolution and Jest's printing probe these; a fake is neither a thenable nor special.
      if (property === 'then' || property === 'asymmetricMatch' || property === 'nodeType' || property === 'toJSON' || typeof property === 'symbol') return undefined;
      return () => {
        throw new Error(`unexpected call: ${name}.${String(property)}() (not set up in this test)`);
      };
    },
  });
}
