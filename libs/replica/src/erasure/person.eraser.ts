import type { Clock } from '@gong-connector/contracts';
import type { CallReadRepository, CallWriteRepository, Database, PersonErasureRecord, PersonErasureRepository } from '@gong-connector/persistence';
import type { Logger } from '@gong-connector/platform';
import { randomUUID } from 'node:crypto';
import type { ErasureSubject } from './erasure-subject.js';
import { PersonScrubber, REDACTED, type ErasedPeople, type ScrubCounts } from './person.scrubber.js';

export interface PersonEraserDeps {
  database: Database;
  erasures: PersonErasureRepository;
  reads: Pick<CallReadRepository, 'getCall' | 'getTranscript'>;
  writes: Pick<CallWriteRepository, 'upsertCalls' | 'upsertTranscripts'>;
  /** Brings the search index in line with the scrubbed calls (CallReindexer). */
  reindex: (callIds: readonly string[]) => Promise<unknown>;
  clock: Clock;
  logger: Logger;
}

export interface EraseResult {
  erasure: PersonErasureRecord;
  callIds: string[];
}

const BATCH = 50;

/**
 * Erases one person (by email address or phone number) from the replica and every index: the
 * erasure is recorded first (who asked, when, the hashed identifier; ingest re-applies it to every
 * call it stores from then on, so no sync racing this one brings the person back), then each call
 * that references them is scrubbed (`PersonScrubber`) and rewritten in batches, one transaction
 * each (a new event version, so the transcript processor re-indexes it and subscribers get the
 * scrubbed call), the index is brought in line at once, and stored webhook bodies lose their
 * entries. The record ends with the counts of what was removed; never the data.
 */
export class PersonEraser {
  constructor(private readonly deps: PersonEraserDeps) {}

  async erase(subject: ErasureSubject, requestedBy: string, subjectHash: string): Promise<EraseResult> {
    const { erasures, database, reads, writes, clock, logger } = this.deps;
    const id = randomUUID();
    const started = await erasures.record({
      id,
      subjectKind: subject.kind,
      subjectHash,
      requestedBy,
      requestedAt: new Date(clock.now()),
      callsAffected: 0,
      partiesRemoved: 0,
      monologuesRemoved: 0,
      mentionsRedacted: 0,
      contextObjectsRemoved: 0,
      deliveriesScrubbed: 0,
      gongForward: 'off',
      gongForwardError: null,
    });
    const callIds = await erasures.callIdsReferencing(subject.kind === 'email' ? { email: subject.value } : { phone: subject.value });
    const people: ErasedPeople = {
      needles: [subject.value],
      isErased: (p) =>
        subject.kind === 'email'
          ? p.email !== null && p.email.trim().toLowerCase() === subject.value
          : p.phoneNumber !== null && `+${p.phoneNumber.replace(/[^0-9]/g, '')}` === subject.value,
    };
    const totals: ScrubCounts = { partiesRemoved: 0, monologuesRemoved: 0, mentionsRedacted: 0, contextObjectsRemoved: 0 };
    const names = new Set<string>();
    for (let i = 0; i < callIds.length; i += BATCH) {
      const batch = callIds.slice(i, i + BATCH);
      const loaded = await Promise.all(batch.map(async (callId) => ({ callId, call: await reads.getCall(callId), transcript: await reads.getTranscript(callId) })));
      await database.transaction(async (tx) => {
        const sources = await erasures.sourcesOf(batch, tx);
        for (const { callId, call, transcript } of loaded) {
          if (!call) continue;
          for (const p of call.parties) if (people.isErased(p) && p.name) names.add(p.name);
          const result = PersonScrubber.scrub(call, transcript, people);
          if (!result.changed) continue;
          for (const key of Object.keys(totals) as (keyof ScrubCounts)[]) totals[key] += result.counts[key];
          await writes.upsertCalls([result.record], sources.get(callId) ?? 'sync', tx);
          if (result.transcript) await writes.upsertTranscripts([result.transcript], tx);
        }
      });
    }
    await this.deps.reindex(callIds);
    const deliveriesScrubbed = await this.scrubDeliveries([subject.value, ...names]);
    const erasure = await database.transaction(async (tx) => {
      await tx.query(
        `UPDATE person_erasures SET calls_affected = $2, parties_removed = $3, monologues_removed = $4, mentions_redacted = $5,
           context_objects_removed = $6, deliveries_scrubbed = $7 WHERE id = $1`,
        [id, callIds.length, totals.partiesRemoved, totals.monologuesRemoved, totals.mentionsRedacted, totals.contextObjectsRemoved, deliveriesScrubbed],
      );
      return { ...started, callsAffected: callIds.length, ...totals, deliveriesScrubbed };
    });
    logger.info({ erasureId: id, kind: subject.kind, calls: callIds.length, ...totals, deliveriesScrubbed }, 'person erased from the replica and the index');
    return { erasure, callIds };
  }

  /** Stored outbound webhook bodies: entries of the person dropped, every mention redacted. */
  private async scrubDeliveries(needles: readonly string[]): Promise<number> {
    const { erasures, database } = this.deps;
    const rows = await erasures.deliveriesMentioning(needles);
    if (rows.length === 0) return 0;
    const lowered = needles.map((n) => n.toLowerCase());
    const mentions = (v: unknown): boolean => typeof v === 'string' && lowered.includes(v.toLowerCase());
    const pattern = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length).join('|'), 'gi');
    const redact = (value: unknown): unknown => {
      if (typeof value === 'string') return value.replace(pattern, REDACTED);
      if (Array.isArray(value)) return value.filter((e) => !(isRecord(e) && (mentions(e.email) || mentions(e.name)))).map(redact);
      if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mentions(v) ? null : redact(v)]));
      return value;
    };
    await database.transaction(async (tx) => {
      for (const row of rows) await erasures.replaceDeliveryPayload(row.id, redact(row.payload), tx);
    });
    return rows.length;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
