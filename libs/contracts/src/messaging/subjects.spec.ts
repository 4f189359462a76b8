import { describe, expect, it } from '@jest/globals';
import { EVENT_SUBJECT_PATTERN, REQUEST_SUBJECT_PATTERN } from './contract.js';
import { Events, Requests, Streams } from './subjects.js';

describe('subject map', () => {
  const events = Object.values(Events);
  const requests = Object.values(Requests) as { subject: string }[];

  it.each(events.map((e) => [e.subject]))('event %s is named <domain>.<entity>.<past-tense>.v<N>', (subject) => {
    expect(subject).toMatch(EVENT_SUBJECT_PATTERN);
  });

  it('names every request <domain>.<verb>.v<N>', () => {
    for (const r of requests) expect(r.subject).toMatch(REQUEST_SUBJECT_PATTERN);
  });

  it('captures every event in exactly one stream and no request subject in any', () => {
    const captured = Object.values(Streams).flatMap((s) => [...s.subjects] as string[]);
    for (const e of events) expect(captured.filter((s) => s === e.subject)).toHaveLength(1);
    for (const r of requests) expect(captured).not.toContain(r.subject);
  });

  it('declares each subject once', () => {
    const all = [...events.map((e) => e.subject), ...requests.map((r) => r.subject)];
    expect(new Set(all).size).toBe(all.length);
  });
});
