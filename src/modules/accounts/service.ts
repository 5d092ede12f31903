import { randomInt } from "node:crypto";
import { generateSecret, generateURI, verify as verifyOtp } from "otplib";
import type { Config } from "../../platform/config.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, conflict, forbidden, unauthorized } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import type { Locale } from "../../platform/i18n.ts";
import { enqueueNotification } from "../../platform/notify.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from "../../platform/auth/passwords.ts";
import { completeMfa, createSession, destroyOtherSessions, destroySession, destroyUserSessions, forgetSessions, sha256 } from "../../platform/auth/sessions.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import { type Identifier, normalizeEmail, normalizePhone, parseIdentifier } from "./identifiers.ts";
import * as protection from "./protection.ts";
import * as store from "./store.ts";

export interface AccountsCtx {
  db: Db;
  tenant: Tenant;
  locale: Locale;
  config: Config;
  /** The client's address (Fastify's req.ip), for sign-in throttling per client network. */
  clientIp: string;
}

const CODE_MINUTES = 10;
const MAX_CODE_ATTEMPTS = 5;

export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  mfaRequired: boolean;
}

const codeHash = (userId: string, code: string) => sha256(`${userId}:${code}`);

async function checkPassword(password: string, inputs: string[]) {
  const problems = await passwordProblems(password, inputs);
  if (problems.length) throw badRequest("weak-password", { fields: problems.map((code) => ({ field: "password", code })) });
}

const texts = {
  verify: {
    id: (city: string, code: string) => ({
      subject: `Kode konfirmasi Balai ${city}`,
      body: `Kode konfirmasi akun Balai ${city}: ${code}. Berlaku ${CODE_MINUTES} menit. Jangan berikan kode ini kepada siapa pun.`,
    }),
    en: (city: string, code: string) => ({
      subject: `Balai ${city} confirmation code`,
      body: `Your Balai ${city} confirmation code: ${code}. Valid for ${CODE_MINUTES} minutes. Never share this code.`,
    }),
  },
  reset: {
    id: (city: string, code: string) => ({
      subject: `Kode atur ulang kata sandi Balai ${city}`,
      body: `Kode untuk mengatur ulang kata sandi Balai ${city}: ${code}. Berlaku ${CODE_MINUTES} menit. Abaikan pesan ini jika Anda tidak memintanya.`,
    }),
    en: (city: string, code: string) => ({
      subject: `Balai ${city} password reset code`,
      body: `Your code to reset your Balai ${city} password: ${code}. Valid for ${CODE_MINUTES} minutes. Ignore this message if you did not ask for it.`,
    }),
  },
};

const destination = (user: store.UserRow) => (user.email ?? user.phone) as string;

/**
 * Sends a new code to the user's e-mail (or phone), unless that recipient has had its share of codes
 * (protection.takeCodeAllowance): then nothing is sent and the caller answers as usual. Call it first
 * in the transaction.
 */
async function sendCode(q: Queryable, ctx: AccountsCtx, user: store.UserRow, purpose: "verify" | "reset") {
  if (!(await protection.takeCodeAllowance(q, ctx.tenant.id, destination(user)))) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await store.insertCode(q, { tenantId: ctx.tenant.id, userId: user.id, purpose, codeHash: codeHash(user.id, code), minutes: CODE_MINUTES });
  const msg = texts[purpose][user.locale](ctx.tenant.name, code);
  const byEmail = !!user.email;
  await enqueueNotification(q, {
    tenantId: ctx.tenant.id,
    userId: user.id,
    channel: byEmail ? "email" : "sms",
    recipient: destination(user),
    template: `accounts.${purpose}-code`,
    ...msg,
  });
}

/** Checks a one-time code: counts the attempt, refuses after too many, marks it used when right. */
async function consumeCode(q: Queryable, ctx: AccountsCtx, userId: string, purpose: "verify" | "reset", code: string) {
  const row = await store.currentCode(q, ctx.tenant.id, userId, purpose);
  if (!row || row.expired) throw badRequest("invalid-code", { fields: [{ field: "code", code: "invalid-code" }] });
  if (row.attempts >= MAX_CODE_ATTEMPTS) return false;
  if (row.code_hash !== codeHash(userId, code.trim())) {
    await store.countCodeAttempt(q, row.id);
    return false;
  }
  await store.markCodeUsed(q, row.id);
  return true;
}

