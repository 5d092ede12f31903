/** Schools routes (docs/schools.md): HTTP only; the use cases check who may do what. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type App, type Deps, requireActor, sendFile } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import { readUpload, registerUploads } from "../../platform/uploads.ts";
import type { SchoolsCtx } from "./common.ts";
import { attendanceTrend, overviewXlsx, periodOverview, schoolDetail } from "./dashboard.ts";
import { DapodikClient } from "./dapodik.ts";
import { mySchools } from "./home.ts";
import { importExcel, importFromDapodik } from "./import.ts";
import { MAX_PHOTO_BYTES, readPhoto, uploadPhoto } from "./photos.ts";
import { readReport, reportForm, reviewList, reviewReport, submitReport } from "./reports.ts";
import * as s from "./schemas.ts";
import { listSchoolsFor } from "./list.ts";

export default async function schoolRoutes(app: App, deps: Deps) {
  const tags = ["schools"];
  await registerUploads(app);
  const ctx = (req: FastifyRequest): SchoolsCtx => ({
    db: deps.db,
    tenant: req.tenant,
    actor: requireActor(req),
    files: deps.files,
    locale: req.locale,
    publicUrl: deps.config.publicUrl,
  });
  const dapodik = deps.config.dapodik ? new DapodikClient(deps.config.dapodik.url, deps.config.dapodik.token) : undefined;
  const xlsx = (reply: FastifyReply, name: string, bytes: Buffer) =>
    reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").header("content-disposition", `attachment; filename="${name}"`).send(bytes);

  // ---- the school's own staff -----------------------------------------------------------------------
  app.get(
    "/api/schools/me",
    { schema: { tags, summary: "The schools the signed-in principal/operator reports for, with the reports now due", response: { 200: s.MySchools } } },
    async (req) => mySchools(ctx(req)),
  );
  app.get(
    "/api/schools/:unitId/reports/:kind/:period",
    {
      schema: {
        tags,
        summary: "A report kind's form for a school and period, with its classes and the report so far",
        params: s.FormParams,
        response: { 200: s.ReportForm },
      },
    },
    async (req) => reportForm(ctx(req), req.params.unitId, req.params.kind, req.params.period),
  );
  app.post(
    "/api/schools/:unitId/reports",
    {
      schema: {
        tags,
        summary: "Submit a report (or resubmit a returned one); after the deadline it is accepted and marked late",
        params: s.UnitParams,
        body: s.SubmitBody,
        response: { 201: s.Report },
      },
    },
    async (req, reply) => reply.status(201).send(await submitReport(ctx(req), { unitId: req.params.unitId, ...req.body })),
  );
  app.post(
    "/api/schools/:unitId/photos",
    {
      schema: {
        tags,
        summary: "Stage a damage photo (JPEG, PNG or WebP, max 10 MB; checked by content)",
        params: s.UnitParams,
        response: { 201: s.PhotoUploaded },
      },
    },
    async (req, reply) => {
      const c = ctx(req);
      const up = await readUpload(req, { maxBytes: MAX_PHOTO_BYTES, tooLargeMessage: "Maks 10 MB per foto / Max 10 MB per photo" });
      return reply.status(201).send(await uploadPhoto(c, req.params.unitId, up.filename, up.bytes));
    },
  );
  app.get("/api/schools/photos/:id", { schema: { tags, params: s.IdParams, response: { 200: Binary("image/*", "A damage photo") } } }, async (req, reply) => {
    const img = await readPhoto(ctx(req), req.params.id);
    return sendFile(reply, { type: img.contentType, bytes: img.bytes, cache: "private, max-age=300" });
  });
  app.get(
    "/api/schools/reports/:id",
    { schema: { tags, summary: "One report with its PUPR work orders", params: s.IdParams, response: { 200: s.ReportDetail } } },
    async (req) => readReport(ctx(req), req.params.id),
  );

  // ---- Disdik ---------------------------------------------------------------------------------------
  app.get(
    "/api/schools",
    {
      schema: {
        tags,
        summary: "Schools (Disdik)",
        querystring: Type.Object({ kecamatan: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(s.SchoolListItem) },
      },
    },
    async (req) => listSchoolsFor(ctx(req), req.query.kecamatan),
  );
  app.get(
    "/api/schools/:unitId",
    { schema: { tags, summary: "A school with its classes and reports", params: s.UnitParams, response: { 200: s.SchoolDetail } } },
    async (req) => schoolDetail(ctx(req), req.params.unitId),
  );
  app.post(
    "/api/schools/import/dapodik",
    {
      schema: {
        tags,
        summary: "Import schools by NPSN from Dapodik's web service (DAPODIK_URL)",
        body: s.DapodikBody,
        response: { 200: s.DapodikImport },
      },
    },
    async (req) => importFromDapodik(ctx(req), dapodik, req.body.npsn),
  );
  app.post(
    "/api/schools/import/excel",
    {
      schema: {
        tags,
        summary: "Import Dapodik's school list export (XLSX, sheets Sekolah and optional Pengguna); any bad line refuses the file",
        response: { 200: s.ExcelImport },
      },
    },
    async (req) => {
      const c = ctx(req);
      const up = await readUpload(req, { maxBytes: 10 * 1024 * 1024 });
      return importExcel(c, up.bytes);
    },
  );
  app.get(
    "/api/schools/reports",
    {
      schema: {
        tags,
        summary: "Reports of a kind and period for review",
        querystring: Type.Object({
          kind: s.KindKey,
          period: s.Period,
          state: Type.Optional(Type.Union([Type.Literal("submitted"), Type.Literal("returned"), Type.Literal("accepted")])),
        }),
        response: { 200: Type.Array(s.ReviewItem) },
      },
    },
    async (req) => reviewList(ctx(req), req.query.kind, req.query.period, req.query.state),
  );
  app.post(
    "/api/schools/reports/:id/review",
    {
      schema: {
        tags,
        summary: "Return a report for correction (comment required) or accept it (severe damage → PUPR work order)",
        params: s.IdParams,
        body: s.ReviewBody,
        response: { 200: s.ReportWithOrders },
      },
    },
    async (req) => reviewReport(ctx(req), req.params.id, req.body),
  );
  app.get(
    "/api/schools/dashboard",
    {
      schema: {
        tags,
        summary: "Per kecamatan: reports sent, accepted, late and missing for a period",
        querystring: Type.Object({ period: s.Period }),
        response: { 200: s.PeriodOverview },
      },
    },
    async (req) => periodOverview(ctx(req), req.query.period),
  );
  app.get(
    "/api/schools/dashboard/attendance",
    {
      schema: {
        tags,
        summary: "Monthly attendance rate per kecamatan (or of one school)",
        querystring: Type.Object({
          to: s.Period,
          months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          school: Type.Optional(Type.String({ format: "uuid" })),
        }),
        response: { 200: s.AttendanceTrend },
      },
    },
    async (req) => attendanceTrend(ctx(req), req.query.to, req.query.months ?? 12, req.query.school),
  );
  app.get(
    "/api/schools/dashboard.xlsx",
    {
      schema: {
        tags,
        summary: "The period overview as an XLSX workbook",
        querystring: Type.Object({ period: s.Period }),
        response: { 200: Binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") },
      },
    },
    async (req, reply) => xlsx(reply, `laporan-sekolah-${req.query.period}.xlsx`, await overviewXlsx(ctx(req), req.query.period)),
  );
}
