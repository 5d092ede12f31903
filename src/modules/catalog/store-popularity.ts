/**
 * How often each service was filed in a tenant over the last 90 days (the home page's popular services and the third
 * ranking key of search). Reads `cases`, owned by the cases module, which imports the catalog (not the other way
 * round): an aggregate read only, never a write.
 */
import type { Queryable } from "../../platform/db.ts";

export const POPULARITY_DAYS = 90;

/** Submitted (non-draft) cases per service key since `POPULARITY_DAYS` ago; services never filed are absent. */
export async function filedPerService(q: Queryable, tenantId: string): Promise<Map<string, number>> {
  const rows = await q.query<{ service_key: string; filed: number }>(
    `SELECT service_key, count(*)::int AS filed FROM case_summaries
      WHERE tenant_id = $1 AND submitted_at >= now() - make_interval(days => $2::integer)
      GROUP BY service_key`,
    [tenantId, POPULARITY_DAYS],
  );
  return new Map(rows.map((r) => [r.service_key, r.filed]));
}
