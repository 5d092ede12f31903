/** The SQL of the registry's servers, what runs on them, Balai's process samples and review reminders. */
import type { Queryable } from "../../platform/db.ts";

export interface ServerRow {
  id: string;
  name: string;
  location: string;
  vcpu: number;
  memory_gb: number;
  storage_gb: number;
  runs_balai: boolean;
  apps: number;
  vcpu_need: number;
  memory_gb_need: number;
}

export function listServers(q: Queryable, tenantId: string) {
  return q.query<ServerRow>(
    `SELECT s.id, s.name, s.location, s.vcpu, s.memory_gb, s.storage_gb, s.runs_balai,
            count(a.id)::int AS apps, coalesce(sum(a.vcpu_need), 0)::float8 AS vcpu_need, coalesce(sum(a.memory_gb_need), 0)::float8 AS memory_gb_need
       FROM infra_servers s LEFT JOIN registry_apps a ON a.tenant_id = s.tenant_id AND a.server_id = s.id AND a.status <> 'retired'
      WHERE s.tenant_id = $1 GROUP BY s.id ORDER BY s.name`,
    [tenantId],
  );
}

export function appsOnServer(q: Queryable, tenantId: string, serverId: string) {
  return q.query<{ key: string; name: string }>(
    "SELECT key, name FROM registry_apps WHERE tenant_id = $1 AND server_id = $2 AND status <> 'retired' ORDER BY name",
    [tenantId, serverId],
  );
}

export async function insertServer(
  q: Queryable,
  s: { tenantId: string; name: string; location: string; vcpu: number; memoryGb: number; storageGb: number; runsBalai: boolean },
) {
  const row = await q.one<{ id: string }>(
    "INSERT INTO infra_servers (tenant_id, name, location, vcpu, memory_gb, storage_gb, runs_balai) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [s.tenantId, s.name, s.location, s.vcpu, s.memoryGb, s.storageGb, s.runsBalai],
  );
  return (row as { id: string }).id;
}

export function serverById(q: Queryable, tenantId: string, id: string) {
  return q.one<{ id: string }>("SELECT id FROM infra_servers WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

export function serverByName(q: Queryable, tenantId: string, name: string) {
  return q.one<{ id: string }>("SELECT id FROM infra_servers WHERE tenant_id = $1 AND name = $2", [tenantId, name]);
}

/** Every server (all tenants) that Balai itself runs on: the sampling job records the process there. */
export function balaiServers(q: Queryable) {
  return q.query<{ tenant_id: string; id: string }>("SELECT tenant_id, id FROM infra_servers WHERE runs_balai");
}

export async function insertSample(
  q: Queryable,
  s: { tenantId: string; serverId: string; cpuPercent: number; rssMb: number; heapMb: number; load1: number; hostMemoryUsedPercent: number },
) {
  await q.query(
    "INSERT INTO infra_samples (tenant_id, server_id, cpu_percent, rss_mb, heap_mb, load1, host_memory_used_percent) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [s.tenantId, s.serverId, s.cpuPercent, s.rssMb, s.heapMb, s.load1, s.hostMemoryUsedPercent],
  );
}

export async function pruneSamples(q: Queryable) {
  await q.query("DELETE FROM infra_samples WHERE at < now() - interval '14 days'");
}

export function latestSample(q: Queryable, tenantId: string, serverId: string) {
  return q.one<{ at: Date; cpu_percent: number; rss_mb: number; heap_mb: number; load1: number; host_memory_used_percent: number; peak_cpu_24h: number }>(
    `SELECT at, cpu_percent, rss_mb, heap_mb, load1, host_memory_used_percent,
            (SELECT max(cpu_percent) FROM infra_samples p WHERE p.tenant_id = $1 AND p.server_id = $2 AND p.at > now() - interval '1 day') AS peak_cpu_24h
       FROM infra_samples WHERE tenant_id = $1 AND server_id = $2 ORDER BY at DESC LIMIT 1`,
    [tenantId, serverId],
  );
}

export async function setAppServer(
  q: Queryable,
  tenantId: string,
  key: string,
  patch: { serverId?: string | null; status?: string; lastSecurityAssessment?: string; reviewDue?: string; vcpuNeed?: number; memoryGbNeed?: number },
) {
  const row = await q.one<{ id: string }>(
    `UPDATE registry_apps SET
        server_id = CASE WHEN $3::boolean THEN $4::uuid ELSE server_id END,
        status = coalesce($5, status),
        last_security_assessment = coalesce($6::date, last_security_assessment),
        review_due = coalesce($7::date, review_due),
        reminded_at = CASE WHEN $7::date IS NULL THEN reminded_at END,
        vcpu_need = coalesce($8, vcpu_need),
        memory_gb_need = coalesce($9, memory_gb_need),
        updated_at = now()
      WHERE tenant_id = $1 AND key = $2 RETURNING id`,
    [
      tenantId,
      key,
      patch.serverId !== undefined,
      patch.serverId ?? null,
      patch.status ?? null,
      patch.lastSecurityAssessment ?? null,
      patch.reviewDue ?? null,
      patch.vcpuNeed ?? null,
      patch.memoryGbNeed ?? null,
    ],
  );
  return row?.id;
}

export interface DueRow {
  tenant_id: string;
  kind: "app" | "social";
  id: string;
  label: string;
  review_due: string;
}

/** Apps and social accounts whose review is due and not yet reminded (all tenants; the reminder job). */
export function dueForReview(q: Queryable, limit = 200) {
  return q.query<DueRow>(
    `(SELECT tenant_id, 'app' AS kind, id, name AS label, review_due::text AS review_due FROM registry_apps
       WHERE status <> 'retired' AND review_due <= current_date AND reminded_at IS NULL)
     UNION ALL
     (SELECT tenant_id, 'social' AS kind, id, platform || ' ' || handle AS label, review_due::text FROM registry_social_accounts
       WHERE review_due <= current_date AND reminded_at IS NULL)
     ORDER BY review_due LIMIT $1`,
    [limit],
  );
}

export async function markReminded(q: Queryable, kind: "app" | "social", tenantId: string, id: string) {
  await q.query(`UPDATE ${kind === "app" ? "registry_apps" : "registry_social_accounts"} SET reminded_at = now() WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
}
