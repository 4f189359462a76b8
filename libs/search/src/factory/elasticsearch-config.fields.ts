import { z } from 'zod';

const bool = (defaultValue: boolean, description: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .describe(description);
const int = (defaultValue: number, min: number, max: number, description: string) =>
  z.coerce.number().int().min(min).max(max).default(defaultValue).describe(description);

/**
 * The Elasticsearch settings of a service that opens the search index, spread into its config
 * schema beside ELASTICSEARCH_URL (every one is ignored while ELASTICSEARCH_URL is unset).
 */
export const ElasticsearchConfigFields = {
  ELASTICSEARCH_ALIAS: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,150}$/, 'must be a lower-case index name (letters, digits, ".", "_", "-")')
    .default('gong-chunks')
    .describe('Elasticsearch alias the chunks are searched and written through; concrete indexes are <alias>-v<n>, its template <alias>-template (one per deployment sharing a cluster)'),
  ELASTICSEARCH_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('Elasticsearch API key (the base64 "encoded" value), sent as Authorization: ApiKey (secret)'),
  ELASTICSEARCH_USERNAME: z.string().min(1).optional().describe('Elasticsearch user for basic auth (with ELASTICSEARCH_PASSWORD), when no API key is set'),
  ELASTICSEARCH_PASSWORD: z.string().min(1).optional().describe('Password of ELASTICSEARCH_USERNAME (secret)'),
  ELASTICSEARCH_CA_FINGERPRINT: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed')
    .optional()
    .describe('SHA-256 fingerprint of the cluster CA certificate (as Elasticsearch prints it at first start): trust only that CA (https only)'),
  ELASTICSEARCH_CA_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Path of a PEM file of the CA certificate(s) to trust for the cluster (e.g. config/certs/http_ca.crt; https only)'),
  ELASTICSEARCH_TLS_VERIFY: bool(true, 'Verify the cluster TLS certificate (false only for a throwaway test cluster)'),
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: int(30_000, 100, 600_000, 'Timeout of one Elasticsearch request (milliseconds)'),
  ELASTICSEARCH_MAX_RETRIES: int(3, 0, 10, 'Retries of an Elasticsearch request that failed to connect or got 502/503/504'),
  ELASTICSEARCH_COMPATIBILITY: z
    .enum(['8', '9'])
    .default('9')
    .transform((v) => (v === '8' ? 8 : 9) as 8 | 9)
    .describe('REST compatibility version sent in Accept/Content-Type (compatible-with=N): 9 for Elasticsearch 9.x, 8 for an 8.x cluster (9.x clusters accept 8 too)'),
  ELASTICSEARCH_SHARDS: int(1, 1, 1024, 'Primary shards of a new chunk index (read when an index is created)'),
  ELASTICSEARCH_REPLICAS: int(1, 0, 16, 'Replicas of a new chunk index (0 for a single-node cluster)'),
  ELASTICSEARCH_TEMPLATE_PRIORITY: int(500, 0, 1_000_000, 'Priority of the index template (<alias>-v*); raise it when another template on the cluster matches the same indexes'),
  ELASTICSEARCH_PIT_KEEP_ALIVE: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(ms|s|m|h)$/, 'must be an Elasticsearch time value like 90s or 2m')
    .default('2m')
    .describe('How long a search page walk keeps its point in time open between two pages (paging after that goes on from a new one)'),
  ELASTICSEARCH_MIGRATE: bool(true, 'At start, move an index of an older mapping version to this version (async reindex, alias swap, old index dropped after)'),
};

/** The parsed settings (what `createSearchIndex` takes as `elasticsearch`). */
export type ElasticsearchConfig = { ELASTICSEARCH_URL?: string | undefined } & {
  [K in keyof typeof ElasticsearchConfigFields]: z.output<(typeof ElasticsearchConfigFields)[K]>;
};
