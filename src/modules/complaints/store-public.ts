/** e-Lapor public reads: the public list, the heat map and the statistics (cases through the case engine's views). */
import type { Queryable } from "../../platform/db.ts";
import { REPORT_SELECT, type ReportRow } from "./store-rows.ts";

export interface PublicFilter {
  category?: string;
  state?: string;
  kecamatan?: string;
  from?: Date;
  to?: Date;
  bbox?: [number, number, number, number];
  cursor?: { at: Date; id: string };
  limit: number;
}

/** Public reports (not confidential, not hidden, not archived), newest first, keyset-paged. */
export async function listPublic(q: Queryable, tenantId: string, f: PublicFilter) {
  const params: unknown[] = [tenantId];
  const where = ["d.tenant_id = $1", "NOT d.confidential", "NOT d.hidden", "c.state <> 'diarsipkan'"];
  const add = (sql: string, ...v: unknown[]) => {
    let out = sql;
    for (const x of v) {
      params.push(x);
      out = out.replace("?", `$${params.length}`);
    }
    where.push(out);
  };
  if (f.category) add("d.service_key = ?", f.category);
  if (f.state) add("c.state = ?", f.state);
  if (f.kecamatan) add("d.kecamatan_code = ?", f.kecamatan);
  if (f.from) add("d.created_at >= ?", f.from);
  if (f.to) add("d.created_at < ?", f.to);
  if (f.bbox) add("d.lon >= ? AND d.lat >= ? AND d.lon <= ? AND d.lat <= ?", ...f.bbox);
  if (f.cursor) add("(d.created_at, d.case_id) < (?, ?::uuid)", f.cursor.at, f.cursor.id);
  params.push(f.limit);
  return q.query<ReportRow>(`${REPORT_SELECT} WHERE ${where.join(" AND ")} ORDER BY d.created_at DESC, d.case_id DESC LIMIT $${params.length}`, params);
}

export async function heatmap(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{ h3: string; count: number }>(
    `SELECT c.h3, count(*)::int AS count FROM case_summaries c
      WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND c.h3 IS NOT NULL
      GROUP BY c.h3 ORDER BY count DESC LIMIT 5000`,
    [tenantId, from, to],
  );
}

// ---- statistics ---------------------------------------------------------------------------------

export async function unitStats(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{
    unit_code: string;
    unit_name: string;
    received: number;
    median_first_response_hours: number | null;
    median_resolve_hours: number | null;
    closed: number;
    closed_on_time: number;
    rating_avg: number | null;
    rating_count: number;
  }>(
    `WITH r AS (
       SELECT c.id, c.assignee_unit_id, c.submitted_at, c.closed_at, c.sla_due_at, c.state, c.is_open, d.rating,
              coalesce(d.first_response_at, (SELECT min(e.at) FROM case_history e
                 WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.actor_role IS NOT NULL AND e.actor_role <> 'citizen'
                   AND e.kind IN ('transition','comment','attachment')
                   AND NOT (e.kind = 'transition' AND e.action IN ('verify','reroute')))) AS first_response_at
         FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND NOT d.hidden)
     SELECT u.code AS unit_code, u.name AS unit_name, count(*)::int AS received,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.first_response_at - r.submitted_at) / 3600))::float8 AS median_first_response_hours,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.submitted_at) / 3600)
               FILTER (WHERE r.state = 'selesai'))::float8 AS median_resolve_hours,
            count(*) FILTER (WHERE NOT r.is_open)::int AS closed,
            count(*) FILTER (WHERE NOT r.is_open AND r.closed_at <= r.sla_due_at)::int AS closed_on_time,
            avg(r.rating)::float8 AS rating_avg, count(r.rating)::int AS rating_count
       FROM r JOIN directory_units u ON u.tenant_id = $1 AND u.id = r.assignee_unit_id
      GROUP BY u.code, u.name ORDER BY received DESC, u.name`,
    [tenantId, from, to],
  );
}

export async function categoryStats(q: Queryable, tenantId: string, from: Date, to: Date) {
  return q.query<{ key: string; name_id: string; name_en: string; count: number }>(
    `SELECT d.service_key AS key, s.name_id, s.name_en, count(*)::int AS count
       FROM complaint_details d JOIN catalog_services s ON s.tenant_id = d.tenant_id AND s.key = d.service_key
      WHERE d.tenant_id = $1 AND d.created_at >= $2 AND d.created_at < $3 AND NOT d.hidden
      GROUP BY d.service_key, s.name_id, s.name_en ORDER BY count DESC`,
    [tenantId, from, to],
  );
}

export async function monthlyStats(q: Queryable, tenantId: string, from: Date, to: Date, timezone: string) {
  return q.query<{ month: string; received: number; resolved: number }>(
    `WITH m AS (
       SELECT to_char(c.submitted_at AT TIME ZONE $4, 'YYYY-MM') AS month, 1 AS received, 0 AS resolved
         FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.submitted_at >= $2 AND c.submitted_at < $3 AND NOT d.hidden
       UNION ALL
       SELECT to_char(c.closed_at AT TIME ZONE $4, 'YYYY-MM'), 0, 1
         FROM case_summaries c JOIN complaint_details d ON d.tenant_id = c.tenant_id AND d.case_id = c.id
        WHERE c.tenant_id = $1 AND c.kind = 'complaint' AND c.state = 'selesai' AND c.closed_at >= $2 AND c.closed_at < $3 AND NOT d.hidden)
     SELECT month, sum(received)::int AS received, sum(resolved)::int AS resolved FROM m GROUP BY month ORDER BY month`,
    [tenantId, from, to, timezone],
  );
}
