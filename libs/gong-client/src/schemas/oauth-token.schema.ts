import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** The answer of POST /oauth2/generate-customer-token. */
export const OAuthTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  /** Rotated on every refresh (single-use). */
  refresh_token: Wire.optional(z.string().min(1)),
  /** Seconds. */
  expires_in: Wire.optional(z.number()),
  token_type: Wire.optional(z.string()),
  scope: Wire.optional(z.string()),
  /** The tenant API host for every API call, e.g. `https://company-17.api.gong.io`. */
  api_base_url_for_customer: Wire.optional(
    z.string().refine(isHttpUrl, { error: 'expected an http(s) URL' }),
  ),
});
export type OAuthTokenResponse = z.output<typeof OAuthTokenResponseSchema>;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
