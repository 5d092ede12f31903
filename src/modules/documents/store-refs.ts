/**
 * What the documents module reads of other modules' rows, through their published views: people (`directory_people`,
 * owned by `accounts`), units (`directory_units`) and grants (`directory_grants`, both owned by `admin`). Kept here so
 * no SQL sits in the use-case files; each query filters by tenant. (An official's NIP is written by `accounts`' updateUser.)
 */
import type { Queryable } from "../../platform/db.ts";

/** accounts: an active user, for issuing a certificate. */
export const activeUser = (q: Queryable, tenantId: string, userId: string) =>
  q.one<{ id: string; name: string; nip: string | null; kind: string }>(
    "SELECT id, name, nip, kind FROM directory_people WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NULL",
    [tenantId, userId],
  );

/** accounts: the NIP printed under the signature. */
export const userNip = (q: Queryable, tenantId: string, userId: string) =>
  q.one<{ nip: string | null }>("SELECT nip FROM directory_people WHERE tenant_id = $1 AND id = $2", [tenantId, userId]);

/** accounts: an active staff member by e-mail or id (a delegation's deputy). */
export const staffByEmailOrId = (q: Queryable, tenantId: string, emailOrId: string) =>
  q.one<{ id: string; name: string }>(
    "SELECT id, name FROM directory_people WHERE tenant_id = $1 AND kind = 'staff' AND disabled_at IS NULL AND (lower(email) = lower($2) OR id::text = $2)",
    [tenantId, emailOrId],
  );

/** admin: the principal's grants in the given signing roles (optionally in one unit). */
export const signingGrants = (q: Queryable, tenantId: string, userId: string, roles: readonly string[], unitId: string | null) =>
  q.query<{ unit_id: string; role: string }>(
    `SELECT unit_id, role FROM directory_grants WHERE tenant_id = $1 AND user_id = $2 AND role = ANY($3::text[]) AND ($4::uuid IS NULL OR unit_id = $4)`,
    [tenantId, userId, `{${roles.join(",")}}`, unitId],
  );

/** tenants: a unit and its parents up to six levels, the top first. */
export const unitChain = (q: Queryable, tenantId: string, unitId: string) =>
  q.query<{ id: string; name: string; kind: string; depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, kind, name, 0 AS depth FROM directory_units WHERE tenant_id = $1 AND id = $2
       UNION ALL
       SELECT o.id, o.parent_id, o.kind, o.name, up.depth + 1 FROM directory_units o JOIN up ON o.id = up.parent_id WHERE o.tenant_id = $1 AND up.depth < 6)
     SELECT id, name, kind, depth FROM up ORDER BY depth DESC`,
    [tenantId, unitId],
  );

/** tenants: unit names by region code (an address's kelurahan and kecamatan). */
export const unitNamesByCode = (q: Queryable, tenantId: string, codes: string[]) =>
  q.query<{ code: string; name: string }>("SELECT code, name FROM directory_units WHERE tenant_id = $1 AND code = ANY($2::text[])", [
    tenantId,
    `{${codes.join(",")}}`,
  ]);

/** tenants: a unit's region code (in the document number). */
export const unitCode = (q: Queryable, tenantId: string, unitId: string) =>
  q.one<{ code: string }>("SELECT code FROM directory_units WHERE tenant_id = $1 AND id = $2", [tenantId, unitId]);

/** tenants: a unit's name (the issuer shown on verification). */
export const unitName = (q: Queryable, tenantId: string, unitId: string) =>
  q.one<{ name: string }>("SELECT name FROM directory_units WHERE tenant_id = $1 AND id = $2", [tenantId, unitId]);
