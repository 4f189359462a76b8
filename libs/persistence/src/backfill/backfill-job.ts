export const BACKFILL_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/**
 * A backfill of a date range, with the position it has safely reached. Every call that started
 * before `resumeFrom` is stored; `cursor` continues the extensive-calls request that started at
 * `windowStart` (it may expire: the job then restarts that request at `resumeFrom`).
 */
export interface BackfillJob {
  id: string;
  /** Calls that started at or after `from` and before `to` (ISO date-times, UTC). */
  from: string;
  to: string;
  workspaceId: string | null;
  status: BackfillStatus;
  windowStart: string | null;
  cursor: string | null;
  resumeFrom: string | null;
  /** Calls written so far (pages committed; a page repeated after a restart counts once). */
  callsStored: number;
  /** Calls Gong reported for the range (an estimate until the last page). */
  callsTotal: number | null;
  transcriptsStored: number;
  /** Gong requests this job sent. */
  requestsSpent: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Where a job stands after a committed page. */
export interface BackfillPosition {
  windowStart: string;
  cursor: string | null;
  resumeFrom: string | null;
  callsTotal: number | null;
  addCalls: number;
  addTranscripts: number;
  addRequests: number;
}
