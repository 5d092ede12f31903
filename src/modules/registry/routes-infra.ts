import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { NoContent, Nullable } from "../../platform/responses.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { addServer, infrastructure, updateApp } from "./infra.ts";

const Server = Type.Object({
  id: Type.String(),
  name: Type.String(),
  location: Type.String(),
  vcpu: Type.Integer(),
  memoryGb: Type.Integer(),
  storageGb: Type.Integer(),
  runsBalai: Type.Boolean(),
  apps: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  vcpuNeed: Type.Number(),
  memoryGbNeed: Type.Number(),
  fits: Type.Boolean(),
  balai: Nullable(
    Type.Object({
      at: Type.String(),
      cpuPercent: Type.Number(),
      peakCpuPercent24h: Type.Number(),
      rssMb: Type.Number(),
      load1: Type.Number(),
      hostMemoryUsedPercent: Type.Number(),
    }),
  ),
});
const Totals = Type.Object({ vcpu: Type.Number(), memoryGb: Type.Number() });

/** Servers, what runs on them and whether they hold it; an app's server, status and security assessment. */
export async function infraRoutes(app: App, deps: Deps) {
  const tags = ["registry"];
  app.get(
    "/api/admin/infra",
    {
      schema: {
        tags,
        summary: "Servers, capacity against the registered apps' needs, Balai's own samples",
        response: { 200: Type.Object({ servers: Type.Array(Server), total: Totals, need: Totals, fits: Type.Boolean() }) },
      },
    },
    async (req) => {
      authorize(req, "registry.read");
      return infrastructure(deps.db, req.tenant.id);
    },
  );
  app.post(
    "/api/admin/infra/servers",
    {
      schema: {
        tags,
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 80 }),
            location: Type.Optional(Type.String({ maxLength: 200 })),
            vcpu: Type.Integer({ minimum: 1, maximum: 4096 }),
            memoryGb: Type.Integer({ minimum: 1, maximum: 65536 }),
            storageGb: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
            runsBalai: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "registry.manage");
      return reply.status(201).send({ id: await addServer(deps.db, req.tenant.id, req.body, actor.userId) });
    },
  );
  app.patch(
    "/api/admin/registry/apps/:key",
    {
      schema: {
        tags,
        params: Type.Object({ key: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,62}$" }) }),
        body: Type.Object(
          {
            server: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 80 }))),
            status: Type.Optional(Type.Union([Type.Literal("development"), Type.Literal("production"), Type.Literal("retired")])),
            lastSecurityAssessment: Type.Optional(DateOnly()),
            vcpuNeed: Type.Optional(Type.Number({ minimum: 0, maximum: 1024 })),
            memoryGbNeed: Type.Optional(Type.Number({ minimum: 0, maximum: 8192 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "registry.manage");
      await updateApp(deps.db, req.tenant.id, req.params.key, req.body, actor.userId);
      return reply.status(204).send();
    },
  );
}
