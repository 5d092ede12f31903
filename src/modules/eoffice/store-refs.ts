/**
 * What e-Office reads in other modules' tables: users (owned by `accounts`), role_grants (owned by `admin`),
 * org_units (owned by `tenants`/`admin`). Kept here so no SQL sits in the use-case files; each query filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";

/** admin + accounts: an active staff member holding any role in the unit (a disposition's recipient). */
export const staffInUnit = (q: Queryable, tenantId: string, unitId: string, userId: string) =>
  q.one<{ id: string; name: string; email: string | null }>(
    `SELECT u.id, u.name, u.email FROM users u
      WHERE u.tenant_id = $1 AND u.id = $3 AND u.kind = 'staff' AND u.disabled_at IS NULL
        AND EXISTS (SELECT 1 FROM role_grants g WHERE g.tenant_id = $1 AND g.user_id = u.id AND g.unit_id = $2)`,
    [tenantId, unitId, userId],
  );

/** admin + accounts: the unit's staff with their roles there (the picker of a disposition or a verifier). */
export const unitStaff = (q: Queryable, tenantId: string, unitId: string) =>
  q.query<{ id: string; name: string; roles: string[] }>(
    `SELECT u.id, u.name, array_agg(DISTINCT g.role ORDER BY g.role) AS roles
       FROM role_grants g JOIN users u ON u.tenant_id = g.tenant_id AND u.id = g.user_id
      WHERE g.tenant_id = $1 AND g.unit_id = $2 AND u.kind = 'staff' AND u.disabled_at IS NULL
      GROUP BY u.id, u.name ORDER BY u.name`,
    [tenantId, unitId],
  );

/** tenants: a unit by id with its parent's name (the letterhead). */
export const unit = (q: Queryable, tenantId: string, unitId: string) =>
  q.one<{ id: string; name: string; code: string; kind: string; parent_name: string | null; parent_kind: string | null }>(
    `SELECT u.id, u.name, u.code, u.kind, p.name AS parent_name, p.kind AS parent_kind
       FROM org_units u LEFT JOIN org_units p ON p.tenant_id = u.tenant_id AND p.id = u.parent_id
      WHERE u.tenant_id = $1 AND u.id = $2`,
    [tenantId, unitId],
  );

/** tenants: the units a letter may be sent to inside Balai (OPDs, kecamatan, kelurahan, …). */
export const units = (q: Queryable, tenantId: string) =>
  q.query<{ id: string; name: string; code: string; kind: string }>(
    "SELECT id, name, code, kind FROM org_units WHERE tenant_id = $1 AND kind <> 'pemda' ORDER BY name LIMIT 1000",
    [tenantId],
  );

/** accounts + tenants: demo lookups by e-mail and unit code. */
export const userByEmail = (q: Queryable, tenantId: string, email: string) =>
  q.one<{ id: string; name: string }>("SELECT id, name FROM users WHERE tenant_id = $1 AND lower(email) = lower($2)", [tenantId, email]);
export const unitByCode = (q: Queryable, tenantId: string, code: string) =>
  q.one<{ id: string; name: string }>("SELECT id, name FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, code]);
