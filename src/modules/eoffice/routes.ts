/** e-Office HTTP routes: incoming letters, dispositions, outgoing letters, archive, export, public verification. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { type App, authorize, type Deps, sendFile } from "../../platform/http.ts";
import { Binary, Loose } from "../../platform/responses.ts";
import { Limit } from "../../platform/schemas.ts";
import { readUpload, registerUploads } from "../../platform/uploads.ts";
import * as eo from "./service.ts";
import * as S from "./schemas.ts";

/** Staff of a unit using e-Office; each use case then checks the role in the letter's unit. */
const use = (req: FastifyRequest) => authorize(req, "eoffice.use");

export default async function eofficeRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest): eo.EoCtx => ({
    db: deps.db,
    tenant: req.tenant,
    actor: req.actor,
    files: deps.files,
    config: deps.config,
    baseUrl: deps.config.publicUrl ?? `${req.protocol}://${req.host}`,
  });
  const tags = ["eoffice"];
  const letter = { 200: Loose(S.Letter) };
  const pdf = (reply: FastifyReply, bytes: Buffer, type: string, name: string, disposition = "inline") =>
    sendFile(reply, { type, bytes, cache: "private, no-store", disposition: `${disposition}; filename="${name.replace(/[^\w.-]+/g, "_")}"` });
  await registerUploads(app);

  // ---- reference -------------------------------------------------------------------------------------
  app.get(
    "/api/eoffice/classifications",
    { schema: { tags, summary: "Classification codes with their retention (JRA)", response: { 200: Type.Array(S.Classification) } } },
    async (req) => {
      use(req);
      return eo.classifications(ctx(req));
    },
  );
  app.get(
    "/api/eoffice/templates",
    {
      schema: {
        tags,
        summary: "Templates of outgoing letters and nota dinas",
        response: { 200: Type.Array(Type.Object({ key: Type.String(), kind: Type.String(), name: Type.String(), body: Type.String() })) },
      },
    },
    async (req) => {
      use(req);
      return eo.TEMPLATES;
    },
  );
  app.get(
    "/api/eoffice/units/:id/directory",
    {
      schema: {
        tags,
        params: S.IdParams,
        summary: "Staff of a unit (disposition and verifier pickers) and the units letters go to",
        response: { 200: S.Directory },
      },
    },
    async (req) => {
      use(req);
      return eo.unitDirectory(ctx(req), req.params.id);
    },
  );

  // ---- letters ---------------------------------------------------------------------------------------
  app.get(
    "/api/eoffice/letters",
    {
      schema: {
        tags,
        summary: "Search the letters I may see (my units', or ones I handle), access classes applied",
        querystring: Type.Object({
          direction: Type.Optional(Type.Union([Type.Literal("incoming"), Type.Literal("outgoing")])),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          classification: Type.Optional(Type.String({ maxLength: 20 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
          unitId: Type.Optional(Type.String({ format: "uuid" })),
          limit: Type.Optional(Limit(200, 100)),
        }),
        response: { 200: Type.Array(Loose(S.LetterSummary)) },
      },
    },
    async (req) => {
      use(req);
      return eo.searchLetters(ctx(req), req.query);
    },
  );
  app.post(
    "/api/eoffice/incoming",
    { schema: { tags, summary: "Register an incoming letter (secretariat); attach its scan next", body: S.IncomingBody, response: { 201: Loose(S.Letter) } } },
    async (req, reply) => {
      authorize(req, "eoffice.register");
      return reply.status(201).send(await eo.registerIncoming(ctx(req), req.body));
    },
  );
  app.post(
    "/api/eoffice/letters/:id/scan",
    { schema: { tags, params: S.IdParams, summary: "Attach the scan of an incoming letter (PDF, JPEG or PNG, ≤ 20 MB)", response: letter } },
    async (req) => {
      authorize(req, "eoffice.register");
      const up = await readUpload(req, { maxBytes: eo.MAX_SCAN_BYTES });
      return eo.attachScan(ctx(req), req.params.id, up);
    },
  );
  app.get(
    "/api/eoffice/letters/:id",
    { schema: { tags, params: S.IdParams, summary: "One letter with its dispositions and what I may do", response: letter } },
    async (req) => {
      use(req);
      return eo.letterDetail(ctx(req), req.params.id);
    },
  );
  app.get(
    "/api/eoffice/letters/:id/file",
    { schema: { tags, params: S.IdParams, summary: "The scan or the signed PDF", response: { 200: Binary("application/pdf, image/*") } } },
    async (req, reply) => {
      use(req);
      const f = await eo.letterFile(ctx(req), req.params.id);
      return pdf(reply, f.bytes, f.type, f.name);
    },
  );
  app.get(
    "/api/eoffice/letters/:id/export",
    {
      schema: {
        tags,
        params: S.IdParams,
        summary: "The letter with its metadata for SRIKANDI's records (ZIP: metadata.json + file)",
        response: { 200: Binary("application/zip") },
      },
    },
    async (req, reply) => {
      use(req);
      const e = await eo.exportLetter(ctx(req), req.params.id);
      return pdf(reply, e.zip, "application/zip", e.name, "attachment");
    },
  );

  // ---- dispositions ----------------------------------------------------------------------------------
  /** POST a new disposition (to staff of the unit) from a letter or from a disposition addressed to me. */
  const newDisposition = (path: string, summary: string, run: (c: eo.EoCtx, id: string, body: Static<typeof S.DispositionBody>) => Promise<unknown>) =>
    app.post(path, { schema: { tags, params: S.IdParams, body: S.DispositionBody, summary, response: { 201: Loose(S.Disposition) } } }, async (req, reply) => {
      use(req);
      return reply.status(201).send(await run(ctx(req), req.params.id, req.body));
    });
  newDisposition("/api/eoffice/letters/:id/dispositions", "Dispose the letter to staff of its unit (head or Plt./Plh.)", eo.dispose);
  app.get(
    "/api/eoffice/dispositions",
    {
      schema: {
        tags,
        summary: "Dispositions addressed to me (open ones first)",
        querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(Loose(S.InboxItem)) },
      },
    },
    async (req) => {
      use(req);
      return eo.myDispositions(ctx(req), req.query.open ?? false);
    },
  );
  const dispositionStep = (
    path: string,
    summary: string,
    run: (c: eo.EoCtx, id: string, body: Record<string, string>) => Promise<unknown>,
    body = Type.Object({}, { additionalProperties: false }),
  ) =>
    app.post(
      `/api/eoffice/dispositions/:id/${path}`,
      { schema: { tags, params: S.IdParams, body, summary, response: { 200: Loose(S.Disposition) } } },
      async (req) => {
        use(req);
        return run(ctx(req), req.params.id, (req.body ?? {}) as Record<string, string>);
      },
    );
  dispositionStep("read", "Mark a disposition addressed to me as read", (c, id) => eo.markRead(c, id));
  dispositionStep(
    "finish",
    "Report the follow-up done (penyelesaian)",
    (c, id, b) => eo.finish(c, id, b.note),
    Type.Object({ note: Text(2000) }, { additionalProperties: false }),
  );
  dispositionStep("cancel", "Take back a disposition I sent while it is unread", (c, id) => eo.cancel(c, id));
  newDisposition("/api/eoffice/dispositions/:id/forward", "Forward a disposition addressed to me to another staff member of the unit", eo.forward);

  // ---- outgoing --------------------------------------------------------------------------------------
  app.post(
    "/api/eoffice/outgoing",
    { schema: { tags, summary: "Draft an outgoing letter or nota dinas from a template", body: S.DraftBody, response: { 201: Loose(S.Letter) } } },
    async (req, reply) => {
      use(req);
      return reply.status(201).send(await eo.createDraft(ctx(req), req.body));
    },
  );
  /** POST a step of an outgoing letter that takes no body; answers the letter. */
  const letterStep = (step: string, summary: string, run: (c: eo.EoCtx, id: string) => Promise<unknown>) =>
    app.post(`/api/eoffice/letters/:id/${step}`, { schema: { tags, params: S.IdParams, summary, response: letter } }, async (req) => {
      use(req);
      return run(ctx(req), req.params.id);
    });
  letterStep("submit", "Send my draft to its verifier", eo.submitDraft);
  app.post(
    "/api/eoffice/letters/:id/review",
    {
      schema: {
        tags,
        params: S.IdParams,
        summary: "Verifier: approve the draft to the signer, or return it with a note",
        body: Type.Object(
          { decision: Type.Union([Type.Literal("approve"), Type.Literal("return")]), note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: letter,
      },
    },
    async (req) => {
      use(req);
      return eo.reviewDraft(ctx(req), req.params.id, req.body.decision, req.body.note);
    },
  );
  app.get(
    "/api/eoffice/letters/:id/preview",
    { schema: { tags, params: S.IdParams, summary: "The outgoing letter as it will be signed (watermarked)", response: { 200: Binary("application/pdf") } } },
    async (req, reply) => {
      use(req);
      return pdf(reply, await eo.previewOutgoing(ctx(req), req.params.id), "application/pdf", "pratinjau.pdf");
    },
  );
  app.post(
    "/api/eoffice/letters/:id/sign",
    {
      config: { rateLimit: { max: Math.min(deps.config.authRateLimitPerMinute, 30), timeWindow: "1 minute" } },
      schema: {
        tags,
        params: S.IdParams,
        summary: "Sign the letter electronically (its signer, or their Plt./Plh.); the number is given now",
        body: Type.Object({ passphrase: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: letter,
      },
    },
    async (req) => {
      use(req);
      return eo.signOutgoing(ctx(req), req.params.id, req.body.passphrase);
    },
  );
  letterStep("send", "Send a signed letter (into the destination and tembusan units' inboxes)", eo.sendOutgoing);

  // ---- public ----------------------------------------------------------------------------------------
  app.get(
    "/api/public/eoffice/verify/:code",
    {
      config: { rateLimit: { max: 60, timeWindow: "1 minute" } },
      schema: {
        tags: ["public"],
        params: Type.Object({ code: Type.String({ minLength: 8, maxLength: 40, pattern: "^[A-Za-z0-9_-]+$" }) }),
        summary: "Check a signed e-Office letter by the code of its QR link",
        response: {
          200: Loose(
            Type.Object(
              { number: Type.String(), unit: Type.String(), subject: Type.Union([Type.String(), Type.Null()]), sha256: Type.String() },
              { additionalProperties: true },
            ),
          ),
        },
      },
    },
    async (req) => eo.verifyCode(ctx(req), req.params.code),
  );
}

function Text(max: number) {
  return Type.String({ minLength: 1, maxLength: max });
}
