import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import Value from "typebox/value";
import { can } from "../../platform/auth/roles.ts";
import { badRequest, validationFailed } from "../../platform/errors.ts";
import { checkUpload } from "../../platform/files.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import { readParts, readUpload, registerUploads } from "../../platform/uploads.ts";
import { allUnits } from "../admin/index.ts";
import { ensureCa } from "../documents/index.ts";
import type { BudgetCtx } from "./context.ts";
import * as S from "./schemas.ts";
import * as budget from "./service.ts";

const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const MAX_FILE = 20 * 1024 * 1024;
const MAX_DECREE = 10 * 1024 * 1024;
const Amount = Type.Number({ minimum: 0, maximum: 1e13 });

const RevisionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("pergeseran"), Type.Literal("perubahan")]),
    reason: Type.String({ minLength: 5, maxLength: 2000 }),
    approver: Type.String({ minLength: 3, maxLength: 200 }),
    decreeNumber: Type.String({ minLength: 3, maxLength: 200 }),
    netChange: Type.Optional(Type.Number({ minimum: -1e13, maximum: 1e13 })),
    changes: Type.Optional(
      Type.Array(Type.Object({ lineKey: Type.String({ maxLength: 200 }), amount: Amount }, { additionalProperties: false }), { maxItems: 5000 }),
    ),
    newLines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            unitCode: Type.String({ maxLength: 40 }),
            subActivityCode: Type.String({ maxLength: 40 }),
            accountCode: Type.String({ maxLength: 40 }),
            description: Type.String({ minLength: 1, maxLength: 500 }),
            volume: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })),
            measure: Type.Optional(Type.String({ maxLength: 40 })),
            amount: Amount,
          },
          { additionalProperties: false },
        ),
        { maxItems: 5000 },
      ),
    ),
  },
  { additionalProperties: false },
);

