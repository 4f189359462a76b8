type Evidence = { calls: Array<{ id: string; title: string | null; started: string | null }>; hiddenCalls: number; emailsCited: number };

/** A Gong AI brief or answer as text a model reads: the text, then the cited calls and what was counted. */
export function gongAiAnswerText(data: Record<string, unknown>): string {
  const entity = data.entity as { type: string; id: string; name: string | null };
  const head =
    `Gong AI ${'briefName' in data ? `brief "${String(data.briefName)}"` : `answer to "${String(data.question)}"`} for ${entity.type.toLowerCase()} ${entity.name ?? entity.id} ` +
    `(${String(data.period)}; ${String(data.numOfCallsSearched ?? '?')} calls, ${String(data.numOfEmailsSearched ?? '?')} emails searched; ` +
    `${data.cached ? 'from the cache, no credits' : `about ${String(data.creditsEstimate)} Gong credits`}; generated ${String(data.generatedAt)}).`;
  const cite = (e: Evidence): string[] => [
    ...e.calls.map((c) => `  call ${c.id}: ${c.title ?? ''}${c.started ? ` (${c.started.slice(0, 10)})` : ''}`),
    ...(e.hiddenCalls > 0 ? [`  + ${e.hiddenCalls} cited call(s) you may not see`] : []),
    ...(e.emailsCited > 0 ? [`  + ${e.emailsCited} email(s) cited`] : []),
  ];
  const body =
    'sections' in data
      ? (data.sections as Array<Evidence & { title: string | null; summary: string[] }>).flatMap((s) => [`## ${s.title ?? 'Section'}`, ...s.summary.map((l) => `- ${l}`), ...cite(s)])
      : (data.answer as Array<Evidence & { items: string[] }>).flatMap((a) => [...a.items.map((l) => `- ${l}`), ...cite(a)]);
  return [head, ...body].join('\n');
}
