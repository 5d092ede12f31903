import type { Queryable } from "../../platform/db.ts";
import type { ResolvedService } from "./spec.ts";

export interface ServiceRow {
  key: string;
  prefix: string;
  kind: string;
  owner_unit_id: string;
  served_by: string;
  category: string;
  channel: string;
  active: boolean;
  current_version: number | null;
  name_id: string;
  name_en: string;
}

export async function getServiceRow(q: Queryable, tenantId: string, key: string, forUpdate = false) {
  return q.one<ServiceRow>(`SELECT * FROM services WHERE tenant_id = $1 AND key = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, key]);
}

export async function getVersion(q: Queryable, tenantId: string, key: string, version: number) {
  return q.one<{ version: number; spec: ResolvedService; status: string; published_at: Date | null; created_at: Date }>(
    "SELECT version, spec, status, published_at, created_at FROM service_versions WHERE tenant_id = $1 AND service_key = $2 AND version = $3",
    [tenantId, key, version],
  );
}

export async function listVersions(q: Queryable, tenantId: string, key: string) {
  return q.query<{ version: number; status: string; published_at: Date | null; created_at: Date }>(
    "SELECT version, status, published_at, created_at FROM service_versions WHERE tenant_id = $1 AND service_key = $2 ORDER BY version DESC",
    [tenantId, key],
  );
}

export async function latestVersion(q: Queryable, tenantId: string, key: string) {
  return q.one<{ version: number; status: string; spec: ResolvedService }>(
    "SELECT version, status, spec FROM service_versions WHERE tenant_id = $1 AND service_key = $2 ORDER BY version DESC LIMIT 1",
    [tenantId, key],
  );
}

export async function upsertService(
  q: Queryable,
  tenantId: string,
  s: {
    key: string;
    prefix: string;
    kind: string;
    ownerUnitId: string;
    servedBy: string;
    category: string;
    lifeEvents: string[];
    channel: string;
    nameId: string;
    nameEn: string;
    searchText: string;
    active: boolean;
  },
) {
  await q.query(
    `INSERT INTO services (tenant_id, key, prefix, kind, owner_unit_id, served_by, category, life_events, channel, name_id, name_en, search_text, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13)
     ON CONFLICT (tenant_id, key) DO UPDATE SET prefix = EXCLUDED.prefix, kind = EXCLUDED.kind, owner_unit_id = EXCLUDED.owner_unit_id,
       served_by = EXCLUDED.served_by, category = EXCLUDED.category, life_events = EXCLUDED.life_events, channel = EXCLUDED.channel,
       name_id = EXCLUDED.name_id, name_en = EXCLUDED.name_en, search_text = EXCLUDED.search_text, active = EXCLUDED.active, updated_at = now()`,
    [tenantId, s.key, s.prefix, s.kind, s.ownerUnitId, s.servedBy, s.category, s.lifeEvents, s.channel, s.nameId, s.nameEn, s.searchText, s.active],
  );
}

export async function hasServices(q: Queryable, tenantId: string): Promise<boolean> {
  return Boolean(await q.one("SELECT 1 FROM services WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

/** A new tenant's whole catalog in two statements: the services, and version 1 of each, published. */
export async function insertPublishedServices(
  q: Queryable,
  tenantId: string,
  rows: { service: Parameters<typeof upsertService>[2]; spec: ResolvedService }[],
  actorId: string | null,
) {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO services (tenant_id, key, prefix, kind, owner_unit_id, served_by, category, life_events, channel, name_id, name_en, search_text, active, current_version)
     SELECT $1, s.key, s.prefix, s.kind, s."ownerUnitId", s."servedBy", s.category, s."lifeEvents", s.channel, s."nameId", s."nameEn", s."searchText", s.active, 1
       FROM jsonb_to_recordset($2::jsonb) AS s(key text, prefix text, kind text, "ownerUnitId" uuid, "servedBy" text, category text, "lifeEvents" jsonb,
            channel text, "nameId" text, "nameEn" text, "searchText" text, active boolean)`,
    [tenantId, rows.map((r) => r.service)],
  );
  await q.query(
    `INSERT INTO service_versions (tenant_id, service_key, version, spec, status, created_by, published_at)
     SELECT $1, v.key, 1, v.spec, 'published', $3, now() FROM jsonb_to_recordset($2::jsonb) AS v(key text, spec jsonb)`,
    [tenantId, rows.map((r) => ({ key: r.service.key, spec: r.spec })), actorId],
  );
}

export async function insertVersion(
  q: Queryable,
  tenantId: string,
  key: string,
  version: number,
  spec: ResolvedService,
  status: "draft" | "published",
  actorId: string | null,
) {
  await q.query(
    `INSERT INTO service_versions (tenant_id, service_key, version, spec, status, created_by, published_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, CASE WHEN $5 = 'published' THEN now() END)`,
    [tenantId, key, version, spec, status, actorId],
  );
}

