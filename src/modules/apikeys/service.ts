import { createHash, randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Queryable } from "../../platform/db.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { ensureUserByEmail, findUserByIdentifier } from "../accounts/index.ts";
import * as store from "./store.ts";

/**
 * API keys let third-party apps call machine APIs of one tenant (today: Open311 GeoReport v2).
 * A key is `balai_` + 32 random base62-ish characters; only its SHA-256 is stored. Scopes name what
 * a key may do; add a scope here when a new machine API needs one (`avl`: bus position reports, one key per operator).
 */
export const API_SCOPES = ["open311", "avl", "ingest"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const KEY_PREFIX = "balai_";

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  /** The first characters of the key, to recognise it ("balai_Ab12Cd"). */
  prefix: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const scopesOf = (s: string[] | string): string[] =>
  Array.isArray(s)
    ? s
    : s
        .replace(/^\{|\}$/g, "")
        .split(",")
        .filter(Boolean);

function toApiKey(r: store.ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    scopes: scopesOf(r.scopes),
    prefix: r.prefix,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at) as string,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

function checkInput(name: string, scopes: string[]) {
  const fields = [];
  if (!name.trim() || name.trim().length > 100) fields.push({ field: "name", code: "length", message: "1–100 characters" });
  if (!scopes.length) fields.push({ field: "scopes", code: "required", message: `one or more of ${API_SCOPES.join(", ")}` });
  for (const s of scopes)
    if (!(API_SCOPES as readonly string[]).includes(s))
      fields.push({ field: "scopes", code: "enum", message: `unknown scope ${s} (known: ${API_SCOPES.join(", ")})` });
  if (fields.length) throw badRequest("validation-failed", { fields });
}

/** Creates a key and returns it in full, once; audited in the caller's transaction. */
export async function createApiKey(
  q: Queryable,
  input: { tenantId: string; name: string; scopes: string[]; actorId: string | null },
): Promise<ApiKey & { key: string }> {
  const scopes = [...new Set(input.scopes)];
  checkInput(input.name, scopes);
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const id = await store.insertKey(q, { tenantId: input.tenantId, name: input.name.trim(), scopes, keyHash: hashKey(key), prefix, createdBy: input.actorId });
  await audit(q, {
    tenantId: input.tenantId,
    actorId: input.actorId,
    action: "apikey.created",
    subjectType: "api_key",
    subjectId: id,
    data: { name: input.name.trim(), scopes, prefix },
  });
  const row = await store.getKey(q, input.tenantId, id);
  return { ...toApiKey(row as store.ApiKeyRow), key };
}

export async function listApiKeys(q: Queryable, tenantId: string): Promise<ApiKey[]> {
  return (await store.listKeys(q, tenantId)).map(toApiKey);
}

/** Revokes a key (idempotent: revoking a revoked key changes nothing and is not audited again). */
export async function revokeApiKey(q: Queryable, tenantId: string, id: string, actorId: string | null): Promise<ApiKey> {
  const row = await store.getKey(q, tenantId, id, true);
  if (!row) throw notFound("api-key-not-found");
  if (!row.revoked_at) {
    await store.revokeKey(q, tenantId, id);
    await audit(q, { tenantId, actorId, action: "apikey.revoked", subjectType: "api_key", subjectId: id, data: { name: row.name, prefix: row.prefix } });
  }
  return toApiKey((await store.getKey(q, tenantId, id)) as store.ApiKeyRow);
}

export interface VerifiedKey {
  id: string;
  name: string;
  scopes: string[];
  appUserId: string | null;
}

/**
 * The live key of this tenant with this scope, or null (unknown, revoked, another tenant's, or
 * without the scope: the caller answers all of them alike).
 */
export async function verifyApiKey(q: Queryable, tenantId: string, key: string | undefined, scope: ApiScope): Promise<VerifiedKey | null> {
  if (!key?.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await store.keyByHash(q, hashKey(key));
  if (!row || row.tenant_id !== tenantId || row.revoked_at || !scopesOf(row.scopes).includes(scope)) return null;
  await store.touchKey(q, row.id);
  return { id: row.id, name: row.name, scopes: scopesOf(row.scopes), appUserId: row.app_user_id };
}

/**
 * The citizen account a report filed through a key belongs to. Each reporter the app names (by e-mail,
 * else phone, else device_id/account_id) gets one account per key, so per-account limits and "same
 * reporter" apply per person; reports with no reporter identity share the key's own account. These
 * accounts cannot log in (unverified, random password) and their address is in the reserved
 * `.invalid` domain, so no message reaches anyone and no real citizen's account is ever used: an app
 * cannot file reports in a citizen's name. Created on first use, in the caller's transaction.
 */
export async function appUserFor(
  q: Queryable,
  tenantId: string,
  key: VerifiedKey,
  reporter: { identity: string | null; name: string | null } = { identity: null, name: null },
): Promise<string> {
  const appName = `Aplikasi ${key.name}`;
  if (!reporter.identity) {
    if (key.appUserId) return key.appUserId;
    const row = await store.getKey(q, tenantId, key.id, true);
    if (row?.app_user_id) return row.app_user_id;
    const userId = await insertAppUser(q, tenantId, appName.slice(0, 120), `apikey-${key.id}@apps.balai.invalid`);
    await store.setAppUser(q, tenantId, key.id, userId);
    await audit(q, { tenantId, actorId: null, action: "apikey.app-user-created", subjectType: "api_key", subjectId: key.id, data: { userId } });
    return userId;
  }
  const digest = createHash("sha256").update(`${key.id}\n${reporter.identity.toLowerCase()}`).digest("hex").slice(0, 20);
  const email = `apikey-${key.id}-${digest}@apps.balai.invalid`;
  const existing = await findUserByIdentifier(q, tenantId, { kind: "email", value: email });
  if (existing) return existing.id;
  const name = reporter.name ? `${reporter.name} (via ${appName})` : `${appName}: pelapor ${digest.slice(0, 6)}`;
  const userId = await insertAppUser(q, tenantId, name.slice(0, 160), email);
  await audit(q, { tenantId, actorId: null, action: "apikey.app-user-created", subjectType: "api_key", subjectId: key.id, data: { userId } });
  return userId;
}

async function insertAppUser(q: Queryable, tenantId: string, name: string, email: string): Promise<string> {
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  return ensureUserByEmail(q, { tenantId, kind: "citizen", name, email, passwordHash, verified: false });
}