export async function signUp(
  ctx: AccountsCtx,
  input: { name: string; email?: string; phone?: string; password: string; locale?: Locale },
): Promise<{ userId: string; channel: "email" | "sms" }> {
  const fields = [];
  const email = input.email ? (normalizeEmail(input.email) ?? null) : null;
  const phone = input.phone ? (normalizePhone(input.phone) ?? null) : null;
  if (input.email && !email) fields.push({ field: "email", code: "invalid-email" });
  if (input.phone && !phone) fields.push({ field: "phone", code: "invalid-phone" });
  if (!input.email && !input.phone) fields.push({ field: "email", code: "identifier-required" });
  if (!input.name.trim()) fields.push({ field: "name", code: "required" });
  if (fields.length) throw badRequest("validation-failed", { fields });
  await checkPassword(input.password, [input.name, email ?? "", phone ?? ""]);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.tx(async (q) => {
    for (const id of [email && { kind: "email" as const, value: email }, phone && { kind: "phone" as const, value: phone }]) {
      if (id && (await store.findUserByIdentifier(q, ctx.tenant.id, id))) {
        throw conflict("identifier-taken", { fields: [{ field: id.kind, code: "identifier-taken" }] });
      }
    }
    const user = await store.insertUser(q, {
      tenantId: ctx.tenant.id,
      kind: "citizen",
      name: input.name.trim(),
      email,
      phone,
      passwordHash,
      verified: false,
      locale: input.locale ?? ctx.locale,
    });
    await sendCode(q, ctx, user, "verify");
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.signup", subjectType: "user", subjectId: user.id, data: { kind: "citizen" } });
    await emit(q, ctx.tenant.id, "user.signed-up", { userId: user.id });
    return { userId: user.id, channel: email ? "email" : "sms" };
  });
}

/**
 * Sends a code to the account of `identifier` when `eligible` says it may have one, else takes the recipient's
 * allowance all the same: one answer whether or not the account exists, and whether or not the limit is reached.
 */
async function sendCodeIfEligible(ctx: AccountsCtx, identifier: string, purpose: "verify" | "reset", eligible: (u: store.UserRow) => boolean) {
  const id = parseIdentifier(identifier);
  await ctx.db.tx(async (q) => {
    const user = await store.findUserByIdentifier(q, ctx.tenant.id, id, true);
    if (user && eligible(user)) await sendCode(q, ctx, user, purpose);
    else await protection.takeCodeAllowance(q, ctx.tenant.id, id.value);
  });
}

export async function resendVerification(ctx: AccountsCtx, identifier: string): Promise<void> {
  await sendCodeIfEligible(ctx, identifier, "verify", (u) => !u.verified_at);
}

export async function confirmSignUp(ctx: AccountsCtx, identifier: string, code: string): Promise<IssuedSession> {
  const id = parseIdentifier(identifier);
  const result = await ctx.db.tx(async (q) => {
    const user = await store.findUserByIdentifier(q, ctx.tenant.id, id, true);
    if (!user || user.verified_at) return { ok: false as const };
    if (!(await consumeCode(q, ctx, user.id, "verify", code))) return { ok: false as const };
    await store.updateUser(q, ctx.tenant.id, user.id, { verified_at: new Date() });
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.verified", subjectType: "user", subjectId: user.id });
    const session = await createSession(q, { tenantId: ctx.tenant.id, userId: user.id, ttlHours: ctx.config.sessionTtlHours, mfaPending: false });
    return { ok: true as const, session };
  });
  if (!result.ok) throw badRequest("invalid-code", { fields: [{ field: "code", code: "invalid-code" }] });
  return { ...result.session, mfaRequired: false };
}

