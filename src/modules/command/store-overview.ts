/**
 * The wall overview's reads. Only `ingest_events` is this module's table; the others through their owners' read
 * contracts: the views `case_summaries` (cases) and `directory_units` (admin), the platform's `recentEvents`; the
 * incident figures are `emergency`'s (its index.ts). Every query filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";
import { recentEvents } from "../../platform/events.ts";

export type HourRow = { h: Date | string; n: number | string };

/** command (ingest_events): the latest positioned reading per (source, kind) of the last 24 hours (index ingest_events_source). */
export const latestSensorRows = (q: Queryable, tenantId: string) =>
  q.query<{ source: string; kind: string; value: number | null; unit: string | null; lat: number; lon: number; severity: string | null; occurred_at: Date }>(
    `SELECT DISTINCT ON (source, kind) source, kind, value, unit, lat, lon, severity, occurred_at FROM ingest_events
      WHERE tenant_id = $1 AND lat IS NOT NULL AND lon IS NOT NULL AND received_at > now() - interval '24 hours'
      ORDER BY source, kind, id DESC LIMIT 500`,
    [tenantId],
  );

/** tenants/admin (org_units): every unit under a top-level OPD (a child of the pemda other than kecamatan), with that OPD. */
export const opdUnitRows = (q: Queryable, tenantId: string) =>
  q.query<{ id: string; top_id: string; code: string; name: string; is_top: boolean }>(
    `WITH RECURSIVE t AS (
       SELECT u.id, u.id AS top_id FROM directory_units u JOIN directory_units p ON p.tenant_id = u.tenant_id AND p.id = u.parent_id AND p.kind = 'pemda'
        WHERE u.tenant_id = $1 AND u.kind NOT IN ('kecamatan', 'kelurahan')
       UNION ALL
       SELECT c.id, t.top_id FROM directory_units c JOIN t ON c.parent_id = t.id WHERE c.tenant_id = $1
     )
     SELECT t.id, t.top_id, u.code, u.name, t.id = t.top_id AS is_top FROM t JOIN directory_units u ON u.tenant_id = $1 AND u.id = t.id`,
    [tenantId],
  );

/** cases (cases): open and overdue cases per assigned unit (index cases_inbox). */
export const openByUnit = (q: Queryable, tenantId: string) =>
  q.query<{ unit_id: string | null; open: number | string; overdue: number | string }>(
    `SELECT assignee_unit_id AS unit_id, count(*) AS open, count(*) FILTER (WHERE sla_due_at < now()) AS overdue
       FROM case_summaries WHERE tenant_id = $1 AND is_open AND state <> 'draft' GROUP BY assignee_unit_id`,
    [tenantId],
  );

/** No table: the database's clock, so every process agrees on "today" (in the tenant's zone) and the last 24 hours. */
export const clockRow = (q: Queryable, tz: string) =>
  q.one<{ today: Date | string; since: Date | string; now: Date | string }>(
    `SELECT date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1 AS today, date_trunc('hour', now()) - interval '23 hours' AS since, now() AS now`,
    [tz],
  );

/** cases (cases, complaints): open e-Lapor reports per res-9 cell (index cases_complaint_nearby). */
export const openReportCells = (q: Queryable, tenantId: string) =>
  q.query<{ h3: string | null; n: number | string }>(
    "SELECT h3, count(*) AS n FROM case_summaries WHERE tenant_id = $1 AND kind = 'complaint' AND is_open GROUP BY h3",
    [tenantId],
  );

/** cases (cases): reports submitted per hour since `since` (index cases_complaint_submitted). */
export const hourlyReports = (q: Queryable, tenantId: string, since: Date) =>
  q.query<HourRow>(
    "SELECT date_trunc('hour', submitted_at) AS h, count(*) AS n FROM case_summaries WHERE tenant_id = $1 AND kind = 'complaint' AND submitted_at >= $2 GROUP BY 1",
    [tenantId, since],
  );

/** cases (cases): applications (not reports, not incidents) per hour: one probe of cases_unit_all per unit, plus the unassigned. */
export const hourlyApplications = (q: Queryable, tenantId: string, since: Date) =>
  q.query<HourRow>(
    `SELECT date_trunc('hour', x.submitted_at) AS h, count(*) AS n FROM (
       SELECT c.submitted_at, c.kind FROM directory_units u
         CROSS JOIN LATERAL (SELECT submitted_at, kind FROM case_summaries WHERE tenant_id = $1 AND assignee_unit_id = u.id AND submitted_at >= $2) c
        WHERE u.tenant_id = $1
       UNION ALL
       SELECT submitted_at, kind FROM case_summaries WHERE tenant_id = $1 AND assignee_unit_id IS NULL AND submitted_at >= $2
     ) x WHERE x.kind NOT IN ('complaint', 'incident') GROUP BY 1`,
    [tenantId, since],
  );

/** platform event outbox (its `recentEvents`): the newest events worth a line on the wall's ticker. */
export const tickerRows = (q: Queryable, tenantId: string, limit: number) =>
  recentEvents(q, tenantId, limit, [
    { topic: "user.%" },
    { topic: "tenant.%" },
    { topic: "catalog.%" },
    { topic: "service.%" },
    // an incident's case events repeat its incident.* events, and dispatch.updated says more than the
    // incident.updated it comes with (the wall skips the same live)
    { topic: "case.%", field: "kind", values: ["incident"] },
    { topic: "incident.updated", field: "change", values: ["dispatch", "status"] },
  ]);
