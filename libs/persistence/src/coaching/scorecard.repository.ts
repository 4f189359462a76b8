import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { AnsweredScorecardRecord, QuestionAverageRecord, ScorecardAnswerRecord, ScorecardDefinitionRecord, ScorecardQuestionRecord } from './coaching-records.js';

export interface AnsweredScorecardFilter {
  reviewedUserIds?: readonly string[] | undefined;
  reviewerUserIds?: readonly string[] | undefined;
  scorecardIds?: readonly string[] | undefined;
  /** Calls started at or after this instant (ISO). */
  callFrom?: string | undefined;
  /** Calls started before this instant (ISO). */
  callTo?: string | undefined;
  /** Keyset cursor: the last row of the previous page (results are newest review first). */
  after?: { reviewTime: string; answeredScorecardId: string } | undefined;
  limit?: number | undefined;
  /** Only the scorecards this user may see by their `visibilityType` (see `scorecardVisibleTo`); null: the PUBLIC ones only. */
  visibleTo?: string | null | undefined;
}

/**
 * Who may see an answered scorecard by its `visibilityType` (on top of `coachingAccess` covering
 * the reviewed rep), with the narrower reading where Gong does not say: `PUBLIC` everyone;
 * `MANAGERS` the reviewer and the reviewed rep's manager (their direct manager: the narrower
 * reading of "managers"); `MANAGERS_AND_REVIEWEE` those and the reviewed rep; `PRIVATE`,
 * `OPT_IN_USERS` (whose list the API does not give) and anything else only the reviewer. SQL over
 * `gong_answered_scorecards` as `alias`, the viewer id in parameter `$n` (null matches no one).
 */