/**
 * Password sign-in. Unknown identifiers go through the same steps (throttle, an argon2 check against a
 * dummy hash, failure counting) and get the same answers as wrong passwords; throttling is per
 * identifier and client network, so strangers cannot lock anyone out (docs/security.md).
 */
export async function logIn(ctx: AccountsCtx, identifier: string, password: string): Promise<IssuedSession> {
  let id: Identifier | undefined;
  try {
    id = parseIdentifier(identifier);
  } catch {
    id = undefined;
  }
  const key = id ? `${id.kind}:${id.value}` : `raw:${identifier.trim().toLowerCase()}`;
  await protection.admitLoginAttempt(ctx.db, ctx.tenant.id, key, ctx.clientIp);
  const user = id ? await store.findUserByIdentifier(ctx.db, ctx.tenant.id, id) : undefined;
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  const outcome = await ctx.db.tx(async (q) => {
    if (!user || !ok) {
      await protection.recordLoginFailure(q, ctx.tenant.id, key, ctx.clientIp);
      if (user) await audit(q, { tenantId: ctx.tenant.id, actorId: null, action: "user.login-failed", subjectType: "user", subjectId: user.id });
      return { error: unauthorized("invalid-credentials") };
    }
    await protection.forgetClientAttempts(q, ctx.tenant.id, key, ctx.clientIp);
    if (user.disabled_at) return { error: forbidden("account-disabled") };
    if (!user.verified_at) {
      await sendCode(q, ctx, user, "verify");
      return { error: forbidden("account-not-verified") };
    }
    const mfa = user.kind === "staff" && !!user.totp_enabled_at;
    const session = await createSession(q, { tenantId: ctx.tenant.id, userId: user.id, ttlHours: mfa ? 1 : ctx.config.sessionTtlHours, mfaPending: mfa });
    if (!mfa) await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.login", subjectType: "user", subjectId: user.id });
    return { session: { ...session, mfaRequired: mfa } };
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.session;
}

/**
 * Second step of a staff login with TOTP: turns the pending session into a full one. Wrong codes are
 * counted per user and client network; past the limit the pending session ends (sign in again later).
 */
export async function completeTotpLogin(ctx: AccountsCtx, actor: Actor, code: string): Promise<void> {
  if (!actor.mfaPending) throw badRequest("bad-request");
  const user = await store.findUserById(ctx.db, ctx.tenant.id, actor.userId);
  if (!user?.totp_secret) throw unauthorized();
  if (!(await protection.admitTotpAttempt(ctx.db, ctx.tenant.id, user.id, ctx.clientIp))) {
    await ctx.db.tx(async (q) => {
      await destroySession(q, actor.sessionId);
      await audit(q, { tenantId: ctx.tenant.id, actorId: null, action: "user.totp-throttled", subjectType: "user", subjectId: user.id });
    });
    throw protection.tooManyLoginAttempts();
  }
  const valid = (await verifyOtp({ secret: user.totp_secret, token: code.trim(), epochTolerance: 30 })).valid;
  const err = await ctx.db.tx(async (q) => {
    if (!valid) {
      await audit(q, { tenantId: ctx.tenant.id, actorId: null, action: "user.totp-failed", subjectType: "user", subjectId: user.id });
      return badRequest("invalid-totp", { fields: [{ field: "code", code: "invalid-totp" }] });
    }
    await protection.forgetTotpAttempts(q, ctx.tenant.id, user.id, ctx.clientIp);
    await forgetSessions(q);
    await completeMfa(q, actor.sessionId, ctx.config.sessionTtlHours);
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.login", subjectType: "user", subjectId: user.id, data: { mfa: "totp" } });
    return undefined;
  });
  if (err) throw err;
}

export async function logOut(ctx: AccountsCtx, actor: Actor): Promise<void> {
  await ctx.db.tx(async (q) => {
    await destroySession(q, actor.sessionId);
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "user.logout", subjectType: "user", subjectId: actor.userId });
  });
}

