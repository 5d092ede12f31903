/** The SQL of the `balai` commands that are not a module's use case (checks by the CLI and user creation). */
import type { Queryable } from "../platform/db.ts";

export async function tenantExists(q: Queryable, tenantId: string): Promise<boolean> {
  return Boolean(await q.one("SELECT 1 FROM tenants WHERE id = $1", [tenantId]));
}

export async function findTenant(q: Queryable, tenantId: string) {
  return q.one<{ id: string; name: string }>("SELECT id, name FROM tenants WHERE id = $1", [tenantId]);
}

export async function userEmailTaken(q: Queryable, tenantId: string, email: string): Promise<boolean> {
  return Boolean(await q.one("SELECT 1 FROM users WHERE tenant_id = $1 AND email = $2", [tenantId, email]));
}

export async function findUnitByCode(q: Queryable, tenantId: string, code: string) {
  return q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, code]);
}

export async function insertVerifiedUser(q: Queryable, u: { tenantId: string; kind: "staff" | "citizen"; name: string; email: string; passwordHash: string }) {
  return q.one<{ id: string }>("INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id", [
    u.tenantId,
    u.kind,
    u.name,
    u.email,
    u.passwordHash,
  ]);
}

export async function insertRoleGrant(q: Queryable, tenantId: string, userId: string | undefined, unitId: string, role: string) {
  await q.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, $4)", [tenantId, userId, unitId, role]);
}
