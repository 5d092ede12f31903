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
  failed_logins: number;
  locked_until: Date | null;
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

export async function recordFailedLogin(q: Queryable, userId: string, maxFailures: number, lockMinutes: number): Promise<{ locked: boolean }> {
  const row = await q.one<{ locked: boolean }>(
    `UPDATE users SET failed_logins = failed_logins + 1,
        locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1 RETURNING (locked_until IS NOT NULL AND locked_until > now()) AS locked`,
    [userId, maxFailures, lockMinutes],
  );
  return { locked: !!row?.locked };
}

export async function clearFailedLogins(q: Queryable, userId: string): Promise<void> {
  await q.query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1", [userId]);
}

export async function insertCode(q: Queryable, c: { tenantId: string; userId: string; purpose: "verify" | "reset"; codeHash: string; minutes: number }) {
  // A new code replaces the old ones of the same purpose.
  await q.query("UPDATE one_time_codes SET used_at = now() WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL", [
    c.tenantId,
    c.userId,
    c.purpose,
  ]);
  await q.query(
    `INSERT INTO one_time_codes (tenant_id, user_id, purpose, code_hash, expires_at)
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
  forgetSessions();
  await q.query(`UPDATE users SET ${assignments} WHERE tenant_id = $1 AND id = $2`, [tenantId, userId, ...keys.map((k) => set[k as keyof typeof set])]);
}
