import type { FastifyReply, FastifyRequest } from "fastify";
import { badRequest } from "../../platform/errors.ts";
import type { Permission } from "../../platform/auth/roles.ts";
import { type App, authorize, type Deps, requireActor, sendFile } from "../../platform/http.ts";
import { readParts, readUpload, registerUploads } from "../../platform/uploads.ts";
import { type Static, type TSchema, Type } from "typebox";
import { Binary } from "../../platform/responses.ts";
import * as schemas from "./schemas.ts";
import * as place from "./kelurahan.ts";
import { categoryView, type LaporCtx, listCategories, MAX_PHOTO_BYTES, MAX_PHOTOS, REPORTS_PER_ACCOUNT_HOUR } from "./common.ts";
import { createReport, nearby } from "./file-report.ts";
import { readPhoto, readPublicPhoto, uploadPhoto } from "./photos.ts";
import { getPublicReport, listPublicReports, publicStats } from "./public.ts";
import { myReports, viewReport } from "./read.ts";
import { flag, rate, reopen, reply as replyUseCase, support } from "./reporter.ts";
import { confirmFix, rejectFix, uploadAfterPhoto } from "./fix-loop.ts";
import { forwardToLapor, laporForwarding } from "./lapor-forward.ts";
import { unitRanking } from "./ranking.ts";
import * as loopSchemas from "./schemas-loop.ts";
import { heatmap, merge, moderate, moderationQueue, postUpdate } from "./staff.ts";

const PHOTO_TOO_LARGE = "Maks 10 MB per foto / Max 10 MB per photo";

