/**
 * An error answered the way Gong answers: the status, and a body `{requestId, errors: [...]}`.
 */
export class GongHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.join('; '));
    this.name = 'GongHttpError';
  }

  static badRequest(...errors: string[]): GongHttpError {
    return new GongHttpError(400, errors);
  }

  static notFound(message: string): GongHttpError {
    return new GongHttpError(404, [message]);
  }
}

/** Gong's message for an empty result of the calls endpoints (a 404, not an empty list). */
export const NO_CALLS_FOUND = 'No calls found corresponding to the provided filters';