export async function requestPasswordReset(ctx: AccountsCtx, identifier: string): Promise<void> {
  await sendCodeIfEligible(ctx, identifier, "reset", (u) => !u.disabled_at);
}

export async function resetPassword(ctx: AccountsCtx, identifier: string, code: string, password: string): Promise<void> {
  const id = parseIdentifier(identifier);
  await checkPassword(password, [id.value]);
  const user = await store.findUserByIdentifier(ctx.db, ctx.tenant.id, id);
  if (!user) throw badRequest("invalid-code", { fields: [{ field: "code", code: "invalid-code" }] });
  await checkPassword(password, [user.name, user.email ?? "", user.phone ?? ""]);
  const passwordHash = await hashPassword(password);
  const ok = await ctx.db.tx(async (q) => {
    if (!(await consumeCode(q, ctx, user.id, "reset", code))) return false;
    await store.updateUser(q, ctx.tenant.id, user.id, { password_hash: passwordHash, ...(user.verified_at ? {} : { verified_at: new Date() }) });
    await destroyUserSessions(q, ctx.tenant.id, user.id);
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.password-reset", subjectType: "user", subjectId: user.id });
    return true;
  });
  if (!ok) throw badRequest("invalid-code", { fields: [{ field: "code", code: "invalid-code" }] });
}

export async function changePassword(ctx: AccountsCtx, actor: Actor, current: string, next: string): Promise<void> {
  const user = await store.findUserById(ctx.db, ctx.tenant.id, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, current))) {
    throw badRequest("invalid-credentials", { fields: [{ field: "currentPassword", code: "invalid-credentials" }] });
  }
  await checkPassword(next, [user.name, user.email ?? "", user.phone ?? ""]);
  const passwordHash = await hashPassword(next);
  await ctx.db.tx(async (q) => {
    await store.updateUser(q, ctx.tenant.id, user.id, { password_hash: passwordHash });
    await destroyOtherSessions(q, ctx.tenant.id, user.id, actor.sessionId);
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.password-changed", subjectType: "user", subjectId: user.id });
  });
}

export async function startTotpEnrolment(ctx: AccountsCtx, actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
  if (actor.kind !== "staff") throw forbidden();
  const secret = generateSecret();
  await ctx.db.tx(async (q) => {
    await store.updateUser(q, ctx.tenant.id, actor.userId, { totp_secret: secret, totp_enabled_at: null });
    await audit(q, { tenantId: ctx.tenant.id, actorId: actor.userId, action: "user.totp-enrolment-started", subjectType: "user", subjectId: actor.userId });
  });
  const label = actor.email ?? actor.phone ?? actor.name;
  return { secret, otpauthUrl: generateURI({ issuer: `Balai ${ctx.tenant.name}`, label, secret }) };
}

export async function activateTotp(ctx: AccountsCtx, actor: Actor, code: string): Promise<void> {
  const user = await store.findUserById(ctx.db, ctx.tenant.id, actor.userId);
  if (!user?.totp_secret || user.totp_enabled_at) throw badRequest("totp-not-pending");
  const valid = (await verifyOtp({ secret: user.totp_secret, token: code.trim(), epochTolerance: 30 })).valid;
  if (!valid) throw badRequest("invalid-totp", { fields: [{ field: "code", code: "invalid-totp" }] });
  await ctx.db.tx(async (q) => {
    await store.updateUser(q, ctx.tenant.id, user.id, { totp_enabled_at: new Date() });
    await audit(q, { tenantId: ctx.tenant.id, actorId: user.id, action: "user.totp-enabled", subjectType: "user", subjectId: user.id });
  });
}

export async function updateProfile(ctx: AccountsCtx, actor: Actor, input: { name?: string; locale?: Locale }): Promise<void> {
  await ctx.db.tx(async (q) => {
    await store.updateUser(q, ctx.tenant.id, actor.userId, {
      ...(input.name?.trim() ? { name: input.name.trim() } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
    });
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "user.profile-updated",
      subjectType: "user",
      subjectId: actor.userId,
      data: { fields: Object.keys(input) },
    });
  });
}
