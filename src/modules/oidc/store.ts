/** The SQL of the one-login module: oidc-provider's artefacts, keys, clients, NIK consents, sign-ins, INApas links. */
import type { Queryable } from "../../platform/db.ts";

export interface ModelRow {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
  expires_at: Date | null;
}

export async function upsertModel(
  q: Queryable,
  m: { tenantId: string; kind: string; id: string; payload: unknown; grantId?: string; uid?: string; userCode?: string; clientId?: string; expiresIn?: number },
) {
  await q.query(
    `INSERT INTO oidc_models (tenant_id, kind, id, payload, grant_id, uid, user_code, client_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $9::integer) END)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
       user_code = EXCLUDED.user_code, client_id = EXCLUDED.client_id, expires_at = EXCLUDED.expires_at`,
    [m.tenantId, m.kind, m.id, JSON.stringify(m.payload), m.grantId ?? null, m.uid ?? null, m.userCode ?? null, m.clientId ?? null, m.expiresIn ?? null],
  );
}

const LIVE = "(expires_at IS NULL OR expires_at > now())";

export function findModel(q: Queryable, tenantId: string, kind: string, column: "id" | "uid" | "user_code", value: string) {
  return q.one<ModelRow>(`SELECT payload, consumed_at, expires_at FROM oidc_models WHERE tenant_id = $1 AND kind = $2 AND ${column} = $3 AND ${LIVE}`, [
    tenantId,
    kind,
    value,
  ]);
}

export async function consumeModel(q: Queryable, tenantId: string, kind: string, id: string) {
  await q.query("UPDATE oidc_models SET consumed_at = now() WHERE tenant_id = $1 AND kind = $2 AND id = $3", [tenantId, kind, id]);
}

export async function destroyModel(q: Queryable, tenantId: string, kind: string, id: string) {
  await q.query("DELETE FROM oidc_models WHERE tenant_id = $1 AND kind = $2 AND id = $3", [tenantId, kind, id]);
}

export async function revokeGrant(q: Queryable, tenantId: string, grantId: string) {
  await q.query("DELETE FROM oidc_models WHERE tenant_id = $1 AND grant_id = $2", [tenantId, grantId]);
}

/** Every token, code and grant of a client (its revocation). */
export async function destroyClientArtefacts(q: Queryable, tenantId: string, clientId: string) {
  await q.query("DELETE FROM oidc_models WHERE tenant_id = $1 AND client_id = $2", [tenantId, clientId]);
}

export async function pruneExpiredModels(q: Queryable) {
  const rows = await q.query<{ n: number }>(
    "WITH gone AS (DELETE FROM oidc_models WHERE expires_at < now() - interval '1 hour' RETURNING 1) SELECT count(*)::int AS n FROM gone",
  );
  return rows[0]?.n ?? 0;
}

// --- keys

export interface KeyRow {
  kid: string;
  use: "sig" | "cookie" | "pairwise";
  material: Record<string, unknown>;
  created_at: Date;
  retired_at: Date | null;
}

export function keysOf(q: Queryable, tenantId: string) {
  return q.query<KeyRow>(
    `SELECT kid, use, material, created_at, retired_at FROM oidc_keys
      WHERE tenant_id = $1 AND (retired_at IS NULL OR retired_at > now() - interval '2 days')
      ORDER BY (retired_at IS NULL) DESC, created_at DESC`,
    [tenantId],
  );
}

export async function insertKey(q: Queryable, tenantId: string, kid: string, use: KeyRow["use"], material: unknown) {
  await q.query("INSERT INTO oidc_keys (tenant_id, kid, use, material) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
    tenantId,
    kid,
    use,
    JSON.stringify(material),
  ]);
}

export async function retireKeys(q: Queryable, tenantId: string, use: KeyRow["use"], keep: string) {
  await q.query("UPDATE oidc_keys SET retired_at = now() WHERE tenant_id = $1 AND use = $2 AND kid <> $3 AND retired_at IS NULL", [tenantId, use, keep]);
}

// --- clients

export interface ClientRow {
  client_id: string;
  app_id: string;
  name: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  revoked_at: Date | null;
  sign_ins: number;
  last_sign_in: Date | null;
}

const CLIENT_SELECT = `SELECT c.client_id, c.app_id, c.name, c.metadata, c.created_at, c.revoked_at,
        (SELECT count(*)::int FROM oidc_sign_ins s WHERE s.tenant_id = c.tenant_id AND s.client_id = c.client_id) AS sign_ins,
        (SELECT max(at) FROM oidc_sign_ins s WHERE s.tenant_id = c.tenant_id AND s.client_id = c.client_id) AS last_sign_in
   FROM oidc_clients c`;

