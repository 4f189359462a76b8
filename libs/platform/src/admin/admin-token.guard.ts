import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ADMIN_TOKEN } from '../platform.tokens.js';

/** The admin token of a service and the setting it comes from (named in error messages, never the value). */
export interface AdminTokenSetting {
  /** The environment variable that holds the token, e.g. `INGEST_ADMIN_TOKEN`. */
  name: string;
  /** The token; undefined turns the admin API off. */
  value: string | undefined;
}

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}

interface HttpReply {
  header(name: string, value: string): unknown;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The admin API's guard, the same in every service:
 * - no token configured: the admin API is off, every request gets 403 ACCESS_DENIED with a message
 *   naming the setting to set (no token could help, so not 401);
 * - a missing, malformed or wrong `Authorization: Bearer <token>`: 401 UNAUTHENTICATED with
 *   `WWW-Authenticate: Bearer realm="admin"`.
 * Tokens are compared as SHA-256 digests in constant time; neither the token nor the header is
 * ever logged or echoed.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;
  private readonly name: string;

  constructor(@Inject(ADMIN_TOKEN) setting: AdminTokenSetting) {
    this.name = setting.name;
    this.expected = setting.value === undefined || setting.value === '' ? undefined : digest(setting.value);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      throw new AppError(ErrorCode.ACCESS_DENIED, `The admin API is off: set ${this.name} to use it`);
    }
    const http = context.switchToHttp();
    const header = http.getRequest<HttpRequest>().headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header.trim())?.[1] : undefined;
    if (token === undefined || !timingSafeEqual(digest(token), this.expected)) {
      http.getResponse<HttpReply | undefined>()?.header('www-authenticate', 'Bearer realm="admin"');
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        token === undefined ? `The admin API needs an Authorization: Bearer <${this.name}> header` : 'The admin token is not valid',
      );
    }
    return true;
  }
}
