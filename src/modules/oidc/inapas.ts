/**
 * "Masuk dengan INApas": Balai as a relying party of INApas, the national digital identity's OpenID Connect provider
 * (openid-client). Authorization code + PKCE S256 with state and nonce; the token endpoint authenticated with
 * private_key_jwt (the EC key registered with INApas) or a client secret. The returned identity signs in the account
 * already linked to it; else an account with the same NIK or e-mail is offered for linking, which the citizen
 * confirms by signing in to it; else a new citizen account is made. The NIK INApas vouches for is kept with the link.
 */
import { randomBytes } from "node:crypto";
import { importJWK } from "jose";
import * as oc from "openid-client";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import { createSession } from "../../platform/auth/sessions.ts";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Config, InapasSettings } from "../../platform/config.ts";
import type { Db } from "../../platform/db.ts";
import { AppError, badRequest, forbidden } from "../../platform/errors.ts";
import { findUserById, findUserByIdentifier, insertUser, parseIdentifier } from "../accounts/index.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

const PROVIDER = "inapas";
const PENDING_TTL = 600;
const configs = new LruMap<string, Promise<oc.Configuration>>(64);

async function configuration(s: InapasSettings): Promise<oc.Configuration> {
  const key = `${s.issuer}\n${s.clientId}`;
  let c = configs.get(key);
  if (!c) {
    c = (async () => {
      const auth = s.privateJwk
        ? oc.PrivateKeyJwt({
            key: (await importJWK(s.privateJwk, (s.privateJwk.alg as string) ?? "ES512")) as CryptoKey,
            kid: s.privateJwk.kid as string | undefined,
          })
        : oc.ClientSecretPost(s.clientSecret);
      return oc.discovery(new URL(s.issuer), s.clientId, undefined, auth, s.issuer.startsWith("http:") ? { execute: [oc.allowInsecureRequests] } : undefined);
    })().catch((err) => {
      configs.delete(key);
      throw err;
    });
    configs.set(key, c);
  }
  return c;
}

export function inapasOf(config: Config): InapasSettings {
  if (!config.inapas) throw new AppError("inapas-not-configured", 404);
  return config.inapas;
}

/** Starts a sign-in: the INApas URL to send the browser to, and the state for its cookie. */
export async function startSignIn(db: Db, tenantId: string, s: InapasSettings, redirectUri: string, next: string) {
  let config: oc.Configuration;
  try {
    config = await configuration(s);
  } catch {
    throw new AppError("inapas-unavailable", 502);
  }
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const nonce = oc.randomNonce();
  await store.upsertModel(db, { tenantId, kind: "InapasSignIn", id: state, payload: { verifier, nonce, next, redirectUri }, expiresIn: PENDING_TTL });
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: s.scope,
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state };
}

export type CallbackOutcome =
  | { kind: "signed-in"; session: { token: string; csrfToken: string; expiresAt: Date }; next: string }
  | { kind: "confirm-link"; token: string };

