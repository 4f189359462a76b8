import type { z } from 'zod';
import { AppError, type ErrorDetail } from './app-error.js';
import { ErrorCode } from './error-code.js';

/** Turns zod issues into details that name each path, e.g. `body.callIds[3]: expected string`. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], root = ''): ErrorDetail[] {
  return issues.map((issue) => ({
    path: formatPath(root, issue.path),
    message: issue.message,
  }));
}

export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Validates `data` with `schema` at an edge; on failure throws an AppError with one detail per
 * problem. `where` says which edge it is ("NATS quota.acquire.v1 payload", "query string").
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: string,
  code: ErrorCode = ErrorCode.VALIDATION_FAILED,
): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues);
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new AppError(code, `Invalid ${where}: ${summary}`, { details });
}
