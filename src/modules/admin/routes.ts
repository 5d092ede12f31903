import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { verifyAuditChain } from "../../platform/audit.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { noContent, tenantRead } from "../../platform/routes.ts";
import { STAFF_ROLES } from "../../platform/auth/roles.ts";
import { listKecamatan } from "../tenants/index.ts";
import { Loose, NoContent } from "../../platform/responses.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { auditLog } from "./audit-log.ts";
import * as S from "./schemas.ts";
import * as service from "./service.ts";
import * as store from "./store.ts";

const Uuid = Type.String({ format: "uuid" });
const IdParams = Type.Object({ id: Uuid });
const Role = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));
const OutboxMessage = Type.Object(
  {
    id: Uuid,
    channel: Type.String(),
    /** null for a sealed message (e-Lapor reporters): the address is not stored beside it. */
    recipient: Type.Union([Type.String(), Type.Null()]),
    sealed: Type.Boolean(),
    template: Type.String(),
    subject: Type.String(),
    body: Type.String(),
    status: Type.String(),
    createdAt: Type.String(),
    sentAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: "OutboxMessage" },
);
const UnitKind = Type.Union(["opd", "bidang", "uptd", "puskesmas", "kecamatan", "kelurahan"].map((k) => Type.Literal(k)));

export default async function adminRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest, permission: "org.manage" | "staff.manage" | "outbox.read") => ({
    db: deps.db,
    tenantId: req.tenant.id,
    actor: authorize(req, permission),
  });
  const tags = ["admin"];
  /** DELETE …/:id by a holder of the permission: the service removes it (204). */
  const removeById = (path: string, permission: "org.manage" | "staff.manage", run: (c: service.AdminCtx, id: string) => Promise<unknown>) =>
    app.delete(path, { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) =>
      noContent(reply, run(ctx(req, permission), req.params.id)),
    );

  // Public: the tenant and its kecamatan/kelurahan, for address pickers.
  app.get("/api/tenant", { schema: { tags: ["public"], response: { 200: S.TenantView } } }, async (req) => ({
    id: req.tenant.id,
    name: req.tenant.name,
    timezone: req.tenant.timezone,
  }));
  app.get("/api/regions", { schema: { tags: ["public"], response: { 200: Type.Array(S.Region) } } }, async (req) => {
    const rows = await listKecamatan(deps.db, req.tenant.id);
    return rows.map((r) => ({ ...r, kelurahan: typeof r.kelurahan === "string" ? JSON.parse(r.kelurahan) : r.kelurahan }));
  });

  tenantRead(app, deps.db, "/api/admin/units", { tags, permission: "org.read", response: Type.Array(S.Unit) }, store.listUnits);
  app.post(
    "/api/admin/units",
    {
      schema: {
        tags,
        body: Type.Object(
          {
            parentId: Uuid,
            kind: UnitKind,
            code: Type.String({ minLength: 2, maxLength: 40, pattern: "^[A-Za-z0-9.-]+$" }),
            name: Type.String({ minLength: 3, maxLength: 160 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: S.Created },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createUnit(ctx(req, "org.manage"), req.body)),
  );
  app.patch(
    "/api/admin/units/:id",
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            code: Type.Optional(Type.String({ minLength: 2, maxLength: 40, pattern: "^[A-Za-z0-9.-]+$" })),
            name: Type.Optional(Type.String({ minLength: 3, maxLength: 160 })),
          },
          { additionalProperties: false },
        ),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => noContent(reply, service.updateUnit(ctx(req, "org.manage"), req.params.id, req.body)),
  );
  removeById("/api/admin/units/:id", "org.manage", service.deleteUnit);

  app.get(
    "/api/admin/staff",
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(S.Staff) },
      },
    },
    async (req) => {
      const c = ctx(req, "staff.manage");
      const scope = await service.staffScope(c);
      return store.listStaff(deps.db, req.tenant.id, { search: req.query.q, unitIds: scope, limit: req.query.limit, offset: req.query.offset });
    },
  );
  app.post(
    "/api/admin/staff",
    {
      schema: {
        tags,
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 120 }),
            email: Type.String({ maxLength: 254 }),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
            nip: Type.Optional(Type.String({ maxLength: 18 })),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            unitId: Uuid,
            role: Role,
          },
          { additionalProperties: false },
        ),
        response: { 201: S.Created },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createStaff(ctx(req, "staff.manage"), req.body)),
  );
  app.post(
    "/api/admin/staff/:id/grants",
    { schema: { tags, params: IdParams, body: Type.Object({ unitId: Uuid, role: Role }, { additionalProperties: false }), response: { 201: S.Created } } },
    async (req, reply) => reply.status(201).send(await service.grantRole(ctx(req, "staff.manage"), req.params.id, req.body.unitId, req.body.role)),
  );
  app.post(
    "/api/admin/staff/:id/status",
    { schema: { tags, params: IdParams, body: Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false }), response: { 204: NoContent } } },
    async (req, reply) => noContent(reply, service.setStaffDisabled(ctx(req, "staff.manage"), req.params.id, req.body.disabled)),
  );
  removeById("/api/admin/grants/:id", "staff.manage", service.revokeGrant);

  app.get(
    "/api/admin/audit",
    {
      schema: {
        tags,
        summary: "The audit log, newest first, filtered by person, unit, subject and date (tenant's time zone)",
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "Entries older than this id (paging)" })),
            actorId: Type.Optional(Type.String({ format: "uuid", description: "The person who acted" })),
            person: Type.Optional(Type.String({ maxLength: 100, description: "Part of the acting person's name or e-mail" })),
            unitId: Type.Optional(Type.String({ format: "uuid", description: "Entries by people with a role in this unit or below it" })),
            subject: Type.Optional(Type.String({ maxLength: 100, description: "A case number (e.g. SKD-2026-000001) or a subject id" })),
            from: Type.Optional(DateOnly({ description: "First day, in the tenant's time zone" })),
            to: Type.Optional(DateOnly({ description: "Last day, in the tenant's time zone" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose(Type.Array(S.AuditEntry)) },
      },
    },
    async (req) => {
      authorize(req, "audit.read");
      return auditLog(deps.db, req.tenant, req.query);
    },
  );
  tenantRead(app, deps.db, "/api/admin/audit/verify", { tags, permission: "audit.read", response: S.AuditVerify }, verifyAuditChain);

  // Developer outbox: the newest messages, so demo sign-up codes can be read without SMTP/SMS. The route exists
  // only when BALAI_DEV_OUTBOX is on (demo/development; refused in production) and answers only a Kominfo admin.
  if (deps.config.devOutbox) {
    app.get(
      "/api/dev/outbox",
      {
        schema: {
          tags: ["dev"],
          summary: "Developer outbox (BALAI_DEV_OUTBOX, Kominfo admin): the tenant's 50 newest messages",
          response: { 200: Type.Array(OutboxMessage) },
        },
      },
      async (req) => service.devOutbox(ctx(req, "outbox.read")),
    );
  }
}
