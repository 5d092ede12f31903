/** Read for the SPBE/Pemdi pre-fill: the citizens' ratings of handled reports in a period. */
import type { Queryable } from "../../platform/db.ts";

export async function ratingStats(q: Queryable, tenantId: string, from: string, to: string) {
  const r = await q.one<{ rated: number; average: string | null }>(
    "SELECT count(*)::int AS rated, avg(rating)::numeric(4,2)::text AS average FROM complaint_details WHERE tenant_id = $1 AND rating IS NOT NULL AND rated_at >= $2::date AND rated_at < $3::date",
    [tenantId, from, to],
  );
  return { rated: r?.rated ?? 0, average: r?.average == null ? null : Number(r.average) };
}
