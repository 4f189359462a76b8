import { AppError, ErrorCode, issuesToDetails } from '@gong-connector/contracts';
import type { z } from 'zod';

export type Env = Record<string, string | undefined>;

/**
 * Parses the environment once, at bootstrap, with the app's schema. On failure it throws one
 * CONFIG_INVALID error that lists every bad key and what is wrong with it. The result is frozen.
 * Secret values are never echoed back in the error.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  // Empty strings mean "unset" (docker-compose and Kubernetes write them for blank values).
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = issuesToDetails(result.error.issues);
    const lines = details.map((d) => `  - ${d.path}: ${d.message}`).join('\n');
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      `Invalid configuration (${details.length} problem${details.length === 1 ? '' : 's'}):\n${lines}`,
      { details },
    );
  }
  return deepFreeze(result.data) as Readonly<z.infer<S>>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