export function activeClientMetadata(q: Queryable, tenantId: string, clientId: string) {
  return q.one<{ metadata: Record<string, unknown>; app_id: string }>(
    "SELECT metadata, app_id FROM oidc_clients WHERE tenant_id = $1 AND client_id = $2 AND revoked_at IS NULL",
    [tenantId, clientId],
  );
}

export function listClients(q: Queryable, tenantId: string) {
  return q.query<ClientRow>(`${CLIENT_SELECT} WHERE c.tenant_id = $1 ORDER BY c.created_at DESC`, [tenantId]);
}

export function getClient(q: Queryable, tenantId: string, clientId: string) {
  return q.one<ClientRow>(`${CLIENT_SELECT} WHERE c.tenant_id = $1 AND c.client_id = $2`, [tenantId, clientId]);
}

export async function insertClient(
  q: Queryable,
  c: { tenantId: string; clientId: string; appId: string; name: string; metadata: unknown; createdBy: string | null },
) {
  await q.query("INSERT INTO oidc_clients (tenant_id, client_id, app_id, name, metadata, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [
    c.tenantId,
    c.clientId,
    c.appId,
    c.name,
    JSON.stringify(c.metadata),
    c.createdBy,
  ]);
}

export async function markClientRevoked(q: Queryable, tenantId: string, clientId: string) {
  const row = await q.one<{ client_id: string }>(
    "UPDATE oidc_clients SET revoked_at = now() WHERE tenant_id = $1 AND client_id = $2 AND revoked_at IS NULL RETURNING client_id",
    [tenantId, clientId],
  );
  return row !== undefined;
}

// --- NIK consent, sign-ins, upstream links

export function nikConsent(q: Queryable, tenantId: string, userId: string, clientId: string) {
  return q.one<{ purpose: string; retention_days: number; granted_at: Date }>(
    "SELECT purpose, retention_days, granted_at FROM oidc_nik_consents WHERE tenant_id = $1 AND user_id = $2 AND client_id = $3 AND withdrawn_at IS NULL",
    [tenantId, userId, clientId],
  );
}

export async function recordNikConsent(q: Queryable, c: { tenantId: string; userId: string; clientId: string; purpose: string; retentionDays: number }) {
  await q.query(
    `INSERT INTO oidc_nik_consents (tenant_id, user_id, client_id, purpose, retention_days) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, user_id, client_id) DO UPDATE SET purpose = EXCLUDED.purpose, retention_days = EXCLUDED.retention_days,
       granted_at = now(), withdrawn_at = NULL`,
    [c.tenantId, c.userId, c.clientId, c.purpose, c.retentionDays],
  );
}

export async function recordSignIn(
  q: Queryable,
  tenantId: string,
  clientId: string,
  userId: string | null,
  kind: "authorization_code" | "client_credentials" | "refresh_token",
) {
  await q.query("INSERT INTO oidc_sign_ins (tenant_id, client_id, user_id, kind) VALUES ($1, $2, $3, $4)", [tenantId, clientId, userId, kind]);
}

export interface LinkRow {
  subject: string;
  user_id: string;
  nik: string | null;
}

export function linkBySubject(q: Queryable, tenantId: string, provider: string, subject: string) {
  return q.one<LinkRow>("SELECT subject, user_id, nik FROM identity_links WHERE tenant_id = $1 AND provider = $2 AND subject = $3", [
    tenantId,
    provider,
    subject,
  ]);
}

export function linkByNik(q: Queryable, tenantId: string, nik: string) {
  return q.one<LinkRow>("SELECT subject, user_id, nik FROM identity_links WHERE tenant_id = $1 AND nik = $2 LIMIT 1", [tenantId, nik]);
}

export function nikOfUser(q: Queryable, tenantId: string, userId: string) {
  return q.one<{ nik: string }>("SELECT nik FROM identity_links WHERE tenant_id = $1 AND user_id = $2 AND nik IS NOT NULL LIMIT 1", [tenantId, userId]);
}

export async function insertLink(q: Queryable, l: { tenantId: string; provider: string; subject: string; userId: string; nik: string | null }) {
  await q.query(
    `INSERT INTO identity_links (tenant_id, provider, subject, user_id, nik) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, provider, subject) DO UPDATE SET user_id = EXCLUDED.user_id, nik = EXCLUDED.nik, linked_at = now()`,
    [l.tenantId, l.provider, l.subject, l.userId, l.nik],
  );
}