/** e-Lapor routes: HTTP only (docs/complaints.md). */
export default async function complaintRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest): LaporCtx => ({
    db: deps.db,
    tenant: req.tenant,
    actor: req.actor,
    files: deps.files,
    publicUrl: deps.config.publicUrl,
    reportsPerHour: Math.max(REPORTS_PER_ACCOUNT_HOUR, Math.floor(deps.config.rateLimitPerMinute / 60)),
  });
  const tags = ["lapor"];
  await registerUploads(app);

  /**
   * POST an action on report `:id` with a body: the use case with the report's id, answered 200 as `response`; staff
   * actions name the `permission` checked first (the reporter's own actions are checked by the use case).
   */
  const reportAction = <B extends TSchema, R extends TSchema>(
    path: string,
    body: B,
    response: R,
    run: (c: LaporCtx, id: string, body: Static<B>) => Promise<Static<R>>,
    permission?: Permission,
  ) =>
    app.post(path, { schema: { response: { 200: response as TSchema }, tags, params: schemas.IdParams, body: body as TSchema } }, async (req) => {
      if (permission) authorize(req, permission);
      return run(ctx(req), req.params.id, req.body as Static<B>);
    });

  const sendImage = (reply: FastifyReply, img: { contentType: string; bytes: Buffer }, cache: string) =>
    sendFile(reply, { type: img.contentType, bytes: img.bytes, cache });

  // ---- citizen and public ------------------------------------------------------------------------

  app.get("/api/lapor/categories", { schema: { response: { 200: schemas.Categories }, tags } }, async (req) => ({
    items: (await listCategories(deps.db, req.tenant.id)).map(categoryView),
  }));

  app.get("/api/lapor/nearby", { schema: { response: { 200: schemas.Nearby }, tags, querystring: schemas.NearbyQuery } }, async (req) =>
    nearby(deps.db, req.tenant, req.query.category, req.query.lat, req.query.lon),
  );

  app.post("/api/lapor/photos", { schema: { response: { 201: schemas.Photo }, tags } }, async (req, reply) => {
    requireActor(req);
    const up = await readUpload(req, { maxBytes: MAX_PHOTO_BYTES, tooLargeMessage: PHOTO_TOO_LARGE });
    return reply.status(201).send(await uploadPhoto(ctx(req), up.filename, up.bytes));
  });
  app.get(
    "/api/lapor/photos/:id",
    { schema: { response: { 200: Binary("see the route", "GET /api/lapor/photos/{id}") }, tags, params: schemas.IdParams } },
    async (req, reply) => sendImage(reply, await readPhoto(ctx(req), req.params.id, false), "private, max-age=300"),
  );
  app.get(
    "/api/lapor/photos/:id/thumb",
    { schema: { response: { 200: Binary("see the route", "GET /api/lapor/photos/{id}/thumb") }, tags, params: schemas.IdParams } },
    async (req, reply) => sendImage(reply, await readPhoto(ctx(req), req.params.id, true), "private, max-age=300"),
  );

  app.post(
    "/api/lapor/reports",
    {
      // 201 filed; 200 the report an earlier request with the same Idempotency-Key and body filed (the offline queue's
      // retry); 422 idempotency-key-reused when the key comes back with another body.
      schema: { response: { 200: schemas.Filed, 201: schemas.Filed }, tags, body: schemas.NewReportBody, headers: schemas.IdempotencyHeaders },
      // Per IP; the per-account limit is checked in the service.
      config: { rateLimit: { max: Math.max(30, Math.ceil(deps.config.rateLimitPerMinute / 20)), timeWindow: "10 minutes" } },
    },
    async (req, reply) => {
      const r = await createReport(ctx(req), { ...req.body, clientKey: req.headers["idempotency-key"] });
      return reply.status(r.replayed ? 200 : 201).send(r);
    },
  );
  app.get("/api/lapor/mine", { schema: { response: { 200: Type.Object({ items: Type.Array(schemas.MyReport) }) }, tags } }, async (req) => ({
    items: await myReports(ctx(req)),
  }));
  app.get("/api/lapor/reports/:id", { schema: { response: { 200: schemas.ReportView }, tags, params: schemas.IdParams } }, async (req) =>
    viewReport(ctx(req), req.params.id),
  );
  app.post("/api/lapor/reports/:id/support", { schema: { response: { 200: schemas.Supported }, tags, params: schemas.IdParams } }, async (req) =>
    support(ctx(req), req.params.id),
  );
  reportAction("/api/lapor/reports/:id/reply", schemas.MessageBody, schemas.StateOf, (c, id, body) => replyUseCase(c, id, body.message));
  reportAction("/api/lapor/reports/:id/reopen", schemas.ReasonBody, schemas.StateOf, (c, id, body) => reopen(c, id, body.reason));
  reportAction("/api/lapor/reports/:id/rate", schemas.RateBody, schemas.Rated, (c, id, body) => rate(c, id, body.rating, body.comment));
  reportAction("/api/lapor/reports/:id/flag", schemas.ReasonBody, schemas.Flagged, (c, id, body) => flag(c, id, body.reason));

  // Closing the loop (./fix-loop.ts): the reporter confirms or rejects the fix.
  app.post("/api/lapor/reports/:id/confirm-fix", { schema: { response: { 200: loopSchemas.FixResult }, tags, params: schemas.IdParams } }, async (req) =>
    confirmFix(ctx(req), req.params.id),
  );
  reportAction("/api/lapor/reports/:id/reject-fix", loopSchemas.RejectFixBody, loopSchemas.FixResult, (c, id, body) =>
    rejectFix(c, id, body.reason, body.photoId),
  );

  // ---- staff -----------------------------------------------------------------------------------------

  // The after-photo for the next `resolve` (required where the category's complaint.afterPhoto says so).
  app.post(
    "/api/lapor/reports/:id/after-photo",
    { schema: { response: { 201: loopSchemas.AfterPhoto }, tags, params: schemas.IdParams } },
    async (req, reply) => {
      authorize(req, "lapor.handle");
      const up = await readUpload(req, { maxBytes: MAX_PHOTO_BYTES, tooLargeMessage: PHOTO_TOO_LARGE });
      return reply.status(201).send(await uploadAfterPhoto(ctx(req), req.params.id, up.filename, up.bytes));
    },
  );

  app.post("/api/lapor/reports/:id/updates", { schema: { response: { 201: schemas.Updated }, tags, params: schemas.IdParams } }, async (req, reply) => {
    authorize(req, "lapor.handle");
    const parts = await readParts(req, {
      maxBytes: MAX_PHOTO_BYTES,
      maxFiles: MAX_PHOTOS,
      fields: ["message"],
      tooLargeMessage: PHOTO_TOO_LARGE,
      tooManyCode: "too-many-photos",
    });
    const message = parts.fields.message ?? "";
    const photos = parts.files;
    if (message.length > 2000) throw badRequest("validation-failed", { fields: [{ field: "message", code: "maxLength" }] });
    return reply.status(201).send(await postUpdate(ctx(req), req.params.id, message, photos));
  });
  reportAction("/api/lapor/reports/:id/merge", schemas.MergeBody, schemas.Merged, (c, id, body) => merge(c, id, body.into), "lapor.handle");
  // "Teruskan ke SP4N-LAPOR!" (Kominfo): queued, sent by the forwarding job; the tracking id becomes the national reference.
  app.get("/api/lapor/reports/:id/sp4n-lapor", { schema: { tags, params: schemas.IdParams, response: { 200: schemas.LaporForwarding } } }, async (req) => {
    authorize(req, "lapor.moderate");
    return laporForwarding(ctx(req), req.params.id);
  });
  app.post(
    "/api/lapor/reports/:id/sp4n-lapor",
    { schema: { tags, params: schemas.IdParams, response: { 202: schemas.LaporForwarding } } },
    async (req, reply) => {
      authorize(req, "lapor.moderate");
      return reply.status(202).send(await forwardToLapor(ctx(req), req.params.id));
    },
  );
  // Reports whose kelurahan is not determined yet (docs/complaints.md, "Location"): Kominfo's list, and setting it.
  app.get("/api/lapor/unplaced", { schema: { tags, response: { 200: schemas.UnplacedList } } }, async (req) => {
    authorize(req, "lapor.moderate");
    return place.unplacedReports(ctx(req));
  });
  reportAction("/api/lapor/reports/:id/kelurahan", schemas.PlaceBody, schemas.PlaceResult, place.setReportKelurahan, "lapor.handle");
  app.get("/api/lapor/heatmap", { schema: { response: { 200: schemas.Heatmap }, tags, querystring: schemas.RangeQuery } }, async (req) => {
    authorize(req, "lapor.heatmap");
    const to = req.query.to ? new Date(req.query.to) : new Date();
    const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 90 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badRequest("validation-failed", { fields: [{ field: "from", code: "format" }] });
    return heatmap(deps.db, req.tenant, from, to);
  });
  app.get("/api/lapor/moderation", { schema: { response: { 200: schemas.ModerationQueue }, tags } }, async (req) => {
    authorize(req, "lapor.moderate");
    return moderationQueue(deps.db, req.tenant);
  });
  reportAction("/api/lapor/moderation/:id", schemas.ModerationBody, schemas.Moderated, (c, id, body) => moderate(c, id, body.decision), "lapor.moderate");

  // ---- public (no sign-in; never a reporter's identity, never a confidential report) -------------------

  const publicTags = ["public"];
  app.get(
    "/api/public/lapor/reports",
    { schema: { response: { 200: schemas.PublicList }, tags: publicTags, querystring: schemas.PublicListQuery } },
    async (req) => listPublicReports(deps.db, req.tenant, req.query),
  );
  app.get(
    "/api/public/lapor/reports/:number",
    { schema: { response: { 200: schemas.PublicReport }, tags: publicTags, params: schemas.NumberParams } },
    async (req) => getPublicReport(deps.db, req.tenant, req.params.number),
  );
  app.get(
    "/api/public/lapor/photos/:id",
    { schema: { response: { 200: Binary("see the route", "GET /api/public/lapor/photos/{id}") }, tags: publicTags, params: schemas.IdParams } },
    async (req, reply) => sendImage(reply, await readPublicPhoto(deps.db, deps.files, req.tenant, req.params.id, false), "public, max-age=300"),
  );
  app.get(
    "/api/public/lapor/photos/:id/thumb",
    { schema: { response: { 200: Binary("see the route", "GET /api/public/lapor/photos/{id}/thumb") }, tags: publicTags, params: schemas.IdParams } },
    async (req, reply) => sendImage(reply, await readPublicPhoto(deps.db, deps.files, req.tenant, req.params.id, true), "public, max-age=300"),
  );
  app.get("/api/public/lapor/ranking", { schema: { response: { 200: loopSchemas.Ranking }, tags: publicTags, querystring: schemas.RangeQuery } }, async (req) =>
    unitRanking(deps.db, req.tenant, req.query.from, req.query.to),
  );
  app.get("/api/public/lapor/stats", { schema: { response: { 200: schemas.PublicStats }, tags: publicTags, querystring: schemas.RangeQuery } }, async (req) =>
    publicStats(deps.db, req.tenant, req.query.from, req.query.to),
  );
}
