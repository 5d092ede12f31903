/** The SQL of the registry: applications. */
import type { Queryable } from "../../platform/db.ts";

export interface AppRow {
  id: string;
  key: string;
  name: string;
  owner_unit_id: string | null;
  purpose: string;
  url: string | null;
  hosting: "balai" | "city" | "pdn";
  uses_splp: boolean;
  data_processed: string;
  data_classification: "public" | "internal" | "restricted" | "confidential";
  status: "development" | "production" | "retired";
  last_security_assessment: string | Date | null;
  duplicates_national: string | null;
  review_due: string | Date | null;
  created_at: Date;
}

const SELECT = `SELECT a.id, a.key, a.name, a.owner_unit_id, a.purpose, a.url, a.hosting, a.uses_splp, a.data_processed,
        a.data_classification, a.status, a.last_security_assessment::text AS last_security_assessment, a.duplicates_national,
        a.review_due::text AS review_due, a.created_at
   FROM registry_apps a`;

export function listApps(q: Queryable, tenantId: string) {
  return q.query<AppRow>(`${SELECT} WHERE a.tenant_id = $1 ORDER BY a.name`, [tenantId]);
}

export function appByKey(q: Queryable, tenantId: string, key: string) {
  return q.one<AppRow>(`${SELECT} WHERE a.tenant_id = $1 AND a.key = $2`, [tenantId, key]);
}

export function appById(q: Queryable, tenantId: string, id: string) {
  return q.one<AppRow>(`${SELECT} WHERE a.tenant_id = $1 AND a.id = $2`, [tenantId, id]);
}

export interface NewApp {
  tenantId: string;
  key: string;
  name: string;
  ownerUnitId: string | null;
  purpose: string;
  url: string | null;
  hosting: AppRow["hosting"];
  usesSplp: boolean;
  dataProcessed: string;
  dataClassification: AppRow["data_classification"];
  status: AppRow["status"];
  lastSecurityAssessment: string | null;
  duplicatesNational: string | null;
  reviewDue: string;
  createdBy: string | null;
}

export async function insertApp(q: Queryable, a: NewApp): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO registry_apps (tenant_id, key, name, owner_unit_id, purpose, url, hosting, uses_splp, data_processed, data_classification, status,
       last_security_assessment, duplicates_national, review_due, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      a.tenantId,
      a.key,
      a.name,
      a.ownerUnitId,
      a.purpose,
      a.url,
      a.hosting,
      a.usesSplp,
      a.dataProcessed,
      a.dataClassification,
      a.status,
      a.lastSecurityAssessment,
      a.duplicatesNational,
      a.reviewDue,
      a.createdBy,
    ],
  );
  return (row as { id: string }).id;
}

export async function linkApiKey(q: Queryable, tenantId: string, appId: string, apiKeyId: string) {
  await q.query("INSERT INTO registry_app_api_keys (tenant_id, app_id, api_key_id) VALUES ($1, $2, $3)", [tenantId, appId, apiKeyId]);
}

export async function apiKeyIdsOf(q: Queryable, tenantId: string, appId: string): Promise<string[]> {
  const rows = await q.query<{ api_key_id: string }>("SELECT api_key_id FROM registry_app_api_keys WHERE tenant_id = $1 AND app_id = $2", [tenantId, appId]);
  return rows.map((r) => r.api_key_id);
}

export function apiKeyLinks(q: Queryable, tenantId: string) {
  return q.query<{ app_id: string; api_key_id: string }>("SELECT app_id, api_key_id FROM registry_app_api_keys WHERE tenant_id = $1", [tenantId]);
}