/** The browser's return from INApas: the code exchanged, the identity read, the account found, linked or made. */
export async function finishSignIn(
  db: Db,
  tenantId: string,
  s: InapasSettings,
  currentUrl: URL,
  cookieState: string | undefined,
  sessionHours: number,
): Promise<CallbackOutcome> {
  const state = currentUrl.searchParams.get("state") ?? "";
  if (!state || state !== cookieState) throw badRequest("inapas-state-mismatch");
  const pending = await store.findModel(db, tenantId, "InapasSignIn", "id", state);
  if (!pending) throw badRequest("inapas-state-mismatch");
  await store.destroyModel(db, tenantId, "InapasSignIn", state);
  const p = (typeof pending.payload === "string" ? JSON.parse(pending.payload) : pending.payload) as {
    verifier: string;
    nonce: string;
    next: string;
    redirectUri: string;
  };
  if (currentUrl.searchParams.get("error"))
    throw new AppError("inapas-declined", 401, { detail: currentUrl.searchParams.get("error_description") ?? undefined });
  const config = await configuration(s);
  let claims: Record<string, unknown>;
  try {
    const callback = new URL(p.redirectUri);
    callback.search = currentUrl.search;
    const tokens = await oc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: p.verifier,
      expectedState: state,
      expectedNonce: p.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims() as Record<string, unknown>;
    const info = await oc.fetchUserInfo(config, tokens.access_token, idClaims.sub as string);
    claims = { ...idClaims, ...info };
  } catch (err) {
    throw new AppError("inapas-failed", 502, { detail: (err as { error?: string }).error ?? "the INApas token exchange failed" });
  }
  const subject = String(claims.sub);
  const rawNik = claims[s.nikClaim];
  const nik = typeof rawNik === "string" && /^\d{16}$/.test(rawNik) ? rawNik : null;

  const linked = await store.linkBySubject(db, tenantId, PROVIDER, subject);
  if (linked) {
    const session = await signIn(db, tenantId, linked.user_id, sessionHours, "user.login.inapas");
    return { kind: "signed-in", session, next: safeNext(p.next) };
  }
  const email = typeof claims.email === "string" ? claims.email : undefined;
  const byNik = nik ? await store.linkByNik(db, tenantId, nik) : undefined;
  const byEmail = !byNik && email ? await findUserByIdentifier(db, tenantId, parseIdentifier(email)) : undefined;
  const candidate = byNik?.user_id ?? byEmail?.id;
  if (candidate) {
    const token = randomBytes(24).toString("base64url");
    await store.upsertModel(db, {
      tenantId,
      kind: "InapasLink",
      id: token,
      payload: { userId: candidate, subject, nik, next: p.next },
      expiresIn: PENDING_TTL,
    });
    return { kind: "confirm-link", token };
  }
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : "Warga INApas";
  const session = await db.tx(async (q) => {
    const user = await insertUser(q, {
      tenantId,
      kind: "citizen",
      name,
      email: email ?? null,
      phone: null,
      passwordHash: await hashPassword(randomBytes(24).toString("base64url")),
      verified: true,
    });
    await store.insertLink(q, { tenantId, provider: PROVIDER, subject, userId: user.id, nik });
    await audit(q, { tenantId, actorId: user.id, action: "user.signup.inapas", subjectType: "user", subjectId: user.id });
    return createSession(q, { tenantId, userId: user.id, ttlHours: sessionHours, mfaPending: false });
  });
  return { kind: "signed-in", session, next: safeNext(p.next) };
}

async function signIn(db: Db, tenantId: string, userId: string, hours: number, action: string) {
  const user = await findUserById(db, tenantId, userId);
  if (!user || user.disabled_at) throw forbidden("account-disabled");
  const mfa = user.kind === "staff" && !!user.totp_enabled_at;
  return db.tx(async (q) => {
    const s = await createSession(q, { tenantId, userId, ttlHours: mfa ? 1 : hours, mfaPending: mfa });
    await audit(q, { tenantId, actorId: userId, action, subjectType: "user", subjectId: userId });
    return s;
  });
}

const safeNext = (next: string) => (/^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : "/");

const mask = (s: string | null) =>
  s ? s.replace(/^(.)(.*)(@.*)$/, (_m, a: string, b: string, c: string) => `${a}${"*".repeat(Math.min(b.length, 6))}${c}`) : null;

/** What the confirmation page shows about a pending link: the account it would join (masked). */
export async function pendingLink(db: Db, tenantId: string, token: string) {
  const row = await store.findModel(db, tenantId, "InapasLink", "id", token);
  if (!row) throw new AppError("inapas-link-expired", 410);
  const p = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as { userId: string; nik: string | null };
  const user = await findUserById(db, tenantId, p.userId);
  if (!user) throw new AppError("inapas-link-expired", 410);
  return { account: mask(user.email) ?? (user.phone ? `${user.phone.slice(0, 5)}****${user.phone.slice(-3)}` : ""), nikMatched: p.nik !== null };
}

/** The citizen, signed in to the offered account, confirms: the INApas identity (and its NIK) is linked to it. */
export async function confirmLink(db: Db, tenantId: string, token: string, actor: Actor) {
  return db.tx(async (q) => {
    const row = await store.findModel(q, tenantId, "InapasLink", "id", token);
    if (!row) throw new AppError("inapas-link-expired", 410);
    const p = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as {
      userId: string;
      subject: string;
      nik: string | null;
      next: string;
    };
    if (p.userId !== actor.userId) throw forbidden("inapas-link-other-account");
    await store.insertLink(q, { tenantId, provider: PROVIDER, subject: p.subject, userId: actor.userId, nik: p.nik });
    await store.destroyModel(q, tenantId, "InapasLink", token);
    await audit(q, {
      tenantId,
      actorId: actor.userId,
      action: "user.inapas.linked",
      subjectType: "user",
      subjectId: actor.userId,
      data: { nik: p.nik !== null },
    });
    return { next: safeNext(p.next) };
  });
}
