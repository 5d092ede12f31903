/**
 * The demo seeds' SQL over cases: moving a case filed and handled just now (an e-Lapor report, a 112 incident) back
 * into a realistic history — its times and its history entries together, so its timeline stays consistent. Demo
 * history only, never used on real data; the audit log keeps the real times. Every query filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";

/** Moves a case and its history back by `by` (an interval, e.g. '600 seconds'). */
export async function backdateCase(q: Queryable, tenantId: string, caseId: string, by: string) {
  await q.query(
    `UPDATE cases SET created_at = created_at - $3::interval, submitted_at = submitted_at - $3::interval, updated_at = updated_at - $3::interval,
            closed_at = closed_at - $3::interval WHERE tenant_id = $1 AND id = $2`,
    [tenantId, caseId, by],
  );
  await q.query("UPDATE case_events SET at = at - $3::interval WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, by]);
}

/**
 * Puts a case's transitions at the times of the steps they record (`at` by the state they went to, else `otherwise`),
 * and its closing and last-change times.
 */
export async function retimeTransitions(
  q: Queryable,
  tenantId: string,
  caseId: string,
  t: { at: Record<string, Date>; otherwise: Date; closedAt: Date | null; updatedAt: Date },
) {
  await q.query(
    `UPDATE case_events SET at = coalesce(($3::jsonb ->> to_state)::timestamptz, $4::timestamptz)
      WHERE tenant_id = $1 AND case_id = $2 AND kind = 'transition'`,
    [tenantId, caseId, JSON.stringify(t.at), t.otherwise],
  );
  await q.query("UPDATE cases SET closed_at = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2", [tenantId, caseId, t.closedAt, t.updatedAt]);
}

/**
 * Files a case `daysAgo` days ago and spaces its history entries `step` apart (an interval, e.g. '26 hours'), in the
 * order written; its clocks move with it, its last change (and closing, if closed) is its last entry. Returns when
 * it was filed and last changed.
 */
export async function spreadCaseHistory(q: Queryable, tenantId: string, caseId: string, daysAgo: number, step: string) {
  const base = "now() - make_interval(days => $3::int)";
  await q.query(
    `UPDATE case_events e SET at = ${base} + (x.k * $4::interval)
       FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM case_events WHERE tenant_id = $1 AND case_id = $2) x
      WHERE e.id = x.id`,
    [tenantId, caseId, daysAgo, step],
  );
  const last = "(SELECT max(at) FROM case_events WHERE tenant_id = $1 AND case_id = $2)";
  return (await q.one<{ submitted_at: Date; updated_at: Date }>(
    `UPDATE cases SET created_at = ${base}, submitted_at = ${base}, updated_at = ${last},
            closed_at = CASE WHEN is_open THEN NULL ELSE ${last} END,
            sla_due_at = sla_due_at - make_interval(days => $3::int),
            state_due_at = state_due_at - make_interval(days => $3::int)
      WHERE tenant_id = $1 AND id = $2
      RETURNING submitted_at, updated_at`,
    [tenantId, caseId, daysAgo],
  )) as { submitted_at: Date; updated_at: Date };
}
