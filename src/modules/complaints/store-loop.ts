/** SQL of closing the loop (./fix-loop.ts): after-photos, the reporter's verdict on a fix, recurrences, the OPD ranking. */
import type { Queryable } from "../../platform/db.ts";
import { cellsParam } from "../../platform/geo.ts";
import { attachCaseFiles } from "../cases/index.ts";

export type FixStatus = "awaiting" | "confirmed" | "rejected" | "unconfirmed";

/** The loop's columns of complaint_details (migration 066). */
export interface FixRow {
  pending_after_photo: string | null;
  fix_after_photo: string | null;
  fix_status: FixStatus | null;
  fix_done_at: Date | null;
  fix_due_at: Date | null;
  fix_answered_at: Date | null;
  fix_rejections: number;
  fix_reject_reason: string | null;
  recurrence_of: string | null;
}

export async function setPendingAfterPhoto(q: Queryable, tenantId: string, caseId: string, fileId: string) {
  await q.query("UPDATE complaint_details SET pending_after_photo = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, fileId]);
}

/** The fix is done: the pending after-photo (if any) becomes the fix's photo; the reporter has until `due`. */
export async function markFixDone(q: Queryable, tenantId: string, caseId: string, at: Date, due: Date | null, confirm: boolean) {
  await q.query(
    `UPDATE complaint_details SET fix_after_photo = pending_after_photo, pending_after_photo = NULL, fix_done_at = $3,
            fix_due_at = $4, fix_status = CASE WHEN $5::boolean THEN 'awaiting' ELSE NULL END, fix_answered_at = NULL, fix_reject_reason = NULL
      WHERE tenant_id = $1 AND case_id = $2`,
    [tenantId, caseId, at, due, confirm],
  );
}

export async function setFixVerdict(
  q: Queryable,
  tenantId: string,
  caseId: string,
  status: Exclude<FixStatus, "awaiting">,
  at: Date,
  reason: string | null = null,
) {
  await q.query(
    `UPDATE complaint_details SET fix_status = $3, fix_answered_at = $4, fix_reject_reason = $5,
            fix_rejections = fix_rejections + CASE WHEN $3 = 'rejected' THEN 1 ELSE 0 END
      WHERE tenant_id = $1 AND case_id = $2`,
    [tenantId, caseId, status, at, reason],
  );
}

/** Reports whose reporter has not answered by the deadline (the auto-close job), oldest first. */
export async function unansweredFixes(q: Queryable, now: Date, batch: number) {
  return q.query<{ tenant_id: string; case_id: string }>(
    `SELECT tenant_id, case_id FROM complaint_details WHERE fix_status = 'awaiting' AND fix_due_at <= $1
      ORDER BY fix_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, batch],
  );
}

/** A rejection photo: the reporter's staged photo, attached to the report as kind `rejection`. */
export async function attachRejectionPhoto(q: Queryable, tenantId: string, ownerId: string, caseId: string, fileId: string) {
  const rows = await q.query<{ file_id: string }>(
    `UPDATE complaint_photos SET case_id = $3, kind = 'rejection'
      WHERE tenant_id = $1 AND owner_id = $2 AND file_id = $4 AND case_id IS NULL AND kind = 'report' RETURNING file_id`,
    [tenantId, ownerId, caseId, fileId],
  );
  if (!rows.length) return false;
  await attachCaseFiles(q, tenantId, caseId, [fileId]);
  return true;
}

/** Reports of the category whose fix was confirmed since `since`, in the given H3 cells (the caller keeps the exact radius). */
export async function confirmedFixesInCells(q: Queryable, tenantId: string, category: string, cells: string[], since: Date, exclude: string) {
  return q.query<{ case_id: string; number: string; lat: number; lon: number; fix_done_at: Date }>(
    `SELECT d.case_id, c.number, d.lat, d.lon, d.fix_done_at
       FROM complaint_details d JOIN case_summaries c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
      WHERE d.tenant_id = $1 AND d.service_key = $2 AND d.fix_status = 'confirmed' AND d.h3 = ANY($3::text[])
        AND d.fix_done_at >= $4 AND d.case_id <> $5`,
    [tenantId, category, cellsParam(cells), since, exclude],
  );
}

export async function setRecurrenceOf(q: Queryable, tenantId: string, caseId: string, of: string) {
  await q.query("UPDATE complaint_details SET recurrence_of = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, of]);
}

/** Public reports that recur a report (newest first). */
export async function recurrencesOf(q: Queryable, tenantId: string, caseId: string) {
  return q.query<{ number: string; created_at: Date }>(
    `SELECT c.number, d.created_at FROM complaint_details d JOIN case_summaries c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
      WHERE d.tenant_id = $1 AND d.recurrence_of = $2 AND NOT d.confidential AND NOT d.hidden AND c.state <> 'diarsipkan'
      ORDER BY d.created_at DESC`,
    [tenantId, caseId],
  );
}

/** The number of a report, and whether it is public (not confidential, hidden or archived). */
export async function numberOf(q: Queryable, tenantId: string, caseId: string) {
  return q.one<{ number: string; public: boolean }>(
    `SELECT c.number, (NOT d.confidential AND NOT d.hidden AND c.state <> 'diarsipkan') AS public
       FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, caseId],
  );
}

export interface RankingRow {
  unit_code: string;
  unit_name: string;
  closed: number;
  closed_on_time: number;
  fixes: number;
  confirmed: number;
  unconfirmed: number;
  awaiting: number;
  rejections: number;
  recurrences: number;
}

/**
 * Per unit currently assigned, reports submitted in [from, to) and not hidden: closed, closed within their SLA,
 * fixes marked done (with the loop), confirmed / unconfirmed / awaiting, rejections (every one counted), and
 * later reports linked to the unit's reports as recurrences.
 */
export async function rankingRows(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<RankingRow>(
    `WITH r AS (
       SELECT c.id, c.assignee_unit_id, c.is_open, c.closed_at, c.sla_due_at, d.fix_status, d.fix_rejections,
              (SELECT count(*) FROM complaint_details x WHERE x.tenant_id = c.tenant_id AND x.recurrence_of = c.id AND NOT x.hidden) AS recurrences
         FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND NOT d.hidden)
     SELECT u.code AS unit_code, u.name AS unit_name,
            count(*) FILTER (WHERE NOT r.is_open)::int AS closed,
            count(*) FILTER (WHERE NOT r.is_open AND r.closed_at <= r.sla_due_at)::int AS closed_on_time,
            count(*) FILTER (WHERE r.fix_status IS NOT NULL)::int AS fixes,
            count(*) FILTER (WHERE r.fix_status = 'confirmed')::int AS confirmed,
            count(*) FILTER (WHERE r.fix_status = 'unconfirmed')::int AS unconfirmed,
            count(*) FILTER (WHERE r.fix_status = 'awaiting')::int AS awaiting,
            coalesce(sum(r.fix_rejections), 0)::int AS rejections,
            coalesce(sum(r.recurrences), 0)::int AS recurrences
       FROM r JOIN directory_units u ON u.tenant_id = $1 AND u.id = r.assignee_unit_id
      GROUP BY u.code, u.name`,
    [tenantId, from, to],
  );
}
