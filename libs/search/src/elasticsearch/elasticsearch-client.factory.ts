import { Client, Transport } from '@elastic/elasticsearch';

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;
import { AppError, ErrorCode } from '@gong-connector/contracts';

/** How to reach and authenticate to the cluster (every field but `node` optional). */
export interface ElasticsearchConnectionOptions {
  /** Elasticsearch URL(s), e.g. ELASTICSEARCH_URL. */
  node: string | string[];
  /** An API key (the base64 `encoded` value of the create-API-key response), sent as `Authorization: ApiKey ...`. */
  apiKey?: string | undefined;
  /** Basic auth (native realm user), when no API key is given. */
  username?: string | undefined;
  password?: string | undefined;
  /** SHA-256 fingerprint of the cluster's CA certificate (hex, colons optional): trusts that CA only. */
  caFingerprint?: string | undefined;
  /** PEM of the CA certificate(s) to trust, e.g. the `http_ca.crt` Elasticsearch generated. */
  caCertificate?: string | undefined;
  /** Verify the server certificate (default true; false is for a throwaway test cluster only). */
  tlsVerify?: boolean | undefined;
  /** Timeout of one request (default 30 s). */
  requestTimeoutMs?: number | undefined;
  /** Retries of a request that failed on the connection or with 502/503/504 (default 3). */
  maxRetries?: number | undefined;
  /**
   * The REST API compatibility version sent in `Accept` and `Content-Type`
   * (`application/vnd.elasticsearch+json; compatible-with=N`). The 9.x client sends 9, which an
   * 8.x cluster refuses; 8 is understood by 8.x and 9.x clusters (9.x answers in 8.x shapes for
   * the few APIs that changed, none of which this adapter uses). Default 9.
   */
  compatibility?: 8 | 9 | undefined;
  /** Replaces the HTTP connection (tests pass the mock's). */
  Connection?: ClientOptions['Connection'];
}

/** The vendored media types of a REST compatibility version. */
export function compatibilityHeaders(major: 8 | 9): { jsonContentType: string; ndjsonContentType: string; accept: string } {
  return {
    jsonContentType: `application/vnd.elasticsearch+json; compatible-with=${major}`,
    ndjsonContentType: `application/vnd.elasticsearch+x-ndjson; compatible-with=${major}`,
    accept: `application/vnd.elasticsearch+json; compatible-with=${major},text/plain`,
  };
}

type TransportOptions = ConstructorParameters<typeof Transport>[0];

/**
 * The client's transport with the media types of another compatibility version: the client
 * hard-codes `compatible-with=9` as its transport's vendored headers (client.js), so the version
 * is set where the transport is made, for every request (JSON and bulk NDJSON alike).
 */
function transportFor(major: 8 | 9): typeof Transport {
  return class CompatibleTransport extends Transport {
    constructor(options: TransportOptions) {
      super({ ...options, vendoredHeaders: compatibilityHeaders(major) });
    }
  };
}

/** A client from configuration: auth, TLS trust, timeout, retries and the compatibility version. */
export function createElasticsearchClient(options: ElasticsearchConnectionOptions): Client {
  const nodes = Array.isArray(options.node) ? options.node : [options.node];
  if (nodes.length === 0 || nodes.some((n) => !/^https?:\/\/\S+$/.test(n))) throw invalid('node', 'must be http(s) URL(s) of the cluster');
  if (options.username !== undefined && options.password === undefined) throw invalid('password', 'is required with a username');
  if (options.password !== undefined && options.username === undefined) throw invalid('username', 'is required with a password');
  if (options.apiKey !== undefined && options.username !== undefined) throw invalid('apiKey', 'give either an API key or a username and password, not both');
  if ((options.caFingerprint !== undefined || options.caCertificate !== undefined) && nodes.some((n) => !n.startsWith('https://'))) {
    throw invalid('node', 'must be https:// when a CA certificate or fingerprint is given');
  }
  const fingerprint = options.caFingerprint?.replace(/:/g, '').toUpperCase();
  if (fingerprint !== undefined && !/^[0-9A-F]{64}$/.test(fingerprint)) throw invalid('caFingerprint', 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)');
  const auth = options.apiKey !== undefined ? { apiKey: options.apiKey } : options.username !== undefined ? { username: options.username, password: options.password as string } : undefined;
  const tls =
    options.caCertificate !== undefined || options.tlsVerify === false
      ? { ...(options.caCertificate !== undefined ? { ca: options.caCertificate } : {}), rejectUnauthorized: options.tlsVerify !== false }
      : undefined;
  return new Client({
    node: options.node,
    ...(auth ? { auth } : {}),
    // The transport compares the fingerprint as colon-separated upper-case hex (Node's fingerprint256).
    ...(fingerprint ? { caFingerprint: fingerprint.match(/../g)?.join(':') } : {}),
    ...(tls ? { tls } : {}),
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    Transport: transportFor(options.compatibility ?? 9),
    ...(options.Connection ? { Connection: options.Connection } : {}),
  });
}

function invalid(path: string, message: string): AppError {
  return new AppError(ErrorCode.CONFIG_INVALID, `Elasticsearch connection: ${path} ${message}`, { details: [{ path, message }] });
}
