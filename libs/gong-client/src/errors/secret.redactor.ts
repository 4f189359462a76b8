/** Characters of Gong text kept in an error message (error bodies can be long HTML pages). */
const MAX_TEXT = 300;

/**
 * Removes every known secret (and its base64 / URL-encoded forms) from `text` and shortens it, so
 * text that came from outside (Gong error bodies, network error messages) is safe to put in an error.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
}
