/** What the in-process search index is built from, and the stamp that tells when to rebuild it. */
import type { Queryable } from "../../platform/db.ts";

export interface IndexRow {
  key: string;
  kind: string;
  prefix: string;
  name_id: string;
  name_en: string;
  category: string;
  channel: string;
  served_by: string;
  unit_code: string;
  unit_name: string;
  summary: { id: string; en: string };
  keywords: string[] | null;
  life_events: string[];
  fee: number;
  sla_days: number;
}

/** Every published, active service of the tenant with what search shows and matches. */
export function indexRows(q: Queryable, tenantId: string) {
  return q.query<IndexRow>(
    `SELECT s.key, s.kind, s.prefix, s.name_id, s.name_en, s.category, s.channel, s.served_by, u.code AS unit_code, u.name AS unit_name,
            v.spec->'summary' AS summary, v.spec->'keywords' AS keywords, s.life_events,
            coalesce((v.spec->'fee'->>'amount')::int, 0) AS fee, (v.spec->>'slaDays')::int AS sla_days
       FROM services s
       JOIN directory_units u ON u.tenant_id = s.tenant_id AND u.id = s.owner_unit_id
       JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.active AND s.current_version IS NOT NULL`,
    [tenantId],
  );
}

/** Changes whenever a service is added, changed, published, retired or moved. */
export async function catalogStamp(q: Queryable, tenantId: string): Promise<string> {
  const row = await q.one<{ stamp: string }>(
    `SELECT count(*)::text || ':' || coalesce(sum(current_version), 0)::text || ':' || coalesce(max(updated_at)::text, '') AS stamp
       FROM services WHERE tenant_id = $1`,
    [tenantId],
  );
  return row?.stamp ?? "";
}
