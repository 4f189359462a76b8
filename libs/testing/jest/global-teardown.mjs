export default async function globalTeardown() {
  const containers = globalThis.__GC_TEST_CONTAINERS__ ?? [];
  globalThis.__GC_TEST_CONTAINERS__ = [];
  await Promise.all(containers.map((c) => c.stop()));
}
