import { forgetSessions } from "../../platform/auth/sessions.ts";
import type { Queryable } from "../../platform/db.ts";

export interface UnitView {
  id: string;
  parentId: string | null;
  kind: string;
  code: string;
  name: string;
  staff: number;
}

export async function listUnits(q: Queryable, tenantId: string): Promise<UnitView[]> {
  return q.query<UnitView>(
    `SELECT o.id, o.parent_id AS "parentId", o.kind, o.code, o.name,
            (SELECT count(DISTINCT g.user_id)::int FROM role_grants g WHERE g.tenant_id = o.tenant_id AND g.unit_id = o.id) AS staff
       FROM org_units o WHERE o.tenant_id = $1 ORDER BY o.kind = 'kelurahan', o.kind = 'kecamatan', o.code`,
    [tenantId],
  );
}

export async function getUnit(q: Queryable, tenantId: string, id: string) {
  return q.one<{ id: string; parent_id: string | null; kind: string; code: string; name: string }>(
    "SELECT id, parent_id, kind, code, name FROM org_units WHERE tenant_id = $1 AND id = $2",
    [tenantId, id],
  );
}

/** The unit and all units below it. */
export async function subtreeIds(q: Queryable, tenantId: string, rootIds: string[]): Promise<string[]> {
  if (!rootIds.length) return [];
  const rows = await q.query<{ id: string }>(
    `WITH RECURSIVE t AS (
       SELECT id FROM org_units WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION SELECT o.id FROM org_units o JOIN t ON o.parent_id = t.id WHERE o.tenant_id = $1)
     SELECT id FROM t`,
    [tenantId, `{${rootIds.join(",")}}`],
  );
  return rows.map((r) => r.id);
}

/** Every unit of the tenant (id, code, name): for matching a catalog's unit codes. */
export async function allUnits(q: Queryable, tenantId: string): Promise<{ id: string; code: string; name: string }[]> {
  return q.query<{ id: string; code: string; name: string }>("SELECT id, code, name FROM org_units WHERE tenant_id = $1", [tenantId]);
}

/** The units with these ids (for unit codes and names in other modules' views). */
export async function unitsById(q: Queryable, tenantId: string, ids: string[]): Promise<{ id: string; code: string; name: string; kind: string }[]> {
  if (!ids.length) return [];
  return q.query<{ id: string; code: string; name: string; kind: string }>(
    "SELECT id, code, name, kind FROM org_units WHERE tenant_id = $1 AND id = ANY($2::uuid[])",
    [tenantId, `{${[...new Set(ids)].join(",")}}`],
  );
}

/** The units with these codes (for unit names in views and for finding a well-known unit such as DISHUB). */
export async function unitsByCode(q: Queryable, tenantId: string, codes: string[]): Promise<{ id: string; code: string; name: string; kind: string }[]> {
  if (!codes.length) return [];
  const list = `{${codes.map((c) => `"${c.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return q.query<{ id: string; code: string; name: string; kind: string }>(
    "SELECT id, code, name, kind FROM org_units WHERE tenant_id = $1 AND code = ANY($2::text[])",
    [tenantId, list],
  );
}

/** The unit with this code and all units below it; empty when the tenant has no such unit. */
export async function subtreeOfCode(q: Queryable, tenantId: string, code: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `WITH RECURSIVE t AS (SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2
       UNION ALL SELECT u.id FROM org_units u JOIN t ON u.parent_id = t.id WHERE u.tenant_id = $1) SELECT id FROM t`,
    [tenantId, code],
  );
  return rows.map((r) => r.id);
}

/** A unit by id with its parent's name and kind (a letterhead). */
export const unitWithParent = (q: Queryable, tenantId: string, unitId: string) =>
  q.one<{ id: string; name: string; code: string; kind: string; parent_name: string | null; parent_kind: string | null }>(
    `SELECT u.id, u.name, u.code, u.kind, p.name AS parent_name, p.kind AS parent_kind
       FROM org_units u LEFT JOIN org_units p ON p.tenant_id = u.tenant_id AND p.id = u.parent_id
      WHERE u.tenant_id = $1 AND u.id = $2`,
    [tenantId, unitId],
  );

/** The tenant's units below the pemda by name (at most 1,000): where a letter may be sent inside Balai. */
export const unitDirectory = (q: Queryable, tenantId: string) =>
  q.query<{ id: string; name: string; code: string; kind: string }>(
    "SELECT id, name, code, kind FROM org_units WHERE tenant_id = $1 AND kind <> 'pemda' ORDER BY name LIMIT 1000",
    [tenantId],
  );

