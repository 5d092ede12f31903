import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { can } from "../../platform/auth/roles.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import { readUpload, registerUploads } from "../../platform/uploads.ts";
import { allUnits } from "../admin/index.ts";
import * as spbe from "./assess.ts";
import { frameworks } from "./framework.ts";
import { prefill } from "./prefill.ts";
import { SpbeAnswer, SpbeAssessment, SpbeAssessmentSummary, SpbeCreated, SpbeEvidence, SpbeFramework, SpbeIndex, SpbePrefill, SpbeReview } from "./schemas.ts";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const IdInd = Type.Object({ id: Type.String({ format: "uuid" }), indicator: Type.String({ minLength: 1, maxLength: 20 }) });

export default async function spbeRoutes(app: App, deps: Deps) {
  await registerUploads(app);
  const tags = ["spbe"];
  const ctx = (req: FastifyRequest): spbe.SpbeCtx => ({
    tenantId: req.tenant.id,
    actorId: req.actor?.userId ?? null,
    locale: req.locale === "en" ? "en" : "id",
  });
  /** Kominfo answers anything; OPD staff answer indicators assigned to a unit where they hold spbe.answer. */
  const mayAnswer = (req: FastifyRequest) => {
    const actor = authorize(req, "spbe.answer");
    return (unitCode: string) => can(actor, "spbe.manage") || actor.grants.some((g) => g.unitCode === unitCode && can(actor, "spbe.answer", [g.unitId]));
  };

  app.get(
    "/api/spbe/frameworks",
    { schema: { tags, summary: "Evaluation frameworks (data files)", response: { 200: Type.Array(SpbeFramework) } } },
    async (req) => {
      authorize(req, "spbe.read");
      return [...frameworks().values()].map((f) => ({
        key: f.key,
        version: f.version,
        name: f.name,
        legalBasis: f.legalBasis,
        indicators: f.indicators.length,
        levels: f.levels,
      }));
    },
  );
  app.get("/api/spbe/assessments", { schema: { tags, response: { 200: Type.Array(SpbeAssessmentSummary) } } }, async (req) => {
    authorize(req, "spbe.read");
    return spbe.listAssessments(deps.db, ctx(req));
  });
  app.post(
    "/api/spbe/assessments",
    {
      schema: {
        tags,
        body: Type.Object({ framework: Type.String({ maxLength: 60 }), year: Type.Integer({ minimum: 2018, maximum: 2100 }) }, { additionalProperties: false }),
        response: { 201: SpbeCreated },
      },
    },
    async (req, reply) => {
      authorize(req, "spbe.manage");
      return reply.status(201).send(await spbe.createAssessment(deps.db, ctx(req), req.body.framework, req.body.year));
    },
  );
  app.put(
    "/api/spbe/assessments/:id/assignments",
    {
      schema: {
        tags,
        params: Id,
        body: Type.Object(
          {
            assignments: Type.Array(
              Type.Object({ indicator: Type.String({ maxLength: 20 }), unitCode: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
              {
                maxItems: 200,
              },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ assigned: Type.Integer() }) },
      },
    },
    async (req) => {
      authorize(req, "spbe.manage");
      const units = new Set((await allUnits(deps.db, req.tenant.id)).map((u) => u.code));
      return spbe.assignIndicators(deps.db, ctx(req), req.params.id, req.body.assignments, units);
    },
  );
  app.get("/api/spbe/assessments/:id", { schema: { tags, params: Id, response: { 200: SpbeAssessment } } }, async (req) => {
    const actor = authorize(req, "spbe.read");
    const visible = can(actor, "spbe.manage") || actor.grants.some((g) => g.role === "auditor") ? null : new Set(actor.grants.map((g) => g.unitCode));
    return spbe.assessmentView(deps.db, ctx(req), req.params.id, visible);
  });
  app.get(
    "/api/spbe/assessments/:id/index",
    { schema: { tags, params: Id, summary: "Index per domain/aspect and overall, with last year's", response: { 200: SpbeIndex } } },
    async (req) => {
      authorize(req, "spbe.read");
      return spbe.assessmentIndex(deps.db, ctx(req), req.params.id);
    },
  );
  app.get(
    "/api/spbe/assessments/:id/prefill",
    { schema: { tags, params: Id, summary: "Evidence Balai already holds", response: { 200: SpbePrefill } } },
    async (req) => {
      authorize(req, "spbe.read");
      const view = await spbe.assessmentIndex(deps.db, ctx(req), req.params.id);
      return prefill(deps.db, req.tenant.id, view.year);
    },
  );
  app.put(
    "/api/spbe/assessments/:id/answers/:indicator",
    {
      schema: {
        tags,
        params: IdInd,
        body: Type.Object(
          { level: Type.Integer({ minimum: -100, maximum: 100 }), explanation: Type.String({ maxLength: 4000 }) },
          { additionalProperties: false },
        ),
        response: { 200: SpbeAnswer },
      },
    },
    async (req) => spbe.answerIndicator(deps.db, ctx(req), req.params.id, req.params.indicator, req.body, mayAnswer(req)),
  );
  app.post(
    "/api/spbe/assessments/:id/answers/:indicator/evidence",
    { schema: { tags, params: IdInd, summary: "Upload evidence (PDF, PNG, JPEG; multipart `file`)", response: { 201: SpbeEvidence } } },
    async (req, reply) => {
      const may = mayAnswer(req);
      const file = await readUpload(req, { maxBytes: spbe.MAX_EVIDENCE });
      return reply.status(201).send(await spbe.addEvidence(deps.db, deps.files, ctx(req), req.params.id, req.params.indicator, file, may));
    },
  );
  app.get(
    "/api/spbe/assessments/:id/evidence/:evidenceId",
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ format: "uuid" }), evidenceId: Type.String({ format: "uuid" }) }),
        response: { 200: Binary("the file") },
      },
    },
    async (req, reply) => {
      authorize(req, "spbe.read");
      const f = await spbe.evidenceFile(deps.db, deps.files, ctx(req), req.params.id, req.params.evidenceId);
      return reply.type(f.content_type).header("content-disposition", `attachment; filename="${f.filename}"`).send(f.bytes);
    },
  );
  app.post(
    "/api/spbe/assessments/:id/answers/:indicator/review",
    {
      schema: {
        tags,
        params: IdInd,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal("accept"), Type.Literal("return")]),
            level: Type.Optional(Type.Integer({ minimum: -100, maximum: 100 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SpbeReview },
      },
    },
    async (req) => {
      authorize(req, "spbe.manage");
      return spbe.reviewAnswer(deps.db, ctx(req), req.params.id, req.params.indicator, req.body);
    },
  );
}
