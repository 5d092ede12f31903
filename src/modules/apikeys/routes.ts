import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { tenantRead } from "../../platform/routes.ts";
import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey } from "./service.ts";

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  prefix: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Kominfo admins issue and revoke API keys for third-party apps (Open311 clients). */
export default async function apiKeyRoutes(app: App, deps: Deps) {
  const tags = ["api-keys"];
  tenantRead(app, deps.db, "/api/admin/api-keys", { tags, permission: "apikeys.manage", response: Type.Array(ApiKey) }, listApiKeys);
  app.post(
    "/api/admin/api-keys",
    {
      schema: {
        tags,
        summary: "Create a key (scopes default to [open311]); the full key is in this response only",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Optional(Type.Array(Type.Union(API_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "apikeys.manage");
      const created = await deps.db.tx((q) =>
        createApiKey(q, { tenantId: req.tenant.id, name: req.body.name, scopes: req.body.scopes ?? ["open311"], actorId: actor.userId }),
      );
      return reply.status(201).header("cache-control", "no-store").send(created);
    },
  );
  app.post(
    "/api/admin/api-keys/:id/revoke",
    { schema: { tags, params: Type.Object({ id: Type.String({ format: "uuid" }) }), response: { 200: ApiKey } } },
    async (req) => {
      const actor = authorize(req, "apikeys.manage");
      return deps.db.tx((q) => revokeApiKey(q, req.tenant.id, req.params.id, actor.userId));
    },
  );
}
