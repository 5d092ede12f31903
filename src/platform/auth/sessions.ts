import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db.ts";
import type { Actor, Grant } from "./roles.ts";
import { LruMap } from "../lru.ts";

export const newToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export async function createSession(
  q: Queryable,
  opts: { tenantId: string; userId: string; ttlHours: number; mfaPending: boolean },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(Date.now() + opts.ttlHours * 3600_000);
  await q.query("INSERT INTO sessions (id, tenant_id, user_id, csrf_token, mfa_pending, expires_at) VALUES ($1, $2, $3, $4, $5, $6)", [
    sha256(token),
    opts.tenantId,
    opts.userId,
    csrfToken,
    opts.mfaPending,
    expiresAt,
  ]);
  return { token, csrfToken, expiresAt };
}

interface SessionRow {
  session_id: string;
  csrf_token: string;
  mfa_pending: boolean;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  kind: "citizen" | "staff";
  name: string;
  email: string | null;
  phone: string | null;
  locale: "id" | "en";
  totp_enabled: boolean;
  disabled: boolean;
  grants: Grant[] | string | null;
}

export type SessionLookup = { status: "ok"; actor: Actor } | { status: "expired" } | { status: "none" };

/**
 * Signed-in requests come in bursts (a page load, an inbox with filters): a found session is kept in
 * memory for a few seconds, so most requests skip the session query. Any change to sessions, users
 * or grants clears the cache (`forgetSessions`) of this process at once and, through `NOTIFY balai_sessions`
 * sent in the changing transaction (so delivered when it commits), of every process sharing the store.
 */
export const SESSION_CACHE_MS = 3000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new LruMap<string, { until: number; actor: Actor; expiresAt: number }>(SESSION_CACHE_MAX);

export const SESSION_CHANNEL = "balai_sessions";

/**
 * Drops every cached session, here and (when the change commits) in every process listening
 * (`listenForSessionChanges`): call with the transaction that changes a session, a user or a role grant.
 */
export async function forgetSessions(q: Queryable): Promise<void> {
  sessionCache.clear();
  await q.query(`SELECT pg_notify('${SESSION_CHANNEL}', '')`);
}

/**
 * Clears this process's session cache whenever any process changes sessions, users or grants; returns the stop function.
 * `onCleared` runs after each clearing (for a watcher that must know the cache is fresh).
 */
export function listenForSessionChanges(
  db: { listen(channel: string, cb: () => void): Promise<() => Promise<void>> },
  onCleared?: () => void,
): Promise<() => Promise<void>> {
  return db.listen(SESSION_CHANNEL, () => {
    sessionCache.clear();
    onCleared?.();
  });
}

/** One query (or none, when cached): the session, its user and the user's role grants; tenant-scoped. */
export async function loadSession(q: Queryable, tenantId: string, token: string): Promise<SessionLookup> {
  const id = sha256(token);
  const cacheKey = `${tenantId}\n${id}`;
  const now = Date.now();
  const hit = sessionCache.get(cacheKey);
  if (hit && hit.until > now && hit.expiresAt > now) return { status: "ok", actor: hit.actor };
  const found = await querySession(q, tenantId, id);
  if (found.status === "ok") {
    sessionCache.set(cacheKey, { until: now + SESSION_CACHE_MS, actor: found.actor, expiresAt: found.expiresAt });
    return { status: "ok", actor: found.actor };
  }
  return found;
}

/** The user's role grants as a JSON array, for a query where `u` is the users row. */
const GRANTS_JSON = `(SELECT coalesce(json_agg(json_build_object('role', g.role, 'unitId', g.unit_id, 'unitCode', o.code,
                      'unitName', o.name, 'unitKind', o.kind) ORDER BY o.code, g.role), '[]'::json)
               FROM role_grants g JOIN org_units o ON o.id = g.unit_id AND o.tenant_id = g.tenant_id
              WHERE g.tenant_id = u.tenant_id AND g.user_id = u.id)`;

