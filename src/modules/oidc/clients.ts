/**
 * OIDC clients of registered apps: created (secret shown once), listed with their sign-ins, revoked (every token,
 * code and grant of the client is deleted, and the client is no longer found, so its tokens fail introspection and
 * userinfo at once).
 */
import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Queryable } from "../../platform/db.ts";
import { badRequest, notFound, validationFailed } from "../../platform/errors.ts";
import { findApp } from "../registry/index.ts";
import { forgetProviders } from "./provider.ts";
import * as store from "./store.ts";

export interface NewClientInput {
  name: string;
  app: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** client_secret_basic (default), private_key_jwt (with jwks_uri or jwks), none (public client, PKCE only). */
  authMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
  jwksUri?: string;
  jwks?: { keys: Record<string, unknown>[] };
  /** Machine-to-machine: client_credentials instead of authorization_code. */
  grantTypes?: ("authorization_code" | "refresh_token" | "client_credentials")[];
  scopes?: string[];
  /** NIK only with a registered purpose and retention (UU PDP 27/2022). */
  nikPurpose?: string;
  nikRetentionDays?: number;
  subjectType?: "pairwise" | "public";
}

export interface OidcClientView {
  clientId: string;
  name: string;
  appId: string;
  appKey: string;
  appName: string;
  redirectUris: string[];
  grantTypes: string[];
  scope: string;
  authMethod: string;
  nikPurpose: string | null;
  createdAt: string;
  revokedAt: string | null;
  signIns: number;
  lastSignIn: string | null;
}

const isUri = (u: string) => {
  try {
    const url = new URL(u);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.hash;
  } catch {
    return false;
  }
};

export async function createClient(q: Queryable, tenantId: string, input: NewClientInput, actorId: string | null) {
  const app = await findApp(q, tenantId, input.app);
  if (!app) throw badRequest("app-not-registered", { detail: `no registered application "${input.app}": register it first (registry)` });
  if (app.status === "retired") throw badRequest("app-retired", { detail: `application ${app.key} is retired` });
  const grantTypes = input.grantTypes ?? ["authorization_code", "refresh_token"];
  const interactive = grantTypes.includes("authorization_code");
  if (interactive && !input.redirectUris.length) throw validationFailed([{ field: "redirectUris", code: "required" }]);
  input.redirectUris.forEach((u, i) => {
    if (!isUri(u)) throw validationFailed([{ field: `redirectUris.${i}`, code: "format" }]);
  });
  const scopes = new Set(input.scopes ?? (interactive ? ["openid", "profile", "email", "phone", "offline_access"] : []));
  if (scopes.has("nik") && !(input.nikPurpose && input.nikRetentionDays))
    throw badRequest("nik-purpose-required", { detail: "the nik scope needs a registered purpose and retention (UU PDP 27/2022)" });
  const authMethod = input.authMethod ?? "client_secret_basic";
  if (authMethod === "private_key_jwt" && !input.jwksUri && !input.jwks)
    throw validationFailed([{ field: "jwksUri", code: "required", message: "private_key_jwt needs jwks_uri or jwks" }]);
  if (authMethod === "none" && grantTypes.includes("client_credentials"))
    throw badRequest("public-client-credentials", { detail: "a public client cannot use client_credentials" });
  const clientId = `${app.key}-${randomBytes(6).toString("hex")}`;
  const secret = authMethod === "client_secret_basic" || authMethod === "client_secret_post" ? randomBytes(32).toString("base64url") : undefined;
  const metadata: Record<string, unknown> = {
    client_id: clientId,
    client_name: input.name,
    grant_types: grantTypes,
    response_types: interactive ? ["code"] : [],
    redirect_uris: interactive ? input.redirectUris : [],
    post_logout_redirect_uris: input.postLogoutRedirectUris ?? [],
    token_endpoint_auth_method: authMethod,
    ...(scopes.size ? { scope: [...scopes].join(" ") } : {}),
    subject_type: input.subjectType ?? "pairwise",
    ...(secret ? { client_secret: secret } : {}),
    ...(input.jwksUri ? { jwks_uri: input.jwksUri } : {}),
    ...(input.jwks ? { jwks: input.jwks } : {}),
    balai: { nikPurpose: input.nikPurpose ?? null, nikRetentionDays: input.nikRetentionDays ?? null },
  };
  await store.insertClient(q, { tenantId, clientId, appId: app.id, name: input.name, metadata, createdBy: actorId });
  await audit(q, {
    tenantId,
    actorId,
    action: "oidc.client.created",
    subjectType: "oidc_client",
    subjectId: clientId,
    data: { app: app.key, name: input.name, grantTypes },
  });
  q.afterCommit(() => forgetProviders(tenantId));
  const view = await getClient(q, tenantId, clientId);
  // The secret last: the CLI prints it as the final field.
  return { ...view, client_id: clientId, ...(secret ? { client_secret: secret } : {}) };
}

function toView(r: store.ClientRow, apps: Map<string, { key: string; name: string }>): OidcClientView {
  const meta = (typeof r.metadata === "string" ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown>;
  const balai = (meta.balai ?? {}) as { nikPurpose?: string | null };
  const app = apps.get(r.app_id);
  return {
    clientId: r.client_id,
    name: r.name,
    appId: r.app_id,
    appKey: app?.key ?? "",
    appName: app?.name ?? "",
    redirectUris: (meta.redirect_uris as string[]) ?? [],
    grantTypes: (meta.grant_types as string[]) ?? [],
    scope: (meta.scope as string) ?? "",
    authMethod: (meta.token_endpoint_auth_method as string) ?? "",
    nikPurpose: balai.nikPurpose ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    signIns: r.sign_ins,
    lastSignIn: r.last_sign_in ? new Date(r.last_sign_in).toISOString() : null,
  };
}

export async function getClient(q: Queryable, tenantId: string, clientId: string): Promise<OidcClientView> {
  const row = await store.getClient(q, tenantId, clientId);
  if (!row) throw notFound();
  const app = await findApp(q, tenantId, row.app_id);
  return toView(row, new Map(app ? [[app.id, app]] : []));
}

export async function listClients(q: Queryable, tenantId: string, listApps: (q: Queryable, t: string) => Promise<{ id: string; key: string; name: string }[]>) {
  const [rows, apps] = await Promise.all([store.listClients(q, tenantId), listApps(q, tenantId)]);
  const byId = new Map(apps.map((a) => [a.id, a]));
  return rows.map((r) => toView(r, byId));
}

export async function revokeClient(q: Queryable, tenantId: string, clientId: string, actorId: string | null): Promise<OidcClientView> {
  if (!(await store.markClientRevoked(q, tenantId, clientId))) {
    await getClient(q, tenantId, clientId); // 404 when unknown
    throw badRequest("client-already-revoked");
  }
  await store.destroyClientArtefacts(q, tenantId, clientId);
  await audit(q, { tenantId, actorId, action: "oidc.client.revoked", subjectType: "oidc_client", subjectId: clientId });
  q.afterCommit(() => forgetProviders(tenantId));
  return getClient(q, tenantId, clientId);
}
