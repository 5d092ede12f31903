import { forgetSessions } from "../../platform/auth/sessions.ts";
import type { Queryable } from "../../platform/db.ts";
import type { Identifier } from "./identifiers.ts";

export interface UserRow {
  id: string;
  tenant_id: string;
  kind: "citizen" | "staff";
  name: string;
  email: string | null;
  phone: string | null;
  nip: string | null;
  password_hash: string;
  verified_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  disabled_at: Date | null;
  locale: "id" | "en";
  created_at: Date;
}

export async function findUserByIdentifier(q: Queryable, tenantId: string, id: Identifier, forUpdate = false): Promise<UserRow | undefined> {
  const column = id.kind === "email" ? "email" : "phone";
  return q.one<UserRow>(`SELECT * FROM users WHERE tenant_id = $1 AND ${column} = $2${forUpdate ? " FOR UPDATE" : ""}`, [tenantId, id.value]);
}

export async function findUserById(q: Queryable, tenantId: string, userId: string): Promise<UserRow | undefined> {
  return q.one<UserRow>("SELECT * FROM users WHERE tenant_id = $1 AND id = $2", [tenantId, userId]);
}

/** The names of the users with these ids (who recorded or answered something, in other modules' views). */
export async function userNames(q: Queryable, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await q.query<{ id: string; name: string }>("SELECT id, name FROM users WHERE id = ANY($1::uuid[])", [`{${wanted.join(",")}}`]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertUser(
  q: Queryable,
  u: {
    tenantId: string;
    kind: "citizen" | "staff";
    name: string;
    email: string | null;
    phone: string | null;
    nip?: string | null;
    passwordHash: string;
    verified: boolean;
    locale?: string;
  },
): Promise<UserRow> {
  const row = await q.one<UserRow>(
    `INSERT INTO users (tenant_id, kind, name, email, phone, nip, password_hash, verified_at, locale)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::boolean THEN now() END, $9) RETURNING *`,
    [u.tenantId, u.kind, u.name, u.email, u.phone, u.nip ?? null, u.passwordHash, u.verified, u.locale ?? "id"],
  );
  return row as UserRow;
}

/**
 * The user with this e-mail, created when there is none (accounts nobody signs up for: an app's hidden reporter
 * accounts, the demo's staff). Returns its id.
 */
export async function ensureUserByEmail(
  q: Queryable,
  u: { tenantId: string; kind: "citizen" | "staff"; name: string; email: string; passwordHash: string; verified: boolean },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END)
     ON CONFLICT (tenant_id, email) WHERE email IS NOT NULL DO UPDATE SET name = users.name RETURNING id`,
    [u.tenantId, u.kind, u.name, u.email, u.passwordHash, u.verified],
  );
  return (row as { id: string }).id;
}

export async function insertCode(q: Queryable, c: { tenantId: string; userId: string; purpose: "verify" | "reset"; codeHash: string; minutes: number }) {
  // A new code replaces the old ones of the same purpose (one statement: the older codes are all used up).
  await q.query(
    `WITH replaced AS (
       UPDATE one_time_codes SET used_at = now() WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL RETURNING id)
     INSERT INTO one_time_codes (tenant_id, user_id, purpose, code_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [c.tenantId, c.userId, c.purpose, c.codeHash, c.minutes],
  );
}

export interface CodeRow {
  id: string;
  code_hash: string;
  attempts: number;
  expired: boolean;
}

export async function currentCode(q: Queryable, tenantId: string, userId: string, purpose: "verify" | "reset"): Promise<CodeRow | undefined> {
  return q.one<CodeRow>(
    `SELECT id, code_hash, attempts, (expires_at <= now()) AS expired FROM one_time_codes
     WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL
     ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    [tenantId, userId, purpose],
  );
}

export async function countCodeAttempt(q: Queryable, codeId: string): Promise<void> {
  await q.query("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1", [codeId]);
}

export async function markCodeUsed(q: Queryable, codeId: string): Promise<void> {
  await q.query("UPDATE one_time_codes SET used_at = now() WHERE id = $1", [codeId]);
}

export async function updateUser(
  q: Queryable,
  tenantId: string,
  userId: string,
  set: Partial<{
    name: string;
    nip: string | null;
    locale: string;
    password_hash: string;
    verified_at: Date;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    disabled_at: Date | null;
  }>,
): Promise<void> {
  const keys = Object.keys(set);
  if (!keys.length) return;
  const assignments = keys.map((k, i) => `${k} = $${i + 3}`).join(", ");
  await forgetSessions(q);
  await q.query(`UPDATE users SET ${assignments} WHERE tenant_id = $1 AND id = $2`, [tenantId, userId, ...keys.map((k) => set[k as keyof typeof set])]);
}

/** One limit on a counter of `abuse_counters`: at most `max` events within `buckets` buckets of `secs` seconds. */
export interface CounterLimit {
  scope: "code-short" | "code-day" | "login-client" | "login-account" | "totp-client";
  keyHash: string;
  secs: number;
  buckets: number;
  max: number;
}

const LIMITS = "json_to_recordset($2::json) AS w(scope text, key_hash text, secs int, buckets int, max int)";
const BUCKET = "to_timestamp(floor(extract(epoch FROM now()) / w.secs) * w.secs)";
const asRows = (limits: CounterLimit[]) => limits.map((l) => ({ scope: l.scope, key_hash: l.keyHash, secs: l.secs, buckets: l.buckets, max: l.max }));

/** Each limit's count over its span (the current bucket and the `buckets - 1` before it), in the order given. */
export async function counterTotals(q: Queryable, tenantId: string, limits: CounterLimit[]): Promise<number[]> {
  const rows = await q.query<{ scope: string; key_hash: string; total: number }>(
    `SELECT w.scope, w.key_hash, coalesce(sum(c.count), 0)::int AS total
       FROM ${LIMITS}
       LEFT JOIN abuse_counters c ON c.tenant_id = $1 AND c.scope = w.scope AND c.key_hash = w.key_hash
            AND c.bucket_start >= ${BUCKET} - make_interval(secs => (w.secs * (w.buckets - 1))::double precision)
      GROUP BY w.scope, w.key_hash`,
    [tenantId, asRows(limits)],
  );
  return limits.map((l) => rows.find((r) => r.scope === l.scope && r.key_hash === l.keyHash)?.total ?? 0);
}

/** Counts one event in the current bucket of each limit. */
export async function bumpCounters(q: Queryable, tenantId: string, limits: CounterLimit[]): Promise<void> {
  await q.query(
    `INSERT INTO abuse_counters (tenant_id, scope, key_hash, bucket_start, count)
     SELECT $1, w.scope, w.key_hash, ${BUCKET}, 1 FROM ${LIMITS}
     ON CONFLICT (tenant_id, scope, key_hash, bucket_start) DO UPDATE SET count = abuse_counters.count + 1`,
    [tenantId, asRows(limits)],
  );
}

/**
 * Counts one event if every limit is still below its maximum; false (and nothing counted) otherwise.
 * Holds the current buckets' rows locked until the caller's transaction ends, so concurrent callers in
 * any process are serialized: a limit holds across processes. Call it first in a transaction.
 */
export async function takeFromCounters(q: Queryable, tenantId: string, limits: CounterLimit[]): Promise<boolean> {
  await q.query(
    `INSERT INTO abuse_counters (tenant_id, scope, key_hash, bucket_start, count)
     SELECT $1, w.scope, w.key_hash, ${BUCKET}, 0 FROM ${LIMITS}
     ON CONFLICT (tenant_id, scope, key_hash, bucket_start) DO NOTHING`,
    [tenantId, asRows(limits)],
  );
  await q.query(
    `SELECT c.count FROM abuse_counters c
       JOIN ${LIMITS} ON c.scope = w.scope AND c.key_hash = w.key_hash AND c.bucket_start = ${BUCKET}
      WHERE c.tenant_id = $1
      ORDER BY c.scope, c.key_hash FOR UPDATE OF c`,
    [tenantId, asRows(limits)],
  );
  const totals = await counterTotals(q, tenantId, limits);
  if (totals.some((t, i) => t >= limits[i].max)) return false;
  await bumpCounters(q, tenantId, limits);
  return true;
}

/** Forgets a counter (e.g. a client's failed sign-ins after it signed in). */
export async function clearCounter(q: Queryable, tenantId: string, limit: CounterLimit): Promise<void> {
  await q.query("DELETE FROM abuse_counters WHERE tenant_id = $1 AND scope = $2 AND key_hash = $3", [tenantId, limit.scope, limit.keyHash]);
}

/** Drops buckets older than any limit's span (the longest is one day). */
export async function pruneCounters(q: Queryable, tenantId: string): Promise<void> {
  await q.query("DELETE FROM abuse_counters WHERE tenant_id = $1 AND bucket_start < now() - interval '2 days'", [tenantId]);
}
