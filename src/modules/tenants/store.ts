import type { Queryable } from "../../platform/db.ts";

export interface UnitRow {
  id: string;
  parent_id: string | null;
  kind: string;
  code: string;
  name: string;
}

export async function insertTenant(q: Queryable, t: { id: string; name: string; slug: string; timezone: string; isDefault: boolean }) {
  await q.query("INSERT INTO tenants (id, name, slug, timezone, is_default) VALUES ($1, $2, $3, $4, $5)", [t.id, t.name, t.slug, t.timezone, t.isDefault]);
}

export async function insertHost(q: Queryable, tenantId: string, host: string) {
  await q.query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2)", [host.toLowerCase(), tenantId]);
}

export async function insertUnit(q: Queryable, tenantId: string, u: { parentId: string | null; kind: string; code: string; name: string }): Promise<string> {
  const row = await q.one<{ id: string }>("INSERT INTO org_units (tenant_id, parent_id, kind, code, name) VALUES ($1, $2, $3, $4, $5) RETURNING id", [
    tenantId,
    u.parentId,
    u.kind,
    u.code,
    u.name,
  ]);
  return (row as { id: string }).id;
}

export interface NewUnit {
  parentCode: string;
  kind: string;
  code: string;
  name: string;
}

/** Many units in one statement; each parent (by code) must already be in the tenant. */
export async function insertUnits(q: Queryable, tenantId: string, units: NewUnit[]) {
  if (!units.length) return;
  await q.query(
    `INSERT INTO org_units (tenant_id, parent_id, kind, code, name)
     SELECT $1, p.id, u.kind, u.code, u.name
       FROM jsonb_to_recordset($2::jsonb) AS u(parent_code text, kind text, code text, name text)
       JOIN org_units p ON p.tenant_id = $1 AND p.code = u.parent_code`,
    [tenantId, units.map((u) => ({ parent_code: u.parentCode, kind: u.kind, code: u.code, name: u.name }))],
  );
}

export async function tenantExists(q: Queryable, id: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM tenants WHERE id = $1", [id]));
}

export async function hostTaken(q: Queryable, host: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM tenant_hosts WHERE host = $1", [host.toLowerCase()]));
}

export async function unitByCode(q: Queryable, tenantId: string, code: string): Promise<UnitRow | undefined> {
  return q.one<UnitRow>("SELECT id, parent_id, kind, code, name FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, code]);
}

export async function listKecamatan(q: Queryable, tenantId: string) {
  return q.query<{ code: string; name: string; kelurahan: { code: string; name: string }[] | string }>(
    `SELECT k.code, k.name,
            (SELECT coalesce(json_agg(json_build_object('code', l.code, 'name', l.name) ORDER BY l.code), '[]'::json)
               FROM org_units l WHERE l.tenant_id = k.tenant_id AND l.parent_id = k.id AND l.kind = 'kelurahan') AS kelurahan
       FROM org_units k WHERE k.tenant_id = $1 AND k.kind = 'kecamatan' ORDER BY k.code`,
    [tenantId],
  );
}
