import type { FastifyInstance, FastifyRequest } from 'fastify';
import { gongRoute } from '../http/gong-route.js';
import { GongHttpError } from '../http/gong-http.error.js';
import type { SimContext } from '../sim/sim.context.js';

const digits = (phone: string | undefined): string | null => {
  if (!phone) return null;
  const d = phone.replace(/[^0-9]/g, '');
  return d.length >= 6 ? d : null;
};

function queryParam(req: FastifyRequest, name: string): string {
  const value = (req.query as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value.trim() === '') throw new GongHttpError(400, [`${name} is required`]);
  return value;
}

/**
 * POST /v2/data-privacy/erase-data-for-email-address?emailAddress= and
 * /erase-data-for-phone-number?phoneNumber= (the number starts with + and the country code; other
 * non-digits are ignored): every call where the person appears and every matching contact is
 * deleted (at once here; "may take several hours" in Gong). Answers Gong's BaseResponse.
 */
export function registerDataPrivacyRoutes(app: FastifyInstance, ctx: SimContext): void {
  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/data-privacy/erase-data-for-email-address',
    scope: 'api:data-privacy:delete',
    handler: (req) => {
      const email = queryParam(req, 'emailAddress').trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new GongHttpError(400, ['emailAddress is not an email address']);
      const erased = ctx.store.eraseCallsReferencing((p) => p.emailAddress?.toLowerCase() === email);
      ctx.logger.info({ calls: erased.length }, 'data-privacy: erased an email address');
      return {};
    },
  });
  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/data-privacy/erase-data-for-phone-number',
    scope: 'api:data-privacy:delete',
    handler: (req) => {
      const raw = queryParam(req, 'phoneNumber');
      const wanted = digits(raw);
      if (!raw.trim().startsWith('+') || wanted === null) throw new GongHttpError(400, ['phoneNumber must start with + followed by the country code and number']);
      const erased = ctx.store.eraseCallsReferencing((p) => digits(p.phoneNumber) === wanted);
      ctx.logger.info({ calls: erased.length }, 'data-privacy: erased a phone number');
      return {};
    },
  });
}