export async function codeExists(q: Queryable, tenantId: string, code: string, exceptId?: string) {
  return !!(await q.one("SELECT 1 FROM org_units WHERE tenant_id = $1 AND code = $2 AND id IS DISTINCT FROM $3::uuid", [tenantId, code, exceptId ?? null]));
}

export async function insertUnit(q: Queryable, tenantId: string, u: { parentId: string; kind: string; code: string; name: string }) {
  return (await q.one<{ id: string }>("INSERT INTO org_units (tenant_id, parent_id, kind, code, name) VALUES ($1, $2, $3, $4, $5) RETURNING id", [
    tenantId,
    u.parentId,
    u.kind,
    u.code,
    u.name,
  ])) as { id: string };
}

/**
 * The unit with this code, created (of `kind`, under `parentId`) when the tenant has none; an existing unit of the same
 * kind takes the new name (an import renaming a school). Returns its id.
 */
export async function ensureUnit(q: Queryable, tenantId: string, u: { parentId: string; kind: string; code: string; name: string }): Promise<string> {
  const found = await q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, u.code]);
  if (found) {
    await q.query("UPDATE org_units SET name = $3 WHERE tenant_id = $1 AND id = $2 AND kind = $4", [tenantId, found.id, u.name, u.kind]);
    return found.id;
  }
  return (await insertUnit(q, tenantId, u)).id;
}

/** Creates the unit under the unit with `parentCode` unless the tenant already has a unit with its code (or has no such parent). */
export async function ensureUnitUnder(q: Queryable, tenantId: string, u: { parentCode: string; kind: string; code: string; name: string }) {
  await q.query(
    `INSERT INTO org_units (tenant_id, parent_id, kind, code, name)
     SELECT $1, p.id, $5, $3, $4 FROM org_units p WHERE p.tenant_id = $1 AND p.code = $2
        AND NOT EXISTS (SELECT 1 FROM org_units x WHERE x.tenant_id = $1 AND x.code = $3)`,
    [tenantId, u.parentCode, u.code, u.name, u.kind],
  );
}

export async function updateUnit(q: Queryable, tenantId: string, id: string, set: { code?: string; name?: string }) {
  await forgetSessions(q); // grants carry unit names
  await q.query("UPDATE org_units SET code = coalesce($3, code), name = coalesce($4, name) WHERE tenant_id = $1 AND id = $2", [
    tenantId,
    id,
    set.code ?? null,
    set.name ?? null,
  ]);
}

export async function unitInUse(q: Queryable, tenantId: string, id: string) {
  return q.one<{ children: number; grants: number }>(
    `SELECT (SELECT count(*)::int FROM org_units WHERE tenant_id = $1 AND parent_id = $2) AS children,
            (SELECT count(*)::int FROM role_grants WHERE tenant_id = $1 AND unit_id = $2) AS grants`,
    [tenantId, id],
  );
}

