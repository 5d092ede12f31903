import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { DateOnly } from "../../platform/schemas.ts";
import { type App, authorize, type Deps, sendFile } from "../../platform/http.ts";
import { readUpload, registerUploads } from "../../platform/uploads.ts";
import { currentCrl, rootPem } from "./authority.ts";
import { issueOfficialCertificate, listOfficialCertificates, revokeOfficialCertificate, setBsreNik } from "./certificates.ts";
import { documentsOfCase, downloadDocument } from "./citizen-copy.ts";
import { type DocsCtx, MAX_VERIFY_BYTES, signerFor } from "./context.ts";
import { createDelegation, listDelegations, revokeDelegation } from "./delegations.ts";
import { previewDocument, signDocuments, signingQueue, signingStatus } from "./sign.ts";
import { verifyByCode, verifyUpload } from "./verification.ts";
import { Binary } from "../../platform/responses.ts";
import * as S from "./schemas.ts";

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const Day = DateOnly();

/** Official documents: the signer's queue, bulk signing, certificates, delegations, download, public verification. */
export default async function documentRoutes(app: App, deps: Deps) {
  const ctx = (req: FastifyRequest): DocsCtx => ({
    db: deps.db,
    tenant: req.tenant,
    actor: req.actor,
    files: deps.files,
    config: deps.config,
    signer: signerFor(deps.config),
    baseUrl: deps.config.publicUrl ?? `${req.protocol}://${req.host}`,
  });
  const tags = ["documents"];
  /** Signing and issuing certificates test a passphrase: limited like logins. */
  const passphraseLimit = { rateLimit: { max: Math.min(deps.config.authRateLimitPerMinute, 30), timeWindow: "1 minute" } };
  await registerUploads(app);

  app.get(
    "/api/documents/signing-status",
    {
      schema: {
        response: { 200: S.SigningStatus },
        tags,
        summary: "Can I sign now? The configured signer and what is missing (a certificate, a BSrE account) — the queue page guides from it",
      },
    },
    async (req) => {
      authorize(req, "documents.sign");
      return signingStatus(ctx(req));
    },
  );
  app.get(
    "/api/documents/queue",
    { schema: { response: { 200: S.Queue }, tags, summary: "Documents waiting for my signature (own role or Plt./Plh. delegation)" } },
    async (req) => {
      authorize(req, "documents.sign");
      return signingQueue(ctx(req));
    },
  );
  /** GET /api/documents/:id/<what>: a PDF. */
  const pdfRoute = (
    what: string,
    summary: string,
    load: (req: FastifyRequest, id: string) => Promise<{ pdf: Uint8Array; disposition: string; cache: string }>,
  ) =>
    app.get(
      `/api/documents/:id/${what}`,
      { schema: { response: { 200: Binary("see the route", `GET /api/documents/{id}/${what}`) }, tags, params: IdParams, summary } },
      async (req, reply) => {
        const { pdf, disposition, cache } = await load(req, req.params.id);
        return sendFile(reply, { type: "application/pdf", bytes: pdf, cache, disposition });
      },
    );
  pdfRoute("preview", "The PDF as it will be signed (watermarked, no number yet)", async (req, id) => {
    authorize(req, "documents.sign");
    return { pdf: await previewDocument(ctx(req), id), disposition: 'inline; filename="pratinjau.pdf"', cache: "no-store" };
  });
  app.post(
    "/api/documents/sign",
    {
      config: passphraseLimit,
      schema: {
        response: { 200: S.SignOutcome },
        tags,
        summary: "Sign one or many documents of my queue with my passphrase (never stored or logged)",
        body: Type.Object(
          {
            ids: Type.Array(Type.String({ format: "uuid" }), { minItems: 1, maxItems: 100 }),
            passphrase: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      authorize(req, "documents.sign");
      const results = await signDocuments(ctx(req), req.body.ids, req.body.passphrase);
      return { signed: results.filter((r) => r.status === "signed").length, failed: results.filter((r) => r.status === "failed").length, results };
    },
  );
  pdfRoute("download", "The signed PDF (the case's applicant, or staff of the case)", async (req, id) => {
    const f = await downloadDocument(ctx(req), id);
    return { pdf: f.bytes, disposition: `attachment; filename="${f.filename.replaceAll('"', "")}"`, cache: "private, max-age=300" };
  });
  app.get(
    "/api/cases/:id/output-documents",
    {
      schema: {
        response: { 200: S.CaseDocuments },
        tags,
        params: IdParams,
        summary: "The output documents of a case (for the case page)",
      },
    },
    async (req) => documentsOfCase(ctx(req), req.params.id),
  );

  // Certificates (local CA).
  app.get(
    "/api/documents/certificates",
    {
      schema: {
        response: { 200: Type.Array(S.Certificate) },
        tags,
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      authorize(req, "documents.sign");
      return listOfficialCertificates(ctx(req), req.query.all === true);
    },
  );
  app.post(
    "/api/documents/certificates",
    {
      config: passphraseLimit,
      schema: {
        response: { 201: S.Certificate },
        tags,
        summary: "Issue or renew a signing certificate (the official's own, or any official's for Kominfo); the key is sealed with the passphrase",
        body: Type.Object(
          {
            userId: Type.Optional(Type.String({ format: "uuid" })),
            passphrase: Type.String({ minLength: 1, maxLength: 200 }),
            algorithm: Type.Optional(Type.Union([Type.Literal("rsa-2048"), Type.Literal("ecdsa-p256")])),
            nip: Type.Optional(Type.String({ pattern: "^[0-9 ]{18,21}$" })),
            title: Type.Optional(Type.String({ maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      authorize(req, "documents.sign");
      return reply
        .status(201)
        .header("cache-control", "no-store")
        .send(await issueOfficialCertificate(ctx(req), req.body));
    },
  );
  app.post(
    "/api/documents/certificates/:id/revoke",
    {
      schema: {
        response: { 200: S.Certificate },
        tags,
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { reason: Type.Optional(Type.Union([Type.Literal("key_compromise"), Type.Literal("cessation"), Type.Literal("unspecified")])) },
            { additionalProperties: false },
          ),
        ),
      },
    },
    async (req) => {
      authorize(req, "documents.sign");
      return revokeOfficialCertificate(ctx(req), req.params.id, req.body?.reason);
    },
  );
  app.put(
    "/api/documents/bsre-account",
    {
      schema: {
        response: { 200: S.BsreAccount },
        tags,
        summary: "Register the NIK an official signs with at BSrE",
        body: Type.Object(
          { nik: Type.String({ pattern: "^\\d{16}$" }), userId: Type.Optional(Type.String({ format: "uuid" })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      authorize(req, "documents.sign");
      return setBsreNik(ctx(req), req.body.nik, req.body.userId);
    },
  );

  // Delegations (Plt./Plh.).
  app.get("/api/documents/delegations", { schema: { response: { 200: Type.Array(S.Delegation) }, tags } }, async (req) => {
    authorize(req, "documents.sign");
    return listDelegations(ctx(req));
  });
  app.post(
    "/api/documents/delegations",
    {
      schema: {
        response: { 201: S.NewDelegation },
        tags,
        summary: "Delegate my signing role in a unit to a named deputy for a date range (Plt./Plh.)",
        body: Type.Object(
          {
            deputy: Type.String({ minLength: 1, maxLength: 200, description: "e-mail or user id of the deputy" }),
            from: Day,
            to: Day,
            kind: Type.Union([Type.Literal("plt"), Type.Literal("plh")]),
            unitId: Type.Optional(Type.String({ format: "uuid" })),
            principalId: Type.Optional(Type.String({ format: "uuid" })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      authorize(req, "documents.delegate");
      return reply.status(201).send(await createDelegation(ctx(req), req.body));
    },
  );
  app.post("/api/documents/delegations/:id/revoke", { schema: { response: { 200: S.Ack }, tags, params: IdParams } }, async (req) => {
    authorize(req, "documents.sign");
    await revokeDelegation(ctx(req), req.params.id);
    return { status: "ok" };
  });

  // Public: the root certificate, the revocation list, verification.
  const pub = ["public"];
  app.get(
    "/api/public/documents/root.pem",
    {
      schema: {
        response: { 200: Binary("see the route", "GET /api/public/documents/root.pem") },
        tags: pub,
        summary: "The tenant's root certificate (local CA)",
      },
    },
    async (req, reply) =>
      reply
        .type("application/x-pem-file")
        .header("cache-control", "public, max-age=3600")
        .send(await rootPem(deps.db, req.tenant, deps.config)),
  );
  app.get(
    "/api/public/documents/crl",
    { schema: { response: { 200: Binary("see the route", "GET /api/public/documents/crl") }, tags: pub, summary: "The current revocation list (DER)" } },
    async (req, reply) =>
      reply
        .type("application/pkix-crl")
        .header("cache-control", "public, max-age=300")
        .send(await currentCrl(deps.db, req.tenant, deps.config)),
  );
  const verifyLimit = { rateLimit: { max: Math.min(deps.config.rateLimitPerMinute, 60), timeWindow: "1 minute" } };
  app.get(
    "/api/public/verify/:code",
    {
      config: verifyLimit,
      schema: {
        response: { 200: S.Verification },
        tags: pub,
        params: Type.Object({ code: Type.String({ minLength: 8, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) }),
      },
    },
    async (req) => verifyByCode(ctx(req), req.params.code),
  );
  app.post(
    "/api/public/verify",
    {
      config: verifyLimit,
      schema: { response: { 200: S.Verification }, tags: pub, summary: "Upload a PDF (≤ 20 MB) to check its signature" },
    },
    async (req) => {
      const up = await readUpload(req, { maxBytes: MAX_VERIFY_BYTES });
      return verifyUpload(ctx(req), up.bytes, up.filename);
    },
  );
}
