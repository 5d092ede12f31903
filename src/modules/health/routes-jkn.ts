/**
 * `/bpjs/fktp/…`: the antrean FKTP web service BPJS's Mobile JKN calls (mobilejkn.ts). BPJS reads HTTP 200 and the
 * metadata code, so every answer here — a malformed body included — is `{response, metadata: {code, message}}`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import { Nullable, Open } from "../../platform/responses.ts";
import type { App, Deps } from "../../platform/http.ts";
import { cancel, facilityOfToken, issueToken, jkn, queueStatus, refused, remaining, takeNumber } from "./mobilejkn.ts";

const Metadata = Type.Object({ code: Type.Integer(), message: Type.String() });
const description = "BPJS antrean FKTP reply: metadata.code 200 OK, 201 refused, 202 patient not found";
const Reply = Type.Object({ response: Type.Unknown(), metadata: Metadata }, { title: "BpjsReply", description });
/** A reply whose `response` (null when refused) has a known shape. */
const ReplyOf = <T extends TSchema>(title: string, response: T) => Type.Object({ response: Nullable(response), metadata: Metadata }, { title, description });
const TokenReply = ReplyOf("BpjsTokenReply", Open({ token: Type.String() }));
const NumberReply = ReplyOf("BpjsNumberReply", Open({ nomorantrean: Type.String() }));
const Field = Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Number(), Type.Null()]));
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v).trim());
const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
};

/** A request the schema refuses (malformed JSON, wrong types) still gets BPJS's shape. */
function bpjsErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.statusCode === 429) return reply.status(200).send(refused("Terlalu banyak permintaan, coba lagi nanti"));
  if (err.validation || err.statusCode === 400 || err instanceof SyntaxError) return reply.status(200).send(refused("Format Request Tidak Sesuai"));
  reply.log.error({ err }, "BPJS antrean endpoint failed");
  return reply.status(200).send(refused("Terjadi kesalahan pada server faskes"));
}

export default async function jknRoutes(app: App, deps: Deps) {
  const tags = ["health", "bpjs"];
  const tenantOf = (req: FastifyRequest) => ({ id: req.tenant.id, timezone: req.tenant.timezone });
  const facility = (req: FastifyRequest) => facilityOfToken(deps.db, req.tenant.id, header(req, "x-token"), header(req, "x-username"));
  const common = { errorHandler: bpjsErrors, config: { rateLimit: { max: Math.max(60, deps.config.rateLimitPerMinute), timeWindow: "1 minute" } } };

  app.get(
    "/bpjs/fktp/auth",
    {
      ...common,
      config: { rateLimit: { max: Math.min(deps.config.rateLimitPerMinute, 30), timeWindow: "1 minute" } },
      schema: { tags, summary: "Token for BPJS (headers x-username, x-password)", response: { 200: TokenReply } },
    },
    async (req) => jkn(() => issueToken(deps.db, req.tenant.id, header(req, "x-username"), header(req, "x-password"))),
  );

  app.get(
    "/bpjs/fktp/antrean/status/:kodepoli/:tanggalperiksa",
    {
      ...common,
      schema: {
        tags,
        summary: "Queue status of a poli on a day, per doctor (header x-token)",
        params: Type.Object({ kodepoli: Type.String({ maxLength: 10 }), tanggalperiksa: Type.String({ maxLength: 20 }) }),
        response: { 200: Reply },
      },
    },
    async (req) => jkn(async () => queueStatus(deps.db, req.tenant.id, await facility(req), req.params.kodepoli, req.params.tanggalperiksa)),
  );

  app.post(
    "/bpjs/fktp/antrean",
    {
      ...common,
      schema: {
        tags,
        summary: "Mobile JKN takes a queue number (header x-token)",
        body: Type.Object(
          {
            nomorkartu: Field,
            nik: Field,
            nohp: Field,
            kodepoli: Field,
            norm: Field,
            tanggalperiksa: Field,
            kodedokter: Field,
            jampraktek: Field,
            keluhan: Field,
          },
          { additionalProperties: true },
        ),
        response: { 200: NumberReply },
      },
    },
    async (req) =>
      jkn(async () => {
        const f = await facility(req);
        const b = req.body;
        return takeNumber(deps.db, tenantOf(req), f, {
          nomorkartu: str(b.nomorkartu),
          nik: str(b.nik),
          nohp: str(b.nohp),
          kodepoli: str(b.kodepoli),
          norm: str(b.norm),
          tanggalperiksa: str(b.tanggalperiksa),
          kodedokter: str(b.kodedokter),
          jampraktek: str(b.jampraktek),
          keluhan: str(b.keluhan),
        });
      }),
  );

  app.get(
    "/bpjs/fktp/antrean/sisapeserta/:nomorkartu/:kodepoli/:tanggalperiksa",
    {
      ...common,
      schema: {
        tags,
        summary: "How many are ahead of a card holder (header x-token)",
        params: Type.Object({
          nomorkartu: Type.String({ maxLength: 20 }),
          kodepoli: Type.String({ maxLength: 10 }),
          tanggalperiksa: Type.String({ maxLength: 20 }),
        }),
        response: { 200: Reply },
      },
    },
    async (req) =>
      jkn(async () => remaining(deps.db, req.tenant.id, await facility(req), req.params.nomorkartu, req.params.kodepoli, req.params.tanggalperiksa)),
  );

  app.put(
    "/bpjs/fktp/antrean/batal",
    {
      ...common,
      schema: {
        tags,
        summary: "Mobile JKN cancels a number (header x-token)",
        body: Type.Object({ tanggalperiksa: Field, kodepoli: Field, nomorkartu: Field, alasan: Field }, { additionalProperties: true }),
        response: { 200: Reply },
      },
    },
    async (req) =>
      jkn(async () => {
        const f = await facility(req);
        const b = req.body;
        return cancel(deps.db, req.tenant.id, f, {
          tanggalperiksa: str(b.tanggalperiksa),
          kodepoli: str(b.kodepoli),
          nomorkartu: str(b.nomorkartu),
          alasan: str(b.alasan),
        });
      }),
  );
}
