import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../platform/errors.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { sha256 } from "../../platform/auth/sessions.ts";
import * as store from "./store.ts";

/**
 * Sign-in protection (docs/security.md). Every decision here depends only on the identifier or recipient
 * as typed (normalized) and on the client's network, never on whether an account exists, so answers for
 * known and unknown accounts cannot be told apart. Counters live in PostgreSQL (`abuse_counters`), so
 * the limits hold across processes.
 */

/** Codes (sign-up, resend, password reset) sent to one recipient: 3 per 15 minutes and 10 per day. */
export const CODES_PER_15_MINUTES = 3;
export const CODES_PER_DAY = 10;
/** Sign-in attempts without success for one identifier from one client network within 15 minutes. */
export const LOGIN_ATTEMPTS_PER_CLIENT = 5;
/** Failed sign-ins for one identifier from all networks within 15 minutes before answers slow down. */
export const LOGIN_FAILURES_BEFORE_SLOWDOWN = 10;
export const SLOWDOWN_STEP_MS = 200;
export const SLOWDOWN_MAX_MS = 2000;
/** Wrong second-factor codes of one user from one client network within 15 minutes. */
export const TOTP_ATTEMPTS_PER_CLIENT = 5;

const FIVE_MINUTES = 300;

function codeLimits(recipient: string): store.CounterLimit[] {
  const keyHash = sha256(`code\n${recipient}`);
  return [
    { scope: "code-short", keyHash, secs: FIVE_MINUTES, buckets: 3, max: CODES_PER_15_MINUTES },
    { scope: "code-day", keyHash, secs: 3600, buckets: 24, max: CODES_PER_DAY },
  ];
}

/**
 * Counts one code for the recipient (a normalized e-mail or +62 phone number) if it is under both
 * limits. Runs the same statements whether or not the caller will send anything. Call it first in the
 * transaction that enqueues the code.
 */
export async function takeCodeAllowance(q: Queryable, tenantId: string, recipient: string): Promise<boolean> {
  if (randomInt(100) === 0) await store.pruneCounters(q, tenantId);
  return store.takeFromCounters(q, tenantId, codeLimits(recipient));
}

/**
 * The client's network: an IPv4 address, or the /64 prefix of an IPv6 address (one household or phone
 * usually holds a whole /64, so counting single IPv6 addresses would let one client rotate freely).
 */
export function clientNetwork(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!ip.includes(":")) return ip;
  const [head, tail] = ip.split("%")[0].toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g || "0", 16) || 0).toString(16))
    .join(":")}::/64`;
}

function loginLimits(identifierKey: string, ip: string) {
  const client: store.CounterLimit = {
    scope: "login-client",
    keyHash: sha256(`login\n${identifierKey}\n${clientNetwork(ip)}`),
    secs: FIVE_MINUTES,
    buckets: 3,
    max: LOGIN_ATTEMPTS_PER_CLIENT,
  };
  const account: store.CounterLimit = {
    scope: "login-account",
    keyHash: sha256(`login\n${identifierKey}`),
    secs: FIVE_MINUTES,
    buckets: 3,
    max: LOGIN_FAILURES_BEFORE_SLOWDOWN,
  };
  return { client, account };
}

export const tooManyLoginAttempts = () => new AppError("too-many-login-attempts", 429);

/**
 * Before a password is checked: counts the attempt against (identifier, client network) and refuses it
 * with 429 past the limit; when the identifier is failing from many networks, waits a little (slow
 * down, never lock: the owner on their own network still gets in).
 */
export async function admitLoginAttempt(db: Db, tenantId: string, identifierKey: string, ip: string): Promise<void> {
  const { client, account } = loginLimits(identifierKey, ip);
  const admitted = await db.tx((q) => store.takeFromCounters(q, tenantId, [client]));
  if (!admitted) throw tooManyLoginAttempts();
  const [failures] = await store.counterTotals(db, tenantId, [account]);
  const over = failures - LOGIN_FAILURES_BEFORE_SLOWDOWN;
  if (over > 0) await sleep(Math.min(SLOWDOWN_MAX_MS, over * SLOWDOWN_STEP_MS));
}

/** A wrong password (or unknown identifier): counts towards the identifier's slow-down. */
export async function recordLoginFailure(q: Queryable, tenantId: string, identifierKey: string, ip: string): Promise<void> {
  await store.bumpCounters(q, tenantId, [loginLimits(identifierKey, ip).account]);
}

/** A right password: the client starts afresh. */
export async function forgetClientAttempts(q: Queryable, tenantId: string, identifierKey: string, ip: string): Promise<void> {
  await store.clearCounter(q, tenantId, loginLimits(identifierKey, ip).client);
}

function totpLimit(userId: string, ip: string): store.CounterLimit {
  return { scope: "totp-client", keyHash: sha256(`totp\n${userId}\n${clientNetwork(ip)}`), secs: FIVE_MINUTES, buckets: 3, max: TOTP_ATTEMPTS_PER_CLIENT };
}

/** Counts a second-factor attempt of the user from this client network; false past the limit. */
export async function admitTotpAttempt(db: Db, tenantId: string, userId: string, ip: string): Promise<boolean> {
  return db.tx((q) => store.takeFromCounters(q, tenantId, [totpLimit(userId, ip)]));
}

export async function forgetTotpAttempts(q: Queryable, tenantId: string, userId: string, ip: string): Promise<void> {
  await store.clearCounter(q, tenantId, totpLimit(userId, ip));
}