export default async function budgetRoutes(app: App, deps: Deps) {
  await registerUploads(app);
  const tags = ["budget"];
  const ctx = (req: FastifyRequest): BudgetCtx => ({
    tenantId: req.tenant.id,
    timezone: req.tenant.timezone,
    actorId: req.actor?.userId ?? null,
    locale: req.locale === "en" ? "en" : "id",
    async cityKey(q) {
      const ca = await ensureCa(q, req.tenant, deps.config.caSecret);
      return { key: ca.key, fingerprint: ca.fingerprint, certPem: ca.cert.toString() };
    },
  });
  const units = async (tenantId: string) => allUnits(deps.db, tenantId);
  const certPem = async (req: FastifyRequest) => (await deps.db.tx((q) => ensureCa(q, req.tenant, deps.config.caSecret))).cert.toString();

  /** A decree (Perda, Perkada, SK) as a PDF: its SHA-256 is recorded with the change. */
  async function decreeAndFields(req: FastifyRequest, fields: string[]) {
    const parts = await readParts(req, { maxBytes: MAX_DECREE, maxFiles: 1, fields, field: "decree" });
    const file = parts.files[0];
    if (!file) throw validationFailed([{ field: "decree", code: "required", message: "Unggah SK/Perda (PDF) / Upload the decree (PDF)" }]);
    const checked = await checkUpload(file.bytes, file.filename, ["application/pdf"], MAX_DECREE, "decree");
    return { sha256: checked.sha256, fields: parts.fields };
  }

  // ---- public ---------------------------------------------------------------------------------------------
  app.get(
    "/api/public/budget/years",
    { schema: { tags, summary: "Budget years and their status", response: { 200: Type.Array(S.BudgetYear) } } },
    async (req) => budget.years(deps.db, req.tenant.id),
  );
  app.get(
    "/api/public/budget/roots",
    { schema: { tags, summary: "Daily root hashes of the budget chain, signed with the city's key", response: { 200: S.BudgetRoots } } },
    async (req) => budget.publicRoots(deps.db, req.tenant.id, await certPem(req)),
  );
  app.get(
    "/api/public/budget/:year",
    { schema: { tags, params: Year, summary: "A year's status, revisions and totals", response: { 200: S.BudgetPublicYear } } },
    async (req) => {
      const names = new Map((await units(req.tenant.id)).map((u) => [u.code, u.name]));
      const [o, a] = await Promise.all([
        budget.overview(deps.db, req.tenant.id, req.params.year),
        budget.absorption(deps.db, req.tenant.id, req.params.year, names),
      ]);
      return { ...o, absorption: a };
    },
  );
  app.get(
    "/api/public/budget/:year/absorption",
    { schema: { tags, params: Year, summary: "Absorption per OPD and programme", response: { 200: S.BudgetAbsorption } } },
    async (req) => {
      const names = new Map((await units(req.tenant.id)).map((u) => [u.code, u.name]));
      return budget.absorption(deps.db, req.tenant.id, req.params.year, names);
    },
  );
  app.get(
    "/api/public/budget/:year/versions",
    {
      schema: {
        tags,
        params: Year,
        querystring: Type.Object({ a: Type.Integer({ minimum: 0, maximum: 100000 }), b: Type.Integer({ minimum: 0, maximum: 100000 }) }),
        summary: "Two versions (revision numbers) side by side: the lines that differ",
        response: { 200: S.BudgetVersions },
      },
    },
    async (req) => budget.compareVersions(deps.db, req.tenant.id, req.params.year, req.query.a, req.query.b),
  );
  app.get(
    "/api/public/budget/:year/apbd.csv",
    { schema: { tags, params: Year, summary: "Open data: the year's lines as CSV", response: { 200: Binary("text/csv") } } },
    async (req, reply) =>
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="apbd-${req.params.year}.csv"`)
        .send(await budget.openDataCsv(deps.db, req.tenant.id, req.params.year)),
  );
  app.get(
    "/api/public/budget/:year/datapackage.json",
    { schema: { tags, params: Year, summary: "Open data: Fiscal Data Package descriptor", response: { 200: S.BudgetDataPackage } } },
    async (req) => {
      const o = await budget.overview(deps.db, req.tenant.id, req.params.year);
      return budget.fiscalDataPackage(req.tenant, req.params.year, `apbd.csv`, o.status);
    },
  );

  // ---- staff ------------------------------------------------------------------------------------------------
  app.get("/api/budget/:year", { schema: { tags, params: Year, response: { 200: S.BudgetOverview } } }, async (req) => {
    authorize(req, "budget.read");
    return budget.overview(deps.db, req.tenant.id, req.params.year);
  });
  app.get(
    "/api/budget/:year/lines",
    {
      schema: {
        tags,
        params: Year,
        querystring: Type.Object({ unit: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: { 200: Type.Array(S.BudgetLine) },
      },
    },
    async (req) => {
      authorize(req, "budget.read");
      return budget.lineList(deps.db, req.tenant.id, req.params.year, req.query.unit);
    },
  );
  app.post(
    "/api/budget/:year/import",
    { schema: { tags, params: Year, summary: "Import RKA/DPA lines (SIPD CSV/XLSX)", response: { 200: S.BudgetLinesImport } } },
    async (req) => {
      const actor = authorize(req, "budget.import");
      const all = await units(req.tenant.id);
      const idByCode = new Map(all.map((u) => [u.code, u.id]));
      const file = await readUpload(req, { maxBytes: MAX_FILE });
      const mayImport = (code: string) => can(actor, "budget.lock") || can(actor, "budget.import", [idByCode.get(code) ?? ""]);
      return budget.importLines(deps.db, ctx(req), req.params.year, file, new Set(idByCode.keys()), mayImport);
    },
  );
  app.post(
    "/api/budget/:year/realisation",
    { schema: { tags, params: Year, summary: "Import realisation (BPKAD / SIPD CSV/XLSX)", response: { 200: S.BudgetRealisationImport } } },
    async (req) => {
      authorize(req, "budget.lock");
      const file = await readUpload(req, { maxBytes: MAX_FILE });
      return budget.importRealisation(deps.db, ctx(req), req.params.year, file, new Set((await units(req.tenant.id)).map((u) => u.code)));
    },
  );
  app.put(
    "/api/budget/:year/drafting/:unit",
    {
      schema: {
        tags,
        params: Type.Object({ year: Year.properties.year, unit: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ open: Type.Boolean() }, { additionalProperties: false }),
        summary: "Open or close drafting for an OPD",
        response: { 200: S.BudgetDrafting },
      },
    },
    async (req) => {
      authorize(req, "budget.lock");
      if (!(await units(req.tenant.id)).some((u) => u.code === req.params.unit))
        throw badRequest("validation-failed", { fields: [{ field: "unit", code: "budget-unknown-unit" }] });
      return budget.setDrafting(deps.db, ctx(req), req.params.year, req.params.unit, req.body.open);
    },
  );
  app.put(
    "/api/budget/:year/sub-activities/:code/lock",
    {
      schema: {
        tags,
        params: Type.Object({ year: Year.properties.year, code: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ locked: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: S.BudgetSubActivityLock },
      },
    },
    async (req) => {
      authorize(req, "budget.lock");
      return budget.setSubActivityLock(deps.db, ctx(req), req.params.year, req.params.code, req.body.locked);
    },
  );
  app.get("/api/budget/:year/price-standards", { schema: { tags, params: Year, response: { 200: Type.Array(S.BudgetPriceStandard) } } }, async (req) => {
    authorize(req, "budget.read");
    return budget.priceStandards(deps.db, req.tenant.id, req.params.year);
  });
  app.put(
    "/api/budget/:year/price-standards/lock",
    {
      schema: { tags, params: Year, body: Type.Object({ locked: Type.Boolean() }, { additionalProperties: false }), response: { 200: S.BudgetStandardsLock } },
    },
    async (req) => {
      authorize(req, "budget.lock");
      return budget.setPriceStandardsLocked(deps.db, ctx(req), req.params.year, req.body.locked);
    },
  );
  app.put(
    "/api/budget/:year/price-standards/:code",
    {
      schema: {
        tags,
        params: Type.Object({ year: Year.properties.year, code: Type.String({ minLength: 1, maxLength: 60 }) }),
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal("SSH"), Type.Literal("HSPK"), Type.Literal("ASB")]),
            name: Type.String({ minLength: 1, maxLength: 300 }),
            unit: Type.String({ minLength: 1, maxLength: 40 }),
            price: Amount,
            accountCode: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.BudgetStandardSaved },
      },
    },
    async (req) => {
      authorize(req, "budget.lock");
      return budget.savePriceStandard(deps.db, ctx(req), req.params.year, { ...req.body, code: req.params.code });
    },
  );
  app.post(
    "/api/budget/:year/approve",
    {
      schema: {
        tags,
        params: Year,
        summary: "Record the DPRD-approved APBD (multipart: decree PDF, perdaNumber, approver)",
        response: { 200: S.BudgetApproved },
      },
    },
    async (req) => {
      authorize(req, "budget.revise");
      const { sha256, fields } = await decreeAndFields(req, ["perdaNumber", "approver"]);
      const errors = ["perdaNumber", "approver"].filter((f) => !fields[f] || fields[f].length < 3 || fields[f].length > 200);
      if (errors.length) throw validationFailed(errors.map((field) => ({ field, code: "required" })));
      return budget.approveYear(deps.db, ctx(req), req.params.year, { perdaNumber: fields.perdaNumber, approver: fields.approver, decreeSha256: sha256 });
    },
  );
  app.post(
    "/api/budget/:year/revisions",
    {
      schema: {
        tags,
        params: Year,
        summary: "Record a revision (multipart: decree PDF and `revision`, a JSON text of RevisionBody)",
        response: { 200: S.BudgetRevision },
      },
    },
    async (req) => {
      authorize(req, "budget.revise");
      const { sha256, fields } = await decreeAndFields(req, ["revision"]);
      let body: unknown;
      try {
        body = JSON.parse(fields.revision ?? "");
      } catch {
        throw validationFailed([{ field: "revision", code: "budget-bad-json" }]);
      }
      if (!Value.Check(RevisionBody, body)) {
        const first = [...Value.Errors(RevisionBody, body)].slice(0, 5);
        throw validationFailed(first.map((e) => ({ field: `revision${e.instancePath.replace(/\//g, ".")}`, code: "budget-bad-revision", message: e.message })));
      }
      const allUnitCodes = new Set((await units(req.tenant.id)).map((u) => u.code));
      return budget.createRevision(deps.db, ctx(req), req.params.year, body as budget.RevisionInput, sha256, allUnitCodes);
    },
  );
  app.get("/api/budget/verify", { schema: { tags, summary: "Run the budget verification", response: { 200: S.BudgetVerifyReport } } }, async (req) => {
    authorize(req, "budget.read");
    return budget.verifyBudget(deps.db, req.tenant.id, await certPem(req));
  });
}
