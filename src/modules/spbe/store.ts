/** SQL of the SPBE/Pemdi self-assessment (PGlite and PostgreSQL alike). */
import type { Queryable } from "../../platform/db.ts";
import { userNames } from "../accounts/index.ts";

export interface AssessmentRow {
  id: string;
  framework: string;
  framework_version: number;
  year: number;
  created_at: Date;
}

const A_COLS = "id, framework, framework_version, year, created_at";

export async function insertAssessment(q: Queryable, tenantId: string, framework: string, version: number, year: number, actorId: string | null) {
  return q.one<AssessmentRow>(
    `INSERT INTO spbe_assessments (tenant_id, framework, framework_version, year, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, framework, year) DO NOTHING RETURNING ${A_COLS}`,
    [tenantId, framework, version, year, actorId],
  );
}

export async function assessments(q: Queryable, tenantId: string): Promise<AssessmentRow[]> {
  return q.query<AssessmentRow>(`SELECT ${A_COLS} FROM spbe_assessments WHERE tenant_id = $1 ORDER BY year DESC, framework`, [tenantId]);
}

export async function assessment(q: Queryable, tenantId: string, id: string): Promise<AssessmentRow | null> {
  return (await q.one<AssessmentRow>(`SELECT ${A_COLS} FROM spbe_assessments WHERE tenant_id = $1 AND id = $2`, [tenantId, id])) ?? null;
}

export async function assignments(q: Queryable, id: string): Promise<{ indicator: string; unit_code: string }[]> {
  return q.query("SELECT indicator, unit_code FROM spbe_assignments WHERE assessment_id = $1", [id]);
}

export async function assign(q: Queryable, id: string, rows: { indicator: string; unitCode: string }[]) {
  await q.query(
    `INSERT INTO spbe_assignments (assessment_id, indicator, unit_code)
     SELECT $1, x.i, x.u FROM jsonb_to_recordset($2::jsonb) AS x(i text, u text)
     ON CONFLICT (assessment_id, indicator) DO UPDATE SET unit_code = EXCLUDED.unit_code`,
    [id, JSON.stringify(rows.map((r) => ({ i: r.indicator, u: r.unitCode })))],
  );
}

export interface AnswerRow {
  indicator: string;
  level: number;
  explanation: string;
  status: "submitted" | "accepted" | "returned";
  reviewed_level: number | null;
  review_note: string | null;
  answered_at: Date;
  answered_by_name: string | null;
}

export async function answers(q: Queryable, id: string): Promise<AnswerRow[]> {
  const rows = await q.query<Omit<AnswerRow, "answered_by_name"> & { answered_by: string | null }>(
    `SELECT a.indicator, a.level, a.explanation, a.status, a.reviewed_level, a.review_note, a.answered_at, a.answered_by
       FROM spbe_answers a WHERE a.assessment_id = $1`,
    [id],
  );
  // users are `accounts`': names through its `userNames`.
  const names = await userNames(
    q,
    rows.map((r) => r.answered_by),
  );
  return rows.map(({ answered_by, ...r }) => ({ ...r, answered_by_name: (answered_by && names.get(answered_by)) ?? null }));
}

export async function answerFor(q: Queryable, id: string, indicator: string): Promise<AnswerRow | null> {
  return (
    (await q.one<AnswerRow>(
      "SELECT indicator, level, explanation, status, reviewed_level, review_note, answered_at, NULL AS answered_by_name FROM spbe_answers WHERE assessment_id = $1 AND indicator = $2 FOR UPDATE",
      [id, indicator],
    )) ?? null
  );
}

export async function upsertAnswer(q: Queryable, id: string, indicator: string, level: number, explanation: string, actorId: string | null) {
  await q.query(
    `INSERT INTO spbe_answers (assessment_id, indicator, level, explanation, answered_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (assessment_id, indicator) DO UPDATE SET level = EXCLUDED.level, explanation = EXCLUDED.explanation, status = 'submitted',
       answered_by = EXCLUDED.answered_by, answered_at = now(), reviewed_level = NULL, review_note = NULL`,
    [id, indicator, level, explanation, actorId],
  );
}

export async function review(q: Queryable, id: string, indicator: string, status: string, level: number | null, note: string | null, actorId: string | null) {
  await q.query(
    "UPDATE spbe_answers SET status = $3, reviewed_level = $4, review_note = $5, reviewed_by = $6, reviewed_at = now() WHERE assessment_id = $1 AND indicator = $2",
    [id, indicator, status, level, note, actorId],
  );
}

export interface EvidenceRow {
  id: string;
  indicator: string;
  filename: string;
  content_type: string;
  sha256: string;
  size: number;
  storage_key: string;
}

export async function evidence(q: Queryable, id: string): Promise<EvidenceRow[]> {
  return q.query<EvidenceRow>(
    "SELECT id, indicator, filename, content_type, sha256, size, storage_key FROM spbe_evidence WHERE assessment_id = $1 ORDER BY uploaded_at",
    [id],
  );
}

export async function insertEvidence(q: Queryable, id: string, indicator: string, e: Omit<EvidenceRow, "id" | "indicator">, actorId: string | null) {
  return q.one<{ id: string }>(
    `INSERT INTO spbe_evidence (assessment_id, indicator, filename, content_type, sha256, storage_key, size, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [id, indicator, e.filename, e.content_type, e.sha256, e.storage_key, e.size, actorId],
  );
}