export function scorecardVisibleTo(alias: string, n: number): string {
  const s = alias;
  // COALESCE: a NULL (no visibility, no viewer) is "not visible", also under NOT.
  return `COALESCE(${s}.visibility_type = 'PUBLIC'
    OR ${s}.reviewer_user_id = $${n}
    OR (${s}.visibility_type = 'MANAGERS_AND_REVIEWEE' AND ${s}.reviewed_user_id = $${n})
    OR (${s}.visibility_type IN ('MANAGERS', 'MANAGERS_AND_REVIEWEE') AND EXISTS (SELECT 1 FROM gong_users mu WHERE mu.id = ${s}.reviewed_user_id AND mu.manager_id = $${n})), false)`;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Scorecard definitions (replaced whole by a sync) and answered scorecards with every answer (upserted). */
/** Which answered scorecards `questionAverages` averages over. */
export interface QuestionAverageFilter {
  reviewedUserIds?: readonly string[] | undefined;
  callFrom?: string | undefined;
  callTo?: string | undefined;
  /** Only the scorecards this user may see by their `visibilityType` (`scorecardVisibleTo`). */
  visibleTo?: string | null | undefined;
}

export class ScorecardRepository {
  constructor(private readonly db: Database) {}

  /** Makes the stored definitions exactly these (with their questions), in one transaction. */
  async replaceDefinitions(definitions: readonly ScorecardDefinitionRecord[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.db.query('DELETE FROM gong_scorecards WHERE NOT (scorecard_id = ANY($1::text[]))', [definitions.map((d) => d.scorecardId)], tx);
      for (const d of definitions) {
        await this.db.query(
          `INSERT INTO gong_scorecards (scorecard_id, name, workspace_id, enabled, review_method, updater_user_id, created, updated, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
           ON CONFLICT (scorecard_id) DO UPDATE SET name = EXCLUDED.name, workspace_id = EXCLUDED.workspace_id, enabled = EXCLUDED.enabled,
             review_method = EXCLUDED.review_method, updater_user_id = EXCLUDED.updater_user_id, created = EXCLUDED.created,
             updated = EXCLUDED.updated, synced_at = now()`,
          [d.scorecardId, d.name, d.workspaceId, d.enabled, d.reviewMethod, d.updaterUserId, d.created, d.updated],
          tx,
        );
        await this.db.query('DELETE FROM gong_scorecard_questions WHERE scorecard_id = $1', [d.scorecardId], tx);
        if (d.questions.length === 0) continue;
        await this.db.query(
          `INSERT INTO gong_scorecard_questions (scorecard_id, question_id, question_revision_id, position, question_text, is_overall, question_type,
             answer_guide, min_range, max_range, answer_options)
           SELECT $1, question_id, question_revision_id, position, question_text, is_overall, question_type, answer_guide, min_range, max_range, answer_options
           FROM jsonb_to_recordset($2::jsonb) AS r(question_id text, question_revision_id text, position int, question_text text, is_overall boolean,
             question_type text, answer_guide text, min_range int, max_range int, answer_options jsonb)`,
          [
            d.scorecardId,
            JSON.stringify(
              d.questions.map((q, position) => ({
                question_id: q.questionId,
                question_revision_id: q.questionRevisionId,
                position,
                question_text: q.questionText,
                is_overall: q.isOverall,
                question_type: q.questionType,
                answer_guide: q.answerGuide,
                min_range: q.minRange,
                max_range: q.maxRange,
                answer_options: q.answerOptions,
              })),
            ),
          ],
          tx,
        );
      }
    });
  }

  /** Upserts answered scorecards and replaces their answers (inside `tx` when given: one page, one transaction). */
  async upsertAnswered(records: readonly AnsweredScorecardRecord[], tx?: Transaction): Promise<void> {
    if (records.length === 0) return;
    const run = async (t: Transaction) => {
      await this.db.query(
        `INSERT INTO gong_answered_scorecards (answered_scorecard_id, scorecard_id, scorecard_name, call_id, call_start_time, reviewed_user_id,
           reviewer_user_id, review_method, editor_user_id, review_time, visibility_type, synced_at)
         SELECT answered_scorecard_id, scorecard_id, scorecard_name, call_id, call_start_time, reviewed_user_id, reviewer_user_id, review_method,
           editor_user_id, review_time, visibility_type, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(answered_scorecard_id text, scorecard_id text, scorecard_name text, call_id text,
           call_start_time timestamptz, reviewed_user_id text, reviewer_user_id text, review_method text, editor_user_id text,
           review_time timestamptz, visibility_type text)
         ON CONFLICT (answered_scorecard_id) DO UPDATE SET scorecard_id = EXCLUDED.scorecard_id, scorecard_name = EXCLUDED.scorecard_name,
           call_id = EXCLUDED.call_id, call_start_time = EXCLUDED.call_start_time, reviewed_user_id = EXCLUDED.reviewed_user_id,
           reviewer_user_id = EXCLUDED.reviewer_user_id, review_method = EXCLUDED.review_method, editor_user_id = EXCLUDED.editor_user_id,
           review_time = EXCLUDED.review_time, visibility_type = EXCLUDED.visibility_type, synced_at = now()`,
        [
          JSON.stringify(
            records.map((r) => ({
              answered_scorecard_id: r.answeredScorecardId,
              scorecard_id: r.scorecardId,
              scorecard_name: r.scorecardName,
              call_id: r.callId,
              call_start_time: r.callStartTime,
              reviewed_user_id: r.reviewedUserId,
              reviewer_user_id: r.reviewerUserId,
              review_method: r.reviewMethod,
              editor_user_id: r.editorUserId,
              review_time: r.reviewTime,
              visibility_type: r.visibilityType,
            })),
          ),
        ],
        t,
      );
      await this.db.query('DELETE FROM gong_scorecard_answers WHERE answered_scorecard_id = ANY($1::text[])', [records.map((r) => r.answeredScorecardId)], t);
      const answers = records.flatMap((r) =>
        uniqueByQuestion(r.answers).map((a) => ({
          answered_scorecard_id: r.answeredScorecardId,
          question_id: a.questionId,
          question_revision_id: a.questionRevisionId,
          is_overall: a.isOverall,
          score: a.score,
          answer_text: a.answerText,
          not_applicable: a.notApplicable,
          selected_options: a.selectedOptions,
        })),
      );
      if (answers.length === 0) return;
      await this.db.query(
        `INSERT INTO gong_scorecard_answers (answered_scorecard_id, question_id, question_revision_id, is_overall, score, answer_text, not_applicable, selected_options)
         SELECT answered_scorecard_id, question_id, question_revision_id, is_overall, score, answer_text, not_applicable,
           ARRAY(SELECT jsonb_array_elements_text(selected_options))
         FROM jsonb_to_recordset($1::jsonb) AS r(answered_scorecard_id text, question_id text, question_revision_id text, is_overall boolean,
           score int, answer_text text, not_applicable boolean, selected_options jsonb)`,
        [JSON.stringify(answers)],
        t,
      );
    };
    if (tx) await run(tx);
    else await this.db.transaction(run);
  }

  /** Every scorecard definition with its questions in order, by name. */
  async definitions(): Promise<ScorecardDefinitionRecord[]> {
    const cards: Array<Record<string, unknown>> = await this.db.query('SELECT * FROM gong_scorecards ORDER BY lower(name), scorecard_id');
    const questions: Array<Record<string, unknown>> = await this.db.query('SELECT * FROM gong_scorecard_questions ORDER BY scorecard_id, position');
    const byCard = new Map<string, ScorecardQuestionRecord[]>();
    for (const q of questions) {
      const list = byCard.get(q.scorecard_id as string) ?? [];
      list.push({
        questionId: q.question_id as string,
        questionRevisionId: (q.question_revision_id as string | null) ?? null,
        questionText: q.question_text as string,
        isOverall: q.is_overall as boolean,
        questionType: (q.question_type as string | null) ?? null,
        answerGuide: (q.answer_guide as string | null) ?? null,
        minRange: (q.min_range as number | null) ?? null,
        maxRange: (q.max_range as number | null) ?? null,
        answerOptions: (q.answer_options as ScorecardQuestionRecord['answerOptions']) ?? null,
      });
      byCard.set(q.scorecard_id as string, list);
    }
    return cards.map((c) => ({
      scorecardId: c.scorecard_id as string,
      name: c.name as string,
      workspaceId: (c.workspace_id as string | null) ?? null,
      enabled: c.enabled as boolean,
      reviewMethod: (c.review_method as string | null) ?? null,
      updaterUserId: (c.updater_user_id as string | null) ?? null,
      created: iso(c.created),
      updated: iso(c.updated),
      questions: byCard.get(c.scorecard_id as string) ?? [],
    }));
  }

  /** Answered scorecards (with answers), newest review first, filtered; `limit` defaults to 100. */
  async answered(filter: AnsweredScorecardFilter = {}): Promise<AnsweredScorecardRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (filter.reviewedUserIds) add((n) => `reviewed_user_id = ANY($${n}::text[])`, [...filter.reviewedUserIds]);
    if (filter.reviewerUserIds) add((n) => `reviewer_user_id = ANY($${n}::text[])`, [...filter.reviewerUserIds]);
    if (filter.scorecardIds) add((n) => `scorecard_id = ANY($${n}::text[])`, [...filter.scorecardIds]);
    if (filter.callFrom) add((n) => `call_start_time >= $${n}::timestamptz`, filter.callFrom);
    if (filter.callTo) add((n) => `call_start_time < $${n}::timestamptz`, filter.callTo);
    if (filter.visibleTo !== undefined) add((n) => scorecardVisibleTo('gong_answered_scorecards', n), filter.visibleTo);
    if (filter.after) {
      params.push(filter.after.reviewTime, filter.after.answeredScorecardId);
      where.push(`(review_time, answered_scorecard_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit ?? 100);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT * FROM gong_answered_scorecards ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY review_time DESC, answered_scorecard_id DESC LIMIT $${params.length}`,
      params,
    );
    const answers: Array<Record<string, unknown>> = rows.length
      ? await this.db.query(
          `SELECT a.* FROM gong_scorecard_answers a
           LEFT JOIN gong_answered_scorecards s ON s.answered_scorecard_id = a.answered_scorecard_id
           LEFT JOIN gong_scorecard_questions q ON q.scorecard_id = s.scorecard_id AND q.question_id = a.question_id
           WHERE a.answered_scorecard_id = ANY($1::text[]) ORDER BY a.answered_scorecard_id, q.position NULLS LAST, a.question_id`,
          [rows.map((r) => r.answered_scorecard_id)],
        )
      : [];
    const byCard = new Map<string, ScorecardAnswerRecord[]>();
    for (const a of answers) {
      const list = byCard.get(a.answered_scorecard_id as string) ?? [];
      list.push({
        questionId: a.question_id as string,
        questionRevisionId: (a.question_revision_id as string | null) ?? null,
        isOverall: a.is_overall as boolean,
        score: (a.score as number | null) ?? null,
        answerText: (a.answer_text as string | null) ?? null,
        notApplicable: a.not_applicable as boolean,
        selectedOptions: a.selected_options as string[],
      });
      byCard.set(a.answered_scorecard_id as string, list);
    }
    return rows.map((r) => ({
      answeredScorecardId: r.answered_scorecard_id as string,
      scorecardId: r.scorecard_id as string,
      scorecardName: (r.scorecard_name as string | null) ?? null,
      callId: r.call_id as string,
      callStartTime: iso(r.call_start_time),
      reviewedUserId: r.reviewed_user_id as string,
      reviewerUserId: (r.reviewer_user_id as string | null) ?? null,
      reviewMethod: r.review_method as string,
      editorUserId: (r.editor_user_id as string | null) ?? null,
      reviewTime: iso(r.review_time)!,
      visibilityType: (r.visibility_type as string | null) ?? null,
      answers: byCard.get(r.answered_scorecard_id as string) ?? [],
    }));
  }

  /** How many answered scorecards matching the filter (calls in [callFrom, callTo)) the user may not see by their `visibilityType`. */
  async countHidden(filter: Omit<AnsweredScorecardFilter, 'after' | 'limit' | 'visibleTo'> & { visibleTo: string | null }): Promise<number> {
    const params: unknown[] = [filter.visibleTo];
    const where = [`NOT ${scorecardVisibleTo('s', 1)}`];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (filter.reviewedUserIds) add((n) => `s.reviewed_user_id = ANY($${n}::text[])`, [...filter.reviewedUserIds]);
    if (filter.reviewerUserIds) add((n) => `s.reviewer_user_id = ANY($${n}::text[])`, [...filter.reviewerUserIds]);
    if (filter.scorecardIds) add((n) => `s.scorecard_id = ANY($${n}::text[])`, [...filter.scorecardIds]);
    if (filter.callFrom) add((n) => `s.call_start_time >= $${n}::timestamptz`, filter.callFrom);
    if (filter.callTo) add((n) => `s.call_start_time < $${n}::timestamptz`, filter.callTo);
    const [row]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM gong_answered_scorecards s WHERE ${where.join(' AND ')}`, params);
    return Number(row?.n ?? 0);
  }

  /**
   * Mean score per reviewed user, scorecard and question over calls started in [callFrom, callTo)
   * (not-applicable and unscored answers left out), by user, scorecard and question order.
   */
  async questionAverages(filter: QuestionAverageFilter): Promise<QuestionAverageRecord[]> {
    return (await this.questionAveragesSplit(filter, null)).previous;
  }

  /**
   * `questionAverages` over calls started in [callFrom, splitAt) (`previous`) and [splitAt, callTo)
   * (`current`) in one read; `splitAt` an ISO instant (null: every row is `previous`).
   */
  async questionAveragesSplit(filter: QuestionAverageFilter, splitAt: string | null): Promise<{ previous: QuestionAverageRecord[]; current: QuestionAverageRecord[] }> {
    const params: unknown[] = [];
    const where = ['a.score IS NOT NULL', 'NOT a.not_applicable'];
    if (filter.reviewedUserIds) {
      params.push([...filter.reviewedUserIds]);
      where.push(`s.reviewed_user_id = ANY($${params.length}::text[])`);
    }
    if (filter.callFrom) {
      params.push(filter.callFrom);
      where.push(`s.call_start_time >= $${params.length}::timestamptz`);
    }
    if (filter.callTo) {
      params.push(filter.callTo);
      where.push(`s.call_start_time < $${params.length}::timestamptz`);
    }
    if (filter.visibleTo !== undefined) {
      params.push(filter.visibleTo);
      where.push(scorecardVisibleTo('s', params.length));
    }
    params.push(splitAt);
    const current = `COALESCE(s.call_start_time >= $${params.length}::timestamptz, false)`;
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT s.reviewed_user_id, ${current} AS current, s.scorecard_id, a.question_id, q.question_text, bool_or(a.is_overall) AS is_overall,
              avg(a.score)::float8 AS average, count(*)::int AS answers, min(q.position) AS position
       FROM gong_scorecard_answers a
       JOIN gong_answered_scorecards s ON s.answered_scorecard_id = a.answered_scorecard_id
       LEFT JOIN gong_scorecard_questions q ON q.scorecard_id = s.scorecard_id AND q.question_id = a.question_id
       WHERE ${where.join(' AND ')}
       GROUP BY s.reviewed_user_id, ${current}, s.scorecard_id, a.question_id, q.question_text
       ORDER BY s.reviewed_user_id, s.scorecard_id, min(q.position) NULLS LAST, a.question_id`,
      params,
    );
    const map = (r: Record<string, unknown>): QuestionAverageRecord => ({
      userId: r.reviewed_user_id as string,
      scorecardId: r.scorecard_id as string,
      questionId: r.question_id as string,
      questionText: (r.question_text as string | null) ?? null,
      isOverall: r.is_overall as boolean,
      average: Number(r.average),
      answers: Number(r.answers),
    });
    return { previous: rows.filter((r) => r.current !== true).map(map), current: rows.filter((r) => r.current === true).map(map) };
  }
}

/** Gong answers a question once per scorecard; a repeated question id keeps its first answer. */
function uniqueByQuestion(answers: readonly ScorecardAnswerRecord[]): ScorecardAnswerRecord[] {
  const seen = new Set<string>();
  return answers.filter((a) => !seen.has(a.questionId) && Boolean(seen.add(a.questionId)));
}
