import { ErrorCode } from './error-code.js';

/** A detail a caller can act on: where the problem is and what is wrong there. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error type that crosses boundaries (HTTP, NATS, CLI). `message` is written for a person
 * and must never contain a secret; `details` names each offending field.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetail[]; retryAfterMs?: number } {
    return {
      code: this.code,
      message: this.message,
      details: this.details,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }

  static is(value: unknown, code?: ErrorCode): value is AppError {
    return value instanceof AppError && (code === undefined || value.code === code);
  }
}