export async function updateDraft(q: Queryable, tenantId: string, key: string, version: number, spec: ResolvedService) {
  await q.query(
    "UPDATE service_versions SET spec = $4::jsonb, created_at = now() WHERE tenant_id = $1 AND service_key = $2 AND version = $3 AND status = 'draft'",
    [tenantId, key, version, spec],
  );
}

export async function publishVersion(q: Queryable, tenantId: string, key: string, version: number) {
  await q.query(
    "UPDATE service_versions SET status = 'published', published_at = now() WHERE tenant_id = $1 AND service_key = $2 AND version = $3 AND status = 'draft'",
    [tenantId, key, version],
  );
  await q.query("UPDATE services SET current_version = $3, updated_at = now() WHERE tenant_id = $1 AND key = $2", [tenantId, key, version]);
}

export async function setCurrentVersion(q: Queryable, tenantId: string, key: string, version: number) {
  await q.query("UPDATE services SET current_version = $3, updated_at = now() WHERE tenant_id = $1 AND key = $2", [tenantId, key, version]);
}

export async function upsertTaxon(
  q: Queryable,
  tenantId: string,
  t: { kind: string; key: string; nameId: string; nameEn: string; descId?: string; descEn?: string; icon?: string; position: number },
) {
  await q.query(
    `INSERT INTO catalog_taxa (tenant_id, kind, key, name_id, name_en, description_id, description_en, icon, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, kind, key) DO UPDATE SET name_id = EXCLUDED.name_id, name_en = EXCLUDED.name_en,
       description_id = EXCLUDED.description_id, description_en = EXCLUDED.description_en, icon = EXCLUDED.icon, position = EXCLUDED.position`,
    [tenantId, t.kind, t.key, t.nameId, t.nameEn, t.descId ?? null, t.descEn ?? null, t.icon ?? null, t.position],
  );
}

export async function listTaxa(q: Queryable, tenantId: string) {
  return q.query<{ kind: string; key: string; name_id: string; name_en: string; icon: string | null; services: number }>(
    `SELECT t.kind, t.key, t.name_id, t.name_en, t.icon,
            (SELECT count(*)::int FROM services s WHERE s.tenant_id = t.tenant_id AND s.active AND s.current_version IS NOT NULL
               AND (CASE WHEN t.kind = 'category' THEN s.category = t.key ELSE s.life_events ? t.key END)) AS services
       FROM catalog_taxa t WHERE t.tenant_id = $1 ORDER BY t.kind, t.position`,
    [tenantId],
  );
}

export async function listServiceUnits(q: Queryable, tenantId: string) {
  return q.query<{ code: string; name: string; services: number }>(
    `SELECT u.code, u.name, count(*)::int AS services FROM services s JOIN directory_units u ON u.tenant_id = s.tenant_id AND u.id = s.owner_unit_id
      WHERE s.tenant_id = $1 AND s.active AND s.current_version IS NOT NULL GROUP BY u.code, u.name ORDER BY u.name`,
    [tenantId],
  );
}

/** A unit's published, active services (the OPD's public page in the registry). */
export async function servicesOfUnit(q: Queryable, tenantId: string, unitId: string) {
  return q.query<{ key: string; name_id: string; name_en: string; kind: string }>(
    `SELECT key, name_id, name_en, kind FROM services WHERE tenant_id = $1 AND owner_unit_id = $2 AND active AND current_version IS NOT NULL ORDER BY name_id`,
    [tenantId, unitId],
  );
}

/** One workflow per template name among the published services of a kind; a service without stepDays shows the template's own days. */
export async function workflowsInUse(q: Queryable, tenantId: string, kind: string) {
  return q.query<{ key: string; workflow: ResolvedService["workflow"] }>(
    `SELECT DISTINCT ON (v.spec->>'workflowRef') v.spec->>'workflowRef' AS key, v.spec->'workflow' AS workflow
       FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 AND s.kind = $2 AND v.spec->>'workflowRef' IS NOT NULL
      ORDER BY v.spec->>'workflowRef', (v.spec->'stepDays') IS NOT NULL, s.key`,
    [tenantId, kind],
  );
}

export async function allPublished(q: Queryable, tenantId: string) {
  return q.query<{ key: string; spec: ResolvedService }>(
    `SELECT s.key, v.spec FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
      WHERE s.tenant_id = $1 ORDER BY s.key`,
    [tenantId],
  );
}