const grantsOf = (v: Grant[] | string | null) => (typeof v === "string" ? (JSON.parse(v) as Grant[]) : (v ?? []));

/**
 * A user acting without a login session (seeding, jobs acting for a named official): the same Actor a
 * session would give, with `sessionId` saying where it comes from. Undefined if there is no such user.
 */
export async function actorForUser(q: Queryable, tenantId: string, email: string, origin: string): Promise<Actor | undefined> {
  const u = await q.one<Omit<SessionRow, "session_id" | "csrf_token" | "mfa_pending" | "expires_at" | "last_seen_at">>(
    `SELECT u.id AS user_id, u.kind, u.name, u.email, u.phone, u.locale,
            (u.totp_enabled_at IS NOT NULL) AS totp_enabled, (u.disabled_at IS NOT NULL) AS disabled, ${GRANTS_JSON} AS grants
       FROM users u WHERE u.tenant_id = $1 AND u.email = $2`,
    [tenantId, email],
  );
  if (!u) return undefined;
  return {
    tenantId,
    userId: u.user_id,
    kind: u.kind,
    name: u.name,
    email: u.email,
    phone: u.phone,
    locale: u.locale,
    totpEnabled: u.totp_enabled,
    grants: grantsOf(u.grants),
    sessionId: origin,
    csrfToken: "",
    mfaPending: false,
  };
}

async function querySession(
  q: Queryable,
  tenantId: string,
  id: string,
): Promise<{ status: "ok"; actor: Actor; expiresAt: number } | { status: "expired" } | { status: "none" }> {
  const row = await q.one<SessionRow>(
    `SELECT s.id AS session_id, s.csrf_token, s.mfa_pending, s.expires_at, s.last_seen_at,
            u.id AS user_id, u.kind, u.name, u.email, u.phone, u.locale,
            (u.totp_enabled_at IS NOT NULL) AS totp_enabled, (u.disabled_at IS NOT NULL) AS disabled,
            ${GRANTS_JSON} AS grants
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
      WHERE s.id = $1 AND s.tenant_id = $2`,
    [id, tenantId],
  );
  if (!row) return { status: "none" };
  if (row.disabled || new Date(row.expires_at).getTime() <= Date.now()) {
    await q.query("DELETE FROM sessions WHERE id = $1", [row.session_id]);
    return { status: "expired" };
  }
  // Sliding expiry, written at most every five minutes.
  if (Date.now() - new Date(row.last_seen_at).getTime() > 5 * 60_000) {
    await q.query("UPDATE sessions SET last_seen_at = now() WHERE id = $1", [row.session_id]);
  }
  const grants = grantsOf(row.grants);
  return {
    status: "ok",
    expiresAt: new Date(row.expires_at).getTime(),
    actor: {
      tenantId,
      userId: row.user_id,
      kind: row.kind,
      name: row.name,
      email: row.email,
      phone: row.phone,
      locale: row.locale,
      totpEnabled: row.totp_enabled,
      grants,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      mfaPending: row.mfa_pending,
    },
  };
}

export async function destroySession(q: Queryable, sessionId: string): Promise<void> {
  await forgetSessions(q);
  await q.query("DELETE FROM sessions WHERE id = $1", [sessionId]);
}

export async function destroyUserSessions(q: Queryable, tenantId: string, userId: string): Promise<void> {
  await forgetSessions(q);
  await q.query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2", [tenantId, userId]);
}

/** Ends every other session of a user (a password change keeps the one it was made in). */
export async function destroyOtherSessions(q: Queryable, tenantId: string, userId: string, keepSessionId: string): Promise<void> {
  await q.query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3", [tenantId, userId, keepSessionId]);
}

/** A second factor was given: the session is no longer pending and lives `ttlHours` from now. Call `forgetSessions` in the same transaction. */
export async function completeMfa(q: Queryable, sessionId: string, ttlHours: number): Promise<void> {
  await q.query("UPDATE sessions SET mfa_pending = false, expires_at = now() + make_interval(hours => $2) WHERE id = $1", [sessionId, ttlHours]);
}
