import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type App, authorize, type Deps, sendFile } from "../../platform/http.ts";
import { readUpload as readUploadOf, registerUploads } from "../../platform/uploads.ts";
import { inboxCsv, inboxXlsx, type InboxQuery, staffInbox } from "./inbox.ts";
import { Ack, Binary, NoContent } from "../../platform/responses.ts";
import * as S from "./schemas.ts";
import type { CasesCtx } from "./access.ts";
import { act, addComment, uploadStaffFile } from "./act.ts";
import { deleteDraft, myDrafts } from "./draft-list.ts";
import { saveAnswers, startApplication, uploadCaseFile } from "./drafts.ts";
import { recordNationalRef } from "./national-ref.ts";
import { submit } from "./submit.ts";
import { myCases, readFile, track, viewCase } from "./view.ts";

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const Data = Type.Record(Type.String({ maxLength: 60 }), Type.Unknown());
const MAX_UPLOAD = 25 * 1024 * 1024;

const InboxQuerySchema = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 60 })),
    service: Type.Optional(Type.String({ maxLength: 80 })),
    kelurahan: Type.Optional(Type.String({ maxLength: 20 })),
    sla: Type.Optional(Type.Union([Type.Literal("on_time"), Type.Literal("due_soon"), Type.Literal("overdue")])),
    status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("closed"), Type.Literal("all")])),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Union([Type.Literal("due"), Type.Literal("newest"), Type.Literal("oldest"), Type.Literal("number")])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
  },
  { additionalProperties: false },
);

export default async function caseRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest): CasesCtx => ({
    db: deps.db,
    tenant: req.tenant,
    actor: req.actor,
    files: deps.files,
    publicUrl: deps.config.publicUrl,
  });
  const tags = ["cases"];

  await registerUploads(app);

  const readUpload = (req: FastifyRequest) => readUploadOf(req, { maxBytes: MAX_UPLOAD });

  app.post(
    "/api/cases",
    {
      schema: {
        tags,
        body: Type.Object(
          {
            service: Type.String({ maxLength: 80 }),
            data: Type.Optional(Data),
            // The citizen's open draft of the service is resumed instead of starting another (the web app's "start").
            resume: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.StartedDraft, 201: S.StartedDraft },
      },
    },
    async (req, reply) => {
      const started = await startApplication(ctx(req), req.body.service, req.body.data, { resume: req.body.resume });
      return reply.status(started.resumed ? 200 : 201).send(started);
    },
  );
  app.get("/api/cases/mine", { schema: { tags, response: { 200: Type.Array(S.MyCase) } } }, async (req) => myCases(ctx(req)));
  app.get("/api/cases/drafts", { schema: { tags, response: { 200: Type.Array(S.MyDraft) } } }, async (req) => myDrafts(ctx(req)));
  // Only the applicant's own draft; a submitted case answers 409 problem+json (case-not-draft), another's 404.
  app.delete("/api/cases/:id", { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    const { bytesLeft } = await deleteDraft(ctx(req), req.params.id);
    if (bytesLeft.length) req.log.warn({ caseId: req.params.id, storageKeys: bytesLeft }, "draft deleted; the file store kept these files' bytes");
    return reply.status(204).send();
  });
  app.get("/api/cases/:id", { schema: { tags, params: IdParams, response: { 200: S.CaseView } } }, async (req) => viewCase(ctx(req), req.params.id));
  app.put(
    "/api/cases/:id/answers",
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), data: Data }, { additionalProperties: false }),
        response: { 200: S.Versioned },
      },
    },
    async (req) => saveAnswers(ctx(req), req.params.id, req.body.version, req.body.data),
  );
  app.post(
    "/api/cases/:id/files",
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ field: Type.String({ maxLength: 60 }) }, { additionalProperties: false }),
        response: { 201: S.StoredFile },
      },
    },
    async (req, reply) => {
      const up = await readUpload(req);
      return reply.status(201).send(await uploadCaseFile(ctx(req), req.params.id, req.query.field, up.filename, up.bytes));
    },
  );
  app.post("/api/cases/:id/documents", { schema: { tags, params: IdParams, response: { 201: S.StoredFile } } }, async (req, reply) => {
    const up = await readUpload(req);
    return reply.status(201).send(await uploadStaffFile(ctx(req), req.params.id, up.filename, up.bytes));
  });
  app.post(
    "/api/cases/:id/submit",
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: S.Submitted },
      },
    },
    async (req) => submit(ctx(req), req.params.id, req.body.version),
  );
  app.post(
    "/api/cases/:id/actions/:action",
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ format: "uuid" }), action: Type.String({ pattern: "^[a-z_]+$", maxLength: 60 }) }),
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
            forwardTo: Type.Optional(Type.String({ maxLength: 60 })),
            fileIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 10 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.Moved },
      },
    },
    async (req) => act(ctx(req), req.params.id, req.params.action, req.body),
  );
  app.post(
    "/api/cases/:id/comments",
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: Ack },
      },
    },
    async (req, reply) => {
      await addComment(ctx(req), req.params.id, req.body.comment);
      return reply.status(201).send({ status: "ok" });
    },
  );
  app.put(
    "/api/cases/:id/national-reference",
    {
      schema: {
        tags,
        summary: "Record the reference a national system (SIAK, SIMBG, OSS-RBA, SP4N-LAPOR!…) gave this case",
        params: IdParams,
        body: Type.Object(
          { reference: Type.String({ minLength: 1, maxLength: 64, pattern: "^\\s*[A-Za-z0-9][A-Za-z0-9 ./_-]*\\s*$" }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ system: Type.String(), url: Type.String(), reference: Type.String() }) },
      },
    },
    async (req) => recordNationalRef(ctx(req), req.params.id, req.body.reference),
  );
  app.get(
    "/api/files/:id",
    { schema: { tags, params: IdParams, response: { 200: Binary("the file's own type", "The uploaded file") } } },
    async (req, reply) => {
      const { meta, bytes } = await readFile(ctx(req), req.params.id);
      const disposition = `inline; filename="${meta.filename.replaceAll('"', "")}"`;
      return sendFile(reply, { type: meta.content_type, bytes, cache: "private, max-age=300", disposition });
    },
  );
  app.get(
    "/api/track/:token",
    {
      schema: {
        tags: ["public"],
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) }),
        response: { 200: S.Tracking },
      },
    },
    async (req) => track(deps.db, req.tenant, req.params.token),
  );

  app.get("/api/inbox", { schema: { tags, querystring: InboxQuerySchema, response: { 200: Type.Array(S.InboxItem) } } }, async (req) => {
    const actor = authorize(req, "cases.inbox");
    return staffInbox(deps.db, req.tenant, actor, req.query as InboxQuery);
  });
  app.get(
    "/api/inbox/export",
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          Type.Omit(InboxQuerySchema, ["limit", "offset"]),
          Type.Object({ format: Type.Union([Type.Literal("csv"), Type.Literal("xlsx")]) }),
        ]),
        response: { 200: Binary("text/csv or xlsx", "The inbox as CSV or XLSX") },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "cases.inbox");
      const { format, ...query } = req.query as InboxQuery & { format: "csv" | "xlsx" };
      const stamp = new Date().toISOString().slice(0, 10);
      if (format === "csv") {
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="permohonan-${stamp}.csv"`)
          .send(await inboxCsv(deps.db, req.tenant, actor, query));
      }
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="permohonan-${stamp}.xlsx"`)
        .send(await inboxXlsx(deps.db, req.tenant, actor, query));
    },
  );
}