export async function overview(q: Queryable, tenantId: string) {
  return q.query<{
    unit_code: string;
    unit_name: string;
    services: number;
    online: number;
    cases: number;
    open_cases: number;
    closed: number;
    closed_on_time: number;
    overdue_open: number;
  }>(
    `WITH svc AS (
       SELECT s.owner_unit_id, count(*)::int AS services, count(*) FILTER (WHERE s.channel <> 'offline')::int AS online
         FROM services s WHERE s.tenant_id = $1 AND s.active AND s.current_version IS NOT NULL GROUP BY s.owner_unit_id),
     cs AS (
       SELECT s.owner_unit_id, count(c.id)::int AS cases, count(c.id) FILTER (WHERE c.is_open)::int AS open_cases,
              count(c.id) FILTER (WHERE NOT c.is_open AND c.closed_at IS NOT NULL)::int AS closed,
              count(c.id) FILTER (WHERE NOT c.is_open AND c.closed_at <= c.sla_due_at)::int AS closed_on_time,
              count(c.id) FILTER (WHERE c.is_open AND c.sla_due_at < now())::int AS overdue_open
         FROM case_summaries c JOIN services s ON s.tenant_id = c.tenant_id AND s.key = c.service_key
        WHERE c.tenant_id = $1 AND c.state <> 'draft' GROUP BY s.owner_unit_id)
     SELECT u.code AS unit_code, u.name AS unit_name, svc.services, svc.online, coalesce(cs.cases, 0) AS cases, coalesce(cs.open_cases, 0) AS open_cases,
            coalesce(cs.closed, 0) AS closed, coalesce(cs.closed_on_time, 0) AS closed_on_time, coalesce(cs.overdue_open, 0) AS overdue_open
       FROM svc JOIN directory_units u ON u.tenant_id = $1 AND u.id = svc.owner_unit_id LEFT JOIN cs ON cs.owner_unit_id = svc.owner_unit_id
      ORDER BY u.name`,
    [tenantId],
  );
}

export async function casesPerService(q: Queryable, tenantId: string) {
  return q.query<{ key: string; name_id: string; cases: number }>(
    `SELECT s.key, s.name_id, count(c.id)::int AS cases FROM services s
       LEFT JOIN case_summaries c ON c.tenant_id = s.tenant_id AND c.service_key = s.key AND c.state <> 'draft'
      WHERE s.tenant_id = $1 GROUP BY s.key, s.name_id ORDER BY cases DESC, s.name_id LIMIT 20`,
    [tenantId],
  );
}

export interface EditableServiceRow {
  key: string;
  name_id: string;
  prefix: string;
  kind: string;
  current_version: number | null;
  unit_code: string;
  latest: number;
  latest_status: string;
}

/** The editor's list: every service (or those owned by `units`) with its latest version and status, by owner unit code. */
export async function editableServices(q: Queryable, tenantId: string, units: string[] | undefined): Promise<EditableServiceRow[]> {
  return q.query<EditableServiceRow>(
    `SELECT s.key, s.name_id, s.prefix, s.kind, s.current_version, u.code AS unit_code,
            (SELECT max(version) FROM service_versions v WHERE v.tenant_id = s.tenant_id AND v.service_key = s.key) AS latest,
            (SELECT status FROM service_versions v WHERE v.tenant_id = s.tenant_id AND v.service_key = s.key ORDER BY version DESC LIMIT 1) AS latest_status
       FROM services s JOIN directory_units u ON u.id = s.owner_unit_id AND u.tenant_id = s.tenant_id
      WHERE s.tenant_id = $1 AND ($2::uuid[] IS NULL OR s.owner_unit_id = ANY($2::uuid[])) ORDER BY u.code, s.name_id`,
    [tenantId, units ? `{${units.join(",")}}` : null],
  );
}

/** Whether another service of the tenant already uses this number prefix. */
export async function prefixTaken(q: Queryable, tenantId: string, prefix: string, exceptKey: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM services WHERE tenant_id = $1 AND prefix = $2 AND key <> $3", [tenantId, prefix, exceptKey]));
}

export interface ComplaintCategoryRow {
  key: string;
  spec: ResolvedService;
  group_name: string | null;
}

/** The active e-Lapor categories (complaint services) with their current published spec and category group name. */
export async function complaintCategories(q: Queryable, tenantId: string, lang: "id" | "en"): Promise<ComplaintCategoryRow[]> {
  return q.query<ComplaintCategoryRow>(
    `SELECT s.key, v.spec, t.name_${lang === "en" ? "en" : "id"} AS group_name
       FROM services s
       JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version
       LEFT JOIN catalog_taxa t ON t.tenant_id = s.tenant_id AND t.kind = 'category' AND t.key = s.category
      WHERE s.tenant_id = $1 AND s.kind = 'complaint' AND s.active AND s.current_version IS NOT NULL AND v.spec ? 'complaint'
      ORDER BY s.key`,
    [tenantId],
  );
}