export async function deleteUnit(q: Queryable, tenantId: string, id: string) {
  await q.query("DELETE FROM org_units WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

export interface StaffView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  nip: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  grants: { id: string; role: string; unitId: string; unitCode: string; unitName: string }[];
}

export async function listStaff(q: Queryable, tenantId: string, opts: { search?: string; unitIds?: string[]; limit: number; offset: number }) {
  const params: unknown[] = [tenantId, opts.limit, opts.offset];
  let where = "u.tenant_id = $1 AND u.kind = 'staff'";
  if (opts.search) {
    params.push(`%${opts.search.toLowerCase()}%`);
    where += ` AND (lower(u.name) LIKE $${params.length} OR lower(coalesce(u.email,'')) LIKE $${params.length} OR coalesce(u.nip,'') LIKE $${params.length})`;
  }
  if (opts.unitIds) {
    params.push(`{${opts.unitIds.join(",")}}`);
    where += ` AND EXISTS (SELECT 1 FROM role_grants g WHERE g.tenant_id = u.tenant_id AND g.user_id = u.id AND g.unit_id = ANY($${params.length}::uuid[]))`;
  }
  return q.query<StaffView>(
    `SELECT u.id, u.name, u.email, u.phone, u.nip, (u.disabled_at IS NOT NULL) AS disabled, (u.totp_enabled_at IS NOT NULL) AS "totpEnabled",
            (SELECT coalesce(json_agg(json_build_object('id', g.id, 'role', g.role, 'unitId', o.id, 'unitCode', o.code, 'unitName', o.name) ORDER BY o.code), '[]'::json)
               FROM role_grants g JOIN org_units o ON o.id = g.unit_id WHERE g.tenant_id = u.tenant_id AND g.user_id = u.id) AS grants
       FROM directory_people u WHERE ${where} ORDER BY u.name LIMIT $2 OFFSET $3`,
    params,
  );
}

/** Enabled users holding a role anywhere in the tenant, with their contact (e.g. Kominfo admins to remind). */
export async function holdersOfRole(q: Queryable, tenantId: string, role: string) {
  return q.query<{ id: string; email: string | null; phone: string | null }>(
    `SELECT DISTINCT u.id, u.email, u.phone FROM directory_people u JOIN role_grants g ON g.tenant_id = u.tenant_id AND g.user_id = u.id
      WHERE u.tenant_id = $1 AND g.role = $2 AND u.disabled_at IS NULL`,
    [tenantId, role],
  );
}

/** Staff holding one of the roles in one of the units, one row per person and unit, with their contact (reminders). */
export async function holdersOfRolesIn(q: Queryable, tenantId: string, unitIds: string[], roles: string[]) {
  const arr = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return q.query<{ user_id: string; unit_id: string; email: string | null; phone: string | null; name: string }>(
    `SELECT DISTINCT g.user_id, g.unit_id, u.email, u.phone, u.name FROM role_grants g JOIN directory_people u ON u.id = g.user_id
      WHERE g.tenant_id = $1 AND g.unit_id = ANY($2::uuid[]) AND g.role = ANY($3::text[])`,
    [tenantId, arr(unitIds), arr(roles)],
  );
}

/** An active staff member holding any role in the unit (e.g. an e-Office disposition's recipient). */
export const staffMemberIn = (q: Queryable, tenantId: string, unitId: string, userId: string) =>
  q.one<{ id: string; name: string; email: string | null }>(
    `SELECT u.id, u.name, u.email FROM directory_people u
      WHERE u.tenant_id = $1 AND u.id = $3 AND u.kind = 'staff' AND u.disabled_at IS NULL
        AND EXISTS (SELECT 1 FROM role_grants g WHERE g.tenant_id = $1 AND g.user_id = u.id AND g.unit_id = $2)`,
    [tenantId, unitId, userId],
  );

/** The unit's active staff with their roles there (a picker of recipients, verifiers, signers). */
export const unitStaff = (q: Queryable, tenantId: string, unitId: string) =>
  q.query<{ id: string; name: string; roles: string[] }>(
    `SELECT u.id, u.name, array_agg(DISTINCT g.role ORDER BY g.role) AS roles
       FROM role_grants g JOIN directory_people u ON u.tenant_id = g.tenant_id AND u.id = g.user_id
      WHERE g.tenant_id = $1 AND g.unit_id = $2 AND u.kind = 'staff' AND u.disabled_at IS NULL
      GROUP BY u.id, u.name ORDER BY u.name`,
    [tenantId, unitId],
  );

/** Whether the user holds any role in one of the units. */
export async function hasGrantIn(q: Queryable, tenantId: string, userId: string, unitIds: string[]): Promise<boolean> {
  const row = await q.one<{ found: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM role_grants WHERE tenant_id = $1 AND user_id = $2 AND unit_id = ANY($3::uuid[])) AS found",
    [tenantId, userId, `{${unitIds.join(",")}}`],
  );
  return row?.found ?? false;
}

export async function getGrant(q: Queryable, tenantId: string, id: string) {
  return q.one<{ id: string; user_id: string; unit_id: string; role: string }>(
    "SELECT id, user_id, unit_id, role FROM role_grants WHERE tenant_id = $1 AND id = $2",
    [tenantId, id],
  );
}

export async function insertGrant(q: Queryable, g: { tenantId: string; userId: string; unitId: string; role: string; grantedBy: string | null }) {
  await forgetSessions(q);
  return await q.one<{ id: string }>(
    `INSERT INTO role_grants (tenant_id, user_id, unit_id, role, granted_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, unit_id, role) DO NOTHING RETURNING id`,
    [g.tenantId, g.userId, g.unitId, g.role, g.grantedBy],
  );
}

export async function deleteGrant(q: Queryable, tenantId: string, id: string) {
  await forgetSessions(q);
  await q.query("DELETE FROM role_grants WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}
