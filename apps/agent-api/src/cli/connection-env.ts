import { existsSync, readFileSync } from 'node:fs';

/** `KEY=value` lines (`#` comments, blank lines, optional single or double quotes) as a record. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'))) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

export interface ConnectionEnv {
  env: Record<string, string | undefined>;
  /** The file the database settings came from, when they did. */
  from: string | undefined;
}

/**
 * The environment the admin CLI runs with. When DATABASE_URL and DATABASE_SCHEMA are both unset and
 * the demo's connection file exists, the file's settings fill in what the environment lacks (the
 * demo's services use a schema of their own, so the two go together); otherwise the environment
 * as it is.
 */
export function connectionEnv(env: Record<string, string | undefined>, file: string): ConnectionEnv {
  const set = (k: string): boolean => env[k] !== undefined && env[k] !== '';
  if (set('DATABASE_URL') || set('DATABASE_SCHEMA') || !existsSync(file)) return { env, from: undefined };
  const fromFile = parseEnvFile(readFileSync(file, 'utf8'));
  const merged: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(fromFile)) if (!set(k)) merged[k] = v;
  return { env: merged, from: file };
}

/** A database URL fit to print: the password masked. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
