/** Read for dashboards and the SPBE/Pemdi pre-fill: how many active services a tenant offers, and how many online. */
import type { Queryable } from "../../platform/db.ts";

export async function serviceCounts(q: Queryable, tenantId: string): Promise<{ active: number; online: number }> {
  const r = await q.one<{ active: number; online: number }>(
    "SELECT count(*)::int AS active, count(*) FILTER (WHERE channel = 'online')::int AS online FROM services WHERE tenant_id = $1 AND active",
    [tenantId],
  );
  return { active: r?.active ?? 0, online: r?.online ?? 0 };
}
