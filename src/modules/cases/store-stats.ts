/** Read for dashboards and the SPBE/Pemdi pre-fill: cases submitted and closed in a period, and closed within their SLA. */
import type { Queryable } from "../../platform/db.ts";

export async function serviceLevelStats(q: Queryable, tenantId: string, from: string, to: string) {
  const r = await q.one<{ submitted: number; closed: number; in_sla: number }>(
    `SELECT count(*) FILTER (WHERE submitted_at >= $2::date AND submitted_at < $3::date)::int AS submitted,
            count(*) FILTER (WHERE closed_at >= $2::date AND closed_at < $3::date)::int AS closed,
            count(*) FILTER (WHERE closed_at >= $2::date AND closed_at < $3::date AND (sla_due_at IS NULL OR closed_at <= sla_due_at))::int AS in_sla
       FROM cases WHERE tenant_id = $1 AND state <> 'draft'`,
    [tenantId, from, to],
  );
  return { submitted: r?.submitted ?? 0, closed: r?.closed ?? 0, closedWithinSla: r?.in_sla ?? 0 };
}
