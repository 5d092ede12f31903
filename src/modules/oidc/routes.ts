import { Type } from "typebox";
import { type App, authorize, type Deps, requireActor } from "../../platform/http.ts";
import { tenantRead } from "../../platform/routes.ts";
import { Timestamp, Nullable } from "../../platform/responses.ts";
import { listApps } from "../registry/index.ts";
import { createClient, listClients, revokeClient } from "./clients.ts";
import { abortInteraction, finishConsent, finishLogin, viewInteraction } from "./interaction.ts";
import { rotateSigningKey } from "./keys.ts";
import { mountProvider, providerOf } from "./mount.ts";
import { forgetProviders, OIDC_SCOPES } from "./provider.ts";
import inapasRoutes from "./inapas-routes.ts";

const Uid = Type.Object({ uid: Type.String({ pattern: "^[\\w-]{10,64}$" }) });
const Redirect = Type.Object({ redirectTo: Type.String() });

const Interaction = Type.Object({
  uid: Type.String(),
  prompt: Type.Union([Type.Literal("login"), Type.Literal("consent")]),
  client: Type.Object({ clientId: Type.String(), name: Type.String() }),
  scopes: Type.Array(Type.String()),
  nik: Nullable(Type.Object({ purpose: Type.String(), retentionDays: Type.Integer() })),
  accountId: Nullable(Type.String()),
});

const ClientView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  appId: Type.String(),
  appKey: Type.String(),
  appName: Type.String(),
  redirectUris: Type.Array(Type.String()),
  grantTypes: Type.Array(Type.String()),
  scope: Type.String(),
  authMethod: Type.String(),
  nikPurpose: Nullable(Type.String()),
  createdAt: Timestamp(),
  revokedAt: Nullable(Timestamp()),
  signIns: Type.Integer(),
  lastSignIn: Nullable(Timestamp()),
});

const Uri = Type.String({ minLength: 8, maxLength: 500 });

/** Balai as OpenID Connect provider: /oidc (oidc-provider), the sign-in/consent steps, and Kominfo's client console. */
export default async function oidcRoutes(app: App, deps: Deps) {
  await mountProvider(app, deps);
  const tags = ["sso"];
  const raw = (req: { raw: import("node:http").IncomingMessage }, reply: { raw: import("node:http").ServerResponse }) => ({ req: req.raw, res: reply.raw });

  app.get(
    "/oidc/interaction/:uid/details",
    { schema: { tags, summary: "What an app asks for: the sign-in or consent step", params: Uid, response: { 200: Interaction } } },
    async (req, reply) => viewInteraction(deps.db, req.tenant.id, await providerOf(deps, req), raw(req, reply), req.params.uid),
  );
  app.post(
    "/oidc/interaction/:uid/login",
    { schema: { tags, summary: "Continue as the signed-in Balai user", params: Uid, response: { 200: Redirect } } },
    async (req, reply) => {
      const actor = requireActor(req);
      return { redirectTo: await finishLogin(await providerOf(deps, req), raw(req, reply), req.params.uid, actor) };
    },
  );
  app.post(
    "/oidc/interaction/:uid/consent",
    {
      schema: {
        tags,
        summary: "Grant the requested scopes (NIK only when shareNik is true)",
        params: Uid,
        body: Type.Object({ shareNik: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Redirect },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const provider = await providerOf(deps, req);
      return { redirectTo: await finishConsent(deps.db, req.tenant.id, provider, raw(req, reply), req.params.uid, actor, req.body?.shareNik === true) };
    },
  );
  app.post(
    "/oidc/interaction/:uid/abort",
    { schema: { tags, summary: "Decline: the app gets access_denied", params: Uid, response: { 200: Redirect } } },
    async (req, reply) => ({ redirectTo: await abortInteraction(await providerOf(deps, req), raw(req, reply), req.params.uid) }),
  );

  tenantRead(app, deps.db, "/api/admin/oidc/clients", { tags, permission: "sso.manage", response: Type.Array(ClientView) }, (db, tenantId) =>
    listClients(db, tenantId, listApps),
  );
  app.post(
    "/api/admin/oidc/clients",
    {
      schema: {
        tags,
        summary: "Issue an OIDC client to a registered app; the secret is in this response only",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            app: Type.String({ minLength: 2, maxLength: 64 }),
            redirectUris: Type.Array(Uri, { maxItems: 10 }),
            postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 10 })),
            authMethod: Type.Optional(
              Type.Union(["client_secret_basic", "client_secret_post", "private_key_jwt", "none"].map((m) => Type.Literal(m)) as never),
            ),
            jwksUri: Type.Optional(Uri),
            jwks: Type.Optional(
              Type.Object(
                { keys: Type.Array(Type.Object({ kty: Type.String({ maxLength: 10 }) }, { additionalProperties: true }), { minItems: 1, maxItems: 5 }) },
                { additionalProperties: false, description: "public keys for private_key_jwt" },
              ),
            ),
            grantTypes: Type.Optional(
              Type.Array(Type.Union(["authorization_code", "refresh_token", "client_credentials"].map((g) => Type.Literal(g)) as never), {
                minItems: 1,
                uniqueItems: true,
              }),
            ),
            scopes: Type.Optional(Type.Array(Type.Union(OIDC_SCOPES.map((s) => Type.Literal(s))), { uniqueItems: true })),
            nikPurpose: Type.Optional(Type.String({ minLength: 5, maxLength: 300 })),
            nikRetentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([ClientView, Type.Object({ client_id: Type.String(), client_secret: Type.Optional(Type.String()) })]) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "sso.manage");
      const created = await deps.db.tx((q) => createClient(q, req.tenant.id, req.body as never, actor.userId));
      return reply.status(201).header("cache-control", "no-store").send(created);
    },
  );
  app.post(
    "/api/admin/oidc/clients/:clientId/revoke",
    { schema: { tags, params: Type.Object({ clientId: Type.String({ pattern: "^[\\w-]{3,100}$" }) }), response: { 200: ClientView } } },
    async (req) => {
      const actor = authorize(req, "sso.manage");
      return deps.db.tx((q) => revokeClient(q, req.tenant.id, req.params.clientId, actor.userId));
    },
  );
  app.post(
    "/api/admin/oidc/keys/rotate",
    { schema: { tags, summary: "New signing key; the old ones stay published for two days", response: { 200: Type.Object({ kid: Type.String() }) } } },
    async (req) => {
      authorize(req, "sso.manage");
      const kid = await deps.db.tx((q) => rotateSigningKey(q, req.tenant.id));
      forgetProviders(req.tenant.id);
      return { kid };
    },
  );
  await inapasRoutes(app, deps);
}
