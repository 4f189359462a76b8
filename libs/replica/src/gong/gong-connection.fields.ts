import { z } from 'zod';
import { ConfigFields } from '@gong-connector/platform';

/**
 * How a service reaches Gong: the tenant host, the credentials (an API key, or the company's OAuth
 * grant shared by every service through PostgreSQL) and who paces the requests. Spread into a
 * service's env schema: `z.object({ ...GongConnectionFields, ... })`.
 */
export const GongConnectionFields = {
  GONG_BASE_URL: ConfigFields.gongBaseUrl(),
  GONG_AUTH: z
    .enum(['basic', 'oauth'])
    .default('basic')
    .describe('How to authenticate to Gong: basic (an API access key pair) or oauth (an OAuth app’s grant, kept in PostgreSQL and shared by every service)'),
  GONG_ACCESS_KEY: ConfigFields.gongAccessKey(),
  GONG_ACCESS_KEY_SECRET: ConfigFields.gongAccessKeySecret(),
  GONG_OAUTH_CLIENT_ID: z.string().min(1).optional().describe('Client id of the Gong OAuth app (GONG_AUTH=oauth)'),
  GONG_OAUTH_CLIENT_SECRET: z.string().min(1).optional().describe('Client secret of the Gong OAuth app (GONG_AUTH=oauth) (secret)'),
  GONG_OAUTH_REFRESH_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Refresh token of the app’s authorization: seeds the grant kept in PostgreSQL, which is rotated there from then on; a new token here replaces it (GONG_AUTH=oauth) (secret)',
    ),
  GONG_OAUTH_BASE_URL: ConfigFields.httpUrl().default('https://app.gong.io').describe('Host of Gong’s OAuth token endpoint (GONG_AUTH=oauth)'),
  SECRETS_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .describe(
      'Keys that encrypt secrets at rest (outbound webhook secrets, the Gong OAuth grant, the built-in authorization server’s signing key): <id>:<base64 of 32 random bytes>, comma-separated; the first encrypts, every one decrypts (rotation: put the new key first, run npm run admin -- secrets reseal, then drop the old) (unset: stored in clear) (secret)',
    ),
  GONG_PERMIT_SOURCE: ConfigFields.gongPermitSource(),
  GONG_LOCAL_RATE_PER_SECOND: ConfigFields.gongLocalRate(),
};

/** The configuration a Gong client is built from (any service config that spreads the fields). */
export const GongConnectionSchema = z.object(GongConnectionFields);
export type GongConnectionConfig = z.infer<typeof GongConnectionSchema>;
