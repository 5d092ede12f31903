/**
 * Balai as an OpenID Connect provider (oidc-provider), one instance per tenant and issuer, built from the stored
 * keys and kept in memory; a key rotation or client change drops it (`forgetProviders`).
 */
import { createHash } from "node:crypto";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC, OidcClient } from "oidc-provider";
import type { Db } from "../../platform/db.ts";
import { findUserById } from "../accounts/index.ts";
import { adapterFactory } from "./adapter.ts";
import { loadKeys } from "./keys.ts";
import { logoutSource, postLogoutSuccessSource, renderError } from "./pages.ts";
import * as store from "./store.ts";
import { LruMap } from "../../platform/lru.ts";

/** Scopes an OPD app may be granted; `nik` only for clients with a registered purpose and retention. */
export const OIDC_SCOPES = ["openid", "offline_access", "profile", "email", "phone", "nik"] as const;

export const CLAIMS = {
  openid: ["sub"],
  profile: ["name", "locale"],
  email: ["email", "email_verified"],
  phone: ["phone_number", "phone_number_verified"],
  nik: ["nik"],
};

export const TTL = {
  AccessToken: 600,
  AuthorizationCode: 60,
  ClientCredentials: 600,
  IdToken: 3600,
  Interaction: 3600,
  Grant: 30 * 86400,
  RefreshToken: 30 * 86400,
  Session: 12 * 3600,
};

// One provider per tenant and issuer, the 128 most recently used (its state lives in the store: a forgotten one is rebuilt).
const providers = new LruMap<string, Promise<Provider>>(128);

export function forgetProviders(tenantId?: string) {
  for (const key of [...providers.keys()]) if (!tenantId || key.startsWith(`${tenantId}\n`)) providers.delete(key);
}

export function providerFor(db: Db, tenantId: string, issuer: string, opts: { proxy: boolean }): Promise<Provider> {
  const key = `${tenantId}\n${issuer}`;
  let p = providers.get(key);
  if (!p) {
    p = build(db, tenantId, issuer, opts).catch((err) => {
      providers.delete(key);
      throw err;
    });
    providers.set(key, p);
  }
  return p;
}

async function build(db: Db, tenantId: string, issuer: string, opts: { proxy: boolean }): Promise<Provider> {
  const keys = await db.tx((q) => loadKeys(q, tenantId));
  // oidc-provider (~45 MB resident with Koa) is loaded with the first tenant that serves sign-in, not at start-up.
  const { default: OidcProvider } = await import("oidc-provider");
  const provider = new OidcProvider(issuer, {
    adapter: adapterFactory(db, tenantId),
    jwks: { keys: keys.signing },
    cookies: { keys: keys.cookie, names: { session: "balai_oidc", interaction: "balai_oidc_int", resume: "balai_oidc_resume" } },
    claims: CLAIMS,
    scopes: [...OIDC_SCOPES],
    subjectTypes: ["public", "pairwise"],
    pairwiseIdentifier: async (_ctx: KoaContextWithOIDC, accountId: string, client: OidcClient) =>
      createHash("sha256").update(`${client.sectorIdentifier}\n${accountId}\n${keys.pairwiseSalt}`).digest("base64url"),
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      id_token_signed_response_alg: "RS256",
      token_endpoint_auth_method: "client_secret_basic",
      subject_type: "pairwise",
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Resource servers (confidential clients of this city) may introspect any token; a token is revoked by its own client.
      introspection: { enabled: true, allowedPolicy: async (_ctx: KoaContextWithOIDC, client: OidcClient) => client.clientAuthMethod !== "none" },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: KoaContextWithOIDC, client: OidcClient, token: { clientId?: string }) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/oidc/interaction/${interaction.uid}` },
    ttl: TTL,
    renderError,
    findAccount: (ctx: KoaContextWithOIDC, sub: string) => findAccount(db, tenantId, ctx, sub),
  });
  provider.proxy = opts.proxy;
  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const kind = ctx.oidc.params?.grant_type as "authorization_code" | "client_credentials" | "refresh_token";
    if (!["authorization_code", "client_credentials", "refresh_token"].includes(kind)) return;
    const accountId = (ctx.oidc.entities?.Account?.accountId as string | undefined) ?? null;
    store.recordSignIn(db, tenantId, ctx.oidc.client.clientId, accountId, kind).catch(() => {});
  });
  return provider;
}

async function findAccount(db: Db, tenantId: string, ctx: KoaContextWithOIDC, sub: string) {
  if (!/^[0-9a-f-]{36}$/i.test(sub)) return undefined;
  const user = await findUserById(db, tenantId, sub);
  if (!user || user.disabled_at) return undefined;
  const clientId = ctx.oidc?.client?.clientId as string | undefined;
  return {
    accountId: user.id,
    async claims() {
      const claims: Record<string, unknown> = {
        sub: user.id,
        name: user.name,
        locale: user.locale,
        email: user.email ?? undefined,
        email_verified: user.email ? user.verified_at !== null : undefined,
        phone_number: user.phone ?? undefined,
        phone_number_verified: user.phone ? user.verified_at !== null : undefined,
      };
      // NIK (UU PDP 27/2022): only to a client the citizen consented to, with a NIK Balai holds verified (INApas).
      if (clientId) {
        const consent = await store.nikConsent(db, tenantId, user.id, clientId);
        const nik = consent ? await store.nikOfUser(db, tenantId, user.id) : undefined;
        if (nik) claims.nik = nik.nik;
      }
      return claims;
    },
  };
}
