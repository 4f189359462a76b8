/**
 * Where the test services are. The Jest global setup fills these in (from testcontainers, or from
 * the environment, defaulting to 127.0.0.1); this is the only place tests read them.
 */
export function testServices(): { databaseUrl: string; natsUrl: string; elasticsearchUrl: string | undefined } {
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    elasticsearchUrl: process.env.ELASTICSEARCH_URL || undefined,
  };
}
