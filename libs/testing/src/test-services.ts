/**
 * Where the shared test services are. The Jest global setup fills these in (from testcontainers, or
 * from the environment, defaulting to 127.0.0.1); this is the only place tests read them. NATS is
 * not shared: every test that touches it starts its own (`PrivateNatsServer`).
 */
export function testServices(): { databaseUrl: string; elasticsearchUrl: string | undefined } {
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    elasticsearchUrl: process.env.ELASTICSEARCH_URL || undefined,
  };
}
