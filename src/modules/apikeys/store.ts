import type { Queryable } from "../../platform/db.ts";

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  scopes: string[] | string;
  prefix: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  app_user_id: string | null;
}

const COLUMNS = `k.id, k.tenant_id, k.name, k.scopes, k.prefix, k.created_by, u.name AS created_by_name, k.created_at, k.last_used_at, k.revoked_at, k.app_user_id`;
const FROM = "FROM api_keys k LEFT JOIN directory_people u ON u.tenant_id = k.tenant_id AND u.id = k.created_by";

export async function insertKey(
  q: Queryable,
  k: { tenantId: string; name: string; scopes: string[]; keyHash: string; prefix: string; createdBy: string | null },
) {
  const row = await q.one<{ id: string }>(
    "INSERT INTO api_keys (tenant_id, name, scopes, key_hash, prefix, created_by) VALUES ($1, $2, $3::text[], $4, $5, $6) RETURNING id",
    [k.tenantId, k.name, `{${k.scopes.join(",")}}`, k.keyHash, k.prefix, k.createdBy],
  );
  return (row as { id: string }).id;
}

export async function listKeys(q: Queryable, tenantId: string) {
  return q.query<ApiKeyRow>(`SELECT ${COLUMNS} ${FROM} WHERE k.tenant_id = $1 ORDER BY k.created_at DESC, k.id`, [tenantId]);
}

export async function getKey(q: Queryable, tenantId: string, id: string, forUpdate = false) {
  return q.one<ApiKeyRow>(`SELECT ${COLUMNS} ${FROM} WHERE k.tenant_id = $1 AND k.id = $2${forUpdate ? " FOR UPDATE OF k" : ""}`, [tenantId, id]);
}

export async function keyByHash(q: Queryable, keyHash: string) {
  return q.one<ApiKeyRow>(`SELECT ${COLUMNS} ${FROM} WHERE k.key_hash = $1`, [keyHash]);
}

export async function revokeKey(q: Queryable, tenantId: string, id: string) {
  await q.query("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL", [tenantId, id]);
}

/** Marks the key used, at most once a minute (no write per request). */
export async function touchKey(q: Queryable, id: string) {
  await q.query("UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", [id]);
}

export async function setAppUser(q: Queryable, tenantId: string, id: string, userId: string) {
  await q.query("UPDATE api_keys SET app_user_id = $3 WHERE tenant_id = $1 AND id = $2", [tenantId, id, userId]);
}
