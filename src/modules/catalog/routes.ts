import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import YAML from "yaml";
import { badRequest, forbidden, notFound } from "../../platform/errors.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { hasRole } from "../../platform/auth/roles.ts";
import { buildCatalog, type ResolvedService } from "./spec.ts";
import * as service from "./service.ts";
import { popularServices, searchCatalog } from "./search.ts";
import type { IndexRow } from "./store-search.ts";
import * as store from "./store.ts";
import { Binary, Loose, NoContent } from "../../platform/responses.ts";
import * as S from "./schemas.ts";

/** A search index row as the public service summary. */
const summary = (r: IndexRow) => ({
  key: r.key,
  kind: r.kind,
  name: { id: r.name_id, en: r.name_en },
  summary: r.summary,
  category: r.category,
  channel: r.channel as "online" | "offline" | "hybrid" | "command",
  servedBy: r.served_by,
  unit: { code: r.unit_code, name: r.unit_name },
  fee: r.fee,
  slaDays: r.sla_days,
});

const KeyParams = Type.Object({ key: Type.String({ pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: 80 }) });

export default async function catalogRoutes(app: App, deps: Deps) {
  const tags = ["catalog"];

  app.get(
    "/api/catalog/services",
    {
      schema: {
        response: { 200: Loose(Type.Array(S.ServiceSummary)) },
        tags,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            unit: Type.Optional(Type.String({ maxLength: 40 })),
            category: Type.Optional(Type.String({ maxLength: 60 })),
            lifeEvent: Type.Optional(Type.String({ maxLength: 60 })),
            kind: Type.Optional(Type.Union([Type.Literal("application"), Type.Literal("complaint"), Type.Literal("incident"), Type.Literal("booking")])),
            limit: Type.Integer({ minimum: 1, maximum: 600, default: 30 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => (await searchCatalog(deps.db, req.tenant, req.query)).map(summary),
  );

  /** The home page's popular services: the most filed in this city over the last 90 days (never filed: not listed). */
  app.get(
    "/api/catalog/popular",
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            kind: Type.Union([Type.Literal("application"), Type.Literal("complaint"), Type.Literal("booking")], { default: "application" }),
            limit: Type.Integer({ minimum: 1, maximum: 24, default: 6 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(S.PopularService) },
      },
    },
    async (req) => (await popularServices(deps.db, req.tenant, req.query.kind, req.query.limit)).map((r) => ({ ...summary(r), filed: r.filed })),
  );

  app.get("/api/catalog/services/:key", { schema: { tags, params: KeyParams, response: { 200: S.ServiceSpec } } }, async (req) => {
    const d = await service.getPublishedService(deps.db, req.tenant.id, req.params.key);
    const { unit: _u, file: _f, workflowRef: _w, ...spec } = d.spec;
    return { ...spec, version: d.version, unit: d.unit };
  });

  app.get("/api/catalog/taxa", { schema: { tags, response: { 200: S.Taxa } } }, async (req) => {
    const rows = await store.listTaxa(deps.db, req.tenant.id);
    const shape = (kind: string) =>
      rows.filter((r) => r.kind === kind).map((r) => ({ key: r.key, name: { id: r.name_id, en: r.name_en }, icon: r.icon, services: r.services }));
    return { categories: shape("category"), lifeEvents: shape("life_event"), units: await store.listServiceUnits(deps.db, req.tenant.id) };
  });

  // ---- Kominfo overview and the OPD admin's service editor ----

  app.get("/api/admin/catalog/overview", { schema: { tags, response: { 200: S.Overview } } }, async (req) => {
    authorize(req, "catalog.overview");
    const [units, perService] = await Promise.all([store.overview(deps.db, req.tenant.id), store.casesPerService(deps.db, req.tenant.id)]);
    return {
      units: units.map((u) => ({ ...u, slaCompliance: u.closed ? u.closed_on_time / u.closed : null })),
      topServices: perService,
      totals: {
        services: units.reduce((n, u) => n + u.services, 0),
        online: units.reduce((n, u) => n + u.online, 0),
        opds: units.length,
        cases: units.reduce((n, u) => n + u.cases, 0),
      },
    };
  });

  /** An OPD admin edits the services of the unit they administer; Kominfo edits all. */
  async function editableService(req: FastifyRequest, key: string) {
    const actor = authorize(req, "catalog.edit");
    const row = await store.getServiceRow(deps.db, req.tenant.id, key);
    if (!row) throw notFound("service-not-found");
    if (!hasRole(actor, "kominfo_admin") && !actor.grants.some((g) => g.role === "opd_admin" && g.unitId === row.owner_unit_id)) throw forbidden();
    return { actor, row };
  }

  app.get("/api/admin/catalog/services", { schema: { tags, response: { 200: Type.Array(S.EditableService) } } }, async (req) => {
    const actor = authorize(req, "catalog.edit");
    const units = hasRole(actor, "kominfo_admin") ? undefined : actor.grants.filter((g) => g.role === "opd_admin").map((g) => g.unitId);
    return service.editableServices(deps.db, req.tenant.id, units);
  });

  app.get(
    "/api/admin/catalog/workflows",
    {
      schema: {
        tags,
        querystring: Type.Object(
          { kind: Type.Union([Type.Literal("application"), Type.Literal("complaint"), Type.Literal("incident"), Type.Literal("booking")]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(S.WorkflowChoice) },
      },
    },
    async (req) => {
      authorize(req, "catalog.edit");
      return service.workflowChoices(deps.db, req.tenant.id, req.query.kind);
    },
  );

  app.get("/api/admin/catalog/services/:key/editor", { schema: { tags, params: KeyParams, response: { 200: S.Editor } } }, async (req) => {
    await editableService(req, req.params.key);
    const latest = await store.latestVersion(deps.db, req.tenant.id, req.params.key);
    const versions = await store.listVersions(deps.db, req.tenant.id, req.params.key);
    return { spec: latest?.spec, version: latest?.version, status: latest?.status, versions };
  });

  app.put(
    "/api/admin/catalog/services/:key/draft",
    {
      schema: {
        tags,
        params: KeyParams,
        body: Type.Object({ spec: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
        response: { 200: S.Draft },
      },
    },
    async (req) => {
      const { actor } = await editableService(req, req.params.key);
      return service.saveDraft(
        { db: deps.db, tenantId: req.tenant.id, actorId: actor.userId, locale: req.locale },
        req.params.key,
        req.body.spec as unknown as ResolvedService,
        false,
      );
    },
  );

  app.post(
    "/api/admin/catalog/services",
    { schema: { tags, body: Type.Object({ spec: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }), response: { 201: S.Draft } } },
    async (req, reply) => {
      const actor = authorize(req, "catalog.edit");
      const spec = req.body.spec as unknown as ResolvedService;
      if (!hasRole(actor, "kominfo_admin")) {
        const own = actor.grants.filter((g) => g.role === "opd_admin").map((g) => g.unitCode);
        if (!own.includes(String(spec.unit))) throw forbidden();
      }
      const key = String(spec.key ?? "");
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key)) throw badRequest("validation-failed", { fields: [{ field: "key", code: "pattern" }] });
      return reply
        .status(201)
        .send(await service.saveDraft({ db: deps.db, tenantId: req.tenant.id, actorId: actor.userId, locale: req.locale }, key, spec, true));
    },
  );

  app.post(
    "/api/admin/catalog/services/:key/publish",
    {
      schema: {
        tags,
        params: KeyParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      const { actor } = await editableService(req, req.params.key);
      await service.publishDraft({ db: deps.db, tenantId: req.tenant.id, actorId: actor.userId }, req.params.key, req.body.version);
      return reply.status(204).send();
    },
  );

  /** The whole catalog as one YAML bundle another city can import. */
  app.get("/api/admin/catalog/export", { schema: { tags, response: { 200: Binary("application/yaml", "The catalog bundle") } } }, async (req, reply) => {
    authorize(req, "catalog.overview");
    const rows = await store.allPublished(deps.db, req.tenant.id);
    const taxa = await store.listTaxa(deps.db, req.tenant.id);
    const byUnit = new Map<string, unknown[]>();
    for (const { spec } of rows) {
      const { unit, file: _f, workflowRef: _w, ...rest } = spec;
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), rest]);
    }
    const bundle = {
      balaiCatalog: 1,
      tenant: req.tenant.id,
      categories: taxa.filter((t) => t.kind === "category").map((t) => ({ key: t.key, name: { id: t.name_id, en: t.name_en } })),
      lifeEvents: taxa.filter((t) => t.kind === "life_event").map((t) => ({ key: t.key, name: { id: t.name_id, en: t.name_en } })),
      units: [...byUnit.entries()].map(([unit, services]) => ({ unit, services })),
    };
    return reply
      .type("application/yaml; charset=utf-8")
      .header("content-disposition", `attachment; filename="katalog-${req.tenant.slug}.yaml"`)
      .send(YAML.stringify(bundle, { lineWidth: 0 }));
  });

  app.post(
    "/api/admin/catalog/import",
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: { tags, body: Type.Object({ yaml: Type.String({ maxLength: 10_000_000 }) }, { additionalProperties: false }), response: { 200: S.Imported } },
    },
    async (req) => {
      const actor = authorize(req, "org.manage");
      let bundle: { units?: { unit: string; services: unknown[] }[]; categories?: unknown[]; lifeEvents?: unknown[] };
      try {
        bundle = YAML.parse(req.body.yaml);
      } catch (err) {
        throw badRequest("validation-failed", { fields: [{ field: "yaml", code: "format", message: (err as Error).message }] });
      }
      if (!bundle || !Array.isArray(bundle.units))
        throw badRequest("validation-failed", { fields: [{ field: "yaml", code: "format", message: "not a Balai catalog bundle (units: [...])" }] });
      // Exported services carry their workflows inline; the shared-template file needs one entry to be valid.
      const firstWorkflow = (bundle.units[0]?.services?.[0] as { workflow?: unknown } | undefined)?.workflow;
      const catalog = buildCatalog({
        workflows: { workflows: { "inline-workflow": firstWorkflow ?? {} } },
        categories: { categories: bundle.categories ?? [], lifeEvents: bundle.lifeEvents ?? [] },
        fields: { fields: {} },
        files: bundle.units.map((u) => ({ fileName: `${String(u.unit).toLowerCase()}.yaml`, data: u })),
      });
      if (catalog.errors.length) {
        throw badRequest("validation-failed", {
          fields: catalog.errors.slice(0, 50).map((e) => ({ field: `${e.file} ${e.path}`.trim(), code: "spec", message: e.message })),
        });
      }
      return service.importCatalogInto(deps.db, req.tenant.id, catalog, actor.userId);
    },
  );
}
