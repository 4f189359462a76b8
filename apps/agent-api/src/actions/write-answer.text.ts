import type { WriteAnswer } from './gong-write.service.js';

/** A write's answer as a model reads it: what happens next, or what happened. */
export function writeAnswerText(a: WriteAnswer): string {
  const changes = a.preview.changes.map((c) => `- ${c}`).join('\n');
  if (a.status === 'confirmation_required') {
    return `Nothing changed yet. ${a.preview.summary} (for ${a.preview.actingFor}):\n${changes}\nTo do it, call ${a.tool} again with the same arguments and confirm: "${a.confirmationId}" (valid until ${a.expiresAt}). Show the user this preview first.`;
  }
  const replay = a.replayed ? ' (the first result under this idempotency key; nothing was sent again)' : '';
  const reconciled = a.reconciled ? ' (Gong did not answer in time; the outcome was read back from Gong)' : '';
  if (a.status === 'done') return `Done${replay}${reconciled}: ${a.preview.summary}.\n${JSON.stringify(a.result ?? {})}`;
  return `Failed${replay}: ${a.preview.summary}. ${a.error?.code ?? ''}: ${a.error?.message ?? ''}`;
}
