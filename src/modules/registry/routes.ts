import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { tenantRead } from "../../platform/routes.ts";
import { Nullable } from "../../platform/responses.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { API_SCOPES } from "../apikeys/index.ts";
import { appApiKeys, appsWithApiUse, issueAppApiKey } from "./api-keys.ts";
import { frontRoutes } from "./routes-front.ts";
import { infraRoutes } from "./routes-infra.ts";
import { registerApp } from "./service.ts";

const Hosting = Type.Union([Type.Literal("balai"), Type.Literal("city"), Type.Literal("pdn")]);
const Classification = Type.Union([Type.Literal("public"), Type.Literal("internal"), Type.Literal("restricted"), Type.Literal("confidential")]);
const Status = Type.Union([Type.Literal("development"), Type.Literal("production"), Type.Literal("retired")]);

const RegistryApp = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  ownerUnitId: Nullable(Type.String()),
  ownerUnitName: Nullable(Type.String()),
  purpose: Type.String(),
  url: Nullable(Type.String()),
  hosting: Hosting,
  usesSplp: Type.Boolean(),
  dataProcessed: Type.String(),
  dataClassification: Classification,
  status: Status,
  lastSecurityAssessment: Nullable(Type.String()),
  duplicatesNational: Nullable(Type.String()),
  reviewDue: Nullable(Type.String()),
  reviewOverdue: Type.Boolean(),
  apiKeys: Type.Integer({ description: "live API keys issued to the app" }),
  lastApiCall: Nullable(Type.String({ description: "last use of any of its keys" })),
});

/** Kominfo's registry of the city's applications (docs/registry.md). */
export default async function registryRoutes(app: App, deps: Deps) {
  const tags = ["registry"];
  tenantRead(app, deps.db, "/api/admin/registry/apps", { tags, permission: "registry.read", response: Type.Array(RegistryApp) }, appsWithApiUse);
  app.post(
    "/api/admin/registry/apps",
    {
      schema: {
        tags,
        summary: "Register an OPD application",
        body: Type.Object(
          {
            key: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,62}$" }),
            name: Type.String({ minLength: 2, maxLength: 200 }),
            ownerUnitCode: Type.Optional(Type.String({ maxLength: 50 })),
            purpose: Type.Optional(Type.String({ maxLength: 2000 })),
            url: Type.Optional(Type.String({ maxLength: 500 })),
            hosting: Type.Optional(Hosting),
            usesSplp: Type.Optional(Type.Boolean()),
            dataProcessed: Type.Optional(Type.String({ maxLength: 2000 })),
            dataClassification: Type.Optional(Classification),
            status: Type.Optional(Status),
            lastSecurityAssessment: Type.Optional(DateOnly()),
            duplicatesNational: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: RegistryApp },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "registry.manage");
      const created = await registerApp(deps.db, req.tenant.id, req.body, actor.userId);
      return reply.status(201).send({ ...created, apiKeys: 0, lastApiCall: null });
    },
  );
  const AppKey = Type.Object({ key: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,62}$" }) });
  const ApiKey = Type.Object({
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    prefix: Type.String(),
    createdAt: Type.String(),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  });
  app.get(
    "/api/admin/registry/apps/:key/api-keys",
    { schema: { tags, summary: "The app's API keys and their last use", params: AppKey, response: { 200: Type.Array(ApiKey) } } },
    async (req) => {
      authorize(req, "registry.read");
      return appApiKeys(deps.db, req.tenant.id, req.params.key);
    },
  );
  app.post(
    "/api/admin/registry/apps/:key/api-keys",
    {
      schema: {
        tags,
        summary: "Issue an API key to a registered app (apikeys module); the key is in this response only",
        params: AppKey,
        body: Type.Object(
          { scopes: Type.Array(Type.Union(API_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "registry.manage");
      const created = await issueAppApiKey(deps.db, req.tenant.id, req.params.key, req.body.scopes, actor.userId);
      return reply.status(201).header("cache-control", "no-store").send(created);
    },
  );
  await frontRoutes(app, deps);
  await infraRoutes(app, deps);
}
