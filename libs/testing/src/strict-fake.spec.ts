import { describe, expect, it } from '@jest/globals';
import { strictFake } from './strict-fake.js';

interface Store {
  get(id: string): Promise<string | undefined>;
  put(id: string, value: string): Promise<void>;
}

describe('strictFake', () => {
  it('answers with what the test set up and throws "unexpected call" for anything else', async () => {
    const store = strictFake<Store>('Store', { get: async (id) => (id === 'a' ? 'A' : undefined) });
    await expect(store.get('a')).resolves.toBe('A');
    expect(() => store.put('a', 'B')).toThrow('unexpected call: Store.put() (not set up in this test)');
  });

  it('is not mistaken for a promise when a test awaits or resolves it', async () => {
    const store = strictFake<Store>('Store');
    await expect(Promise.resolve(store)).resolves.toBe(store);
  });
});
