import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type FieldError, unauthorized, validationFailed } from "../../platform/errors.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { verifyApiKey } from "../apikeys/index.ts";
import * as cameras from "./cameras.ts";
import * as ingest from "./ingest.ts";
import { overview } from "./overview.ts";
import { Camera, IngestLog, Overview } from "./schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

const cameraFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  ownerUnitId: Type.Optional(Nullable(Type.String({ maxLength: 36 }))),
  ownerUnitCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  streamKind: Type.Optional(Type.Union(cameras.STREAM_KINDS.map((k) => Type.Literal(k)))),
  streamUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  active: Type.Optional(Type.Boolean()),
};
const Code = Type.String({ minLength: 1, maxLength: 40, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$" });
const CameraCreate = Type.Object({ code: Code, ...cameraFields }, { additionalProperties: false });
const CameraPatch = Type.Partial(Type.Object({ code: Code, ...cameraFields }), { additionalProperties: false });

const Kind = Type.String({ minLength: 1, maxLength: 60, pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$" });
const IngestEvent = Type.Object(
  {
    kind: Kind,
    value: Type.Optional(Nullable(Type.Number())),
    unit: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    message: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    occurredAt: Type.Optional(Nullable(Type.String({ format: "date-time", maxLength: 40 }))),
    data: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
  },
  { additionalProperties: false },
);
const IngestBatch = Type.Object({ events: Type.Array(IngestEvent, { minItems: 1, maxItems: ingest.MAX_BATCH }) }, { additionalProperties: false });

const ruleFields = {
  source: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  kind: Kind,
  op: Type.Union(ingest.RULE_OPS.map((o) => Type.Literal(o))),
  threshold: Type.Number(),
  severity: Type.Union(ingest.SEVERITIES.map((s) => Type.Literal(s))),
  messageId: Type.String({ minLength: 1, maxLength: 300 }),
  messageEn: Type.String({ minLength: 1, maxLength: 300 }),
  active: Type.Optional(Type.Boolean()),
};
const RuleCreate = Type.Object(ruleFields, { additionalProperties: false });
const RulePatch = Type.Partial(Type.Object(ruleFields), { additionalProperties: false });

interface AjvError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Field errors of the branch the body meant ({events: [...]} or one event), without the other branch's noise.
 * Paths are dotted like everywhere else ("events.3.value").
 */
export function ingestFieldErrors(body: unknown, errors: AjvError[]): FieldError[] {
  const batch = !!body && typeof body === "object" && !Array.isArray(body) && "events" in body;
  // The body schema is anyOf [one event, batch]: keep the errors of the branch the body is shaped like.
  const branch = batch ? "#/anyOf/1/" : "#/anyOf/0/";
  const mine = errors.filter((e) => e.keyword !== "anyOf" && (e.schemaPath === undefined || e.schemaPath.startsWith(branch)));
  const fields = (mine.length ? mine : errors.filter((e) => e.keyword !== "anyOf")).map((e) => {
    let field = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    if (e.keyword === "required") field = [field, String(e.params.missingProperty)].filter(Boolean).join(".");
    if (e.keyword === "additionalProperties") field = [field, String(e.params.additionalProperty)].filter(Boolean).join(".");
    return { field: field || "body", code: e.keyword, message: e.message };
  });
  const seen = new Set<string>();
  return fields.filter((f) => (seen.has(`${f.field}|${f.code}`) ? false : seen.add(`${f.field}|${f.code}`)));
}

/** The API key of a machine request: `X-Api-Key`, or `Authorization: Bearer …`. */
function rawKey(req: FastifyRequest): string | undefined {
  const header = req.headers["x-api-key"];
  if (typeof header === "string" && header) return header.trim();
  const auth = req.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
}

/** Command center "Lawang Jabo": wall overview, CCTV registry and health check, OPD integration (docs/command-center.md). */
export default async function commandRoutes(app: App, deps: Deps) {
  const tags = ["command"];
  const db = deps.db;

  app.get(
    "/api/command/overview",
    {
      schema: {
        response: { 200: Overview },
        tags,
        summary: "The wall screen: counters, per-OPD rows, open incidents, clustered reports, cameras, 24 h per hour, ticker",
      },
    },
    async (req, reply) => {
      authorize(req, "command.view");
      reply.header("cache-control", "no-store");
      return overview(db, req.tenant);
    },
  );

  // ---- CCTV registry ----------------------------------------------------------------------------------
  app.get(
    "/api/command/cameras",
    {
      schema: {
        tags,
        summary: "Cameras with their last health check (active ones; all=true with the deactivated)",
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(Camera) }) },
      },
    },
    async (req, reply) => {
      authorize(req, "command.view");
      reply.header("cache-control", "no-store");
      return { items: await cameras.listCameras(db, req.tenant.id, { all: req.query.all === true }) };
    },
  );
  app.post(
    "/api/command/cameras",
    { schema: { tags, summary: "Register a camera (owner by ownerUnitId or ownerUnitCode)", body: CameraCreate, response: { 201: Camera } } },
    async (req, reply) => {
      const actor = authorize(req, "cameras.manage");
      return reply.status(201).send(await db.tx((q) => cameras.createCamera(q, req.tenant.id, req.body, actor.userId)));
    },
  );
  app.patch(
    "/api/command/cameras/:id",
    {
      schema: {
        tags,
        summary: "Change a camera; a new stream URL or kind resets its status to unknown",
        params: Id,
        body: CameraPatch,
        response: { 200: Camera },
      },
    },
    async (req) => {
      const actor = authorize(req, "cameras.manage");
      return db.tx((q) => cameras.updateCamera(q, req.tenant.id, req.params.id, req.body, actor.userId));
    },
  );
  app.delete(
    "/api/command/cameras/:id",
    { schema: { tags, summary: "Deactivate a camera (kept in the registry, no longer shown or checked)", params: Id, response: { 200: Camera } } },
    async (req) => {
      const actor = authorize(req, "cameras.manage");
      return db.tx((q) => cameras.deactivateCamera(q, req.tenant.id, req.params.id, actor.userId));
    },
  );
  app.post(
    "/api/command/cameras/check",
    {
      schema: {
        tags,
        summary: "Run the health check of this city's cameras now",
        response: { 200: Type.Object({ checked: Type.Integer(), online: Type.Integer(), offline: Type.Integer() }) },
      },
    },
    async (req) => {
      authorize(req, "cameras.manage");
      return cameras.checkCameras(db, { tenantId: req.tenant.id });
    },
  );

  // ---- OPD integration -------------------------------------------------------------------------------
  app.post(
    "/api/ingest/events",
    {
      attachValidation: true,
      config: {
        rateLimit: {
          max: 600,
          timeWindow: "1 minute",
          // Per key (hashed), else per client address.
          keyGenerator: (req: FastifyRequest) => {
            const k = rawKey(req);
            return k ? `ingest:${createHash("sha256").update(k).digest("hex").slice(0, 24)}` : `ingest-ip:${req.ip}`;
          },
        },
      },
      schema: {
        tags,
        summary: "OPD systems push events (API key of scope ingest): one event or {events: [...]} up to 500; threshold rules raise alerts",
        body: Type.Union([IngestEvent, IngestBatch]),
        response: { 202: Type.Object({ accepted: Type.Integer(), alerts: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const key = await verifyApiKey(db, req.tenant.id, rawKey(req), "ingest");
      if (!key) throw unauthorized("api-key-invalid");
      if (req.validationError) {
        const v = req.validationError as { validation?: AjvError[] };
        throw validationFailed(ingestFieldErrors(req.body, v.validation ?? []));
      }
      const batch = "events" in (req.body as object);
      const r = await ingest.ingestEvents(db, req.tenant.id, { id: key.id, name: key.name }, ingest.eventsOf(req.body), { batch });
      return reply.status(202).send(r);
    },
  );
  app.get(
    "/api/command/ingest",
    {
      schema: {
        response: { 200: IngestLog },
        tags,
        summary: "The ingestion log, newest first: q (message, source, kind), source, kind, alerts=true, before (id), limit",
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          source: Type.Optional(Type.String({ maxLength: 120 })),
          kind: Type.Optional(Type.String({ maxLength: 60 })),
          alerts: Type.Optional(Type.Boolean()),
          before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
      },
    },
    async (req, reply) => {
      authorize(req, "command.view");
      reply.header("cache-control", "no-store");
      return ingest.searchLog(db, req.tenant.id, req.query);
    },
  );

  const Rule = Type.Object({
    id: Type.String(),
    source: Nullable(Type.String()),
    kind: Type.String(),
    op: Type.String(),
    threshold: Type.Number(),
    severity: Type.String(),
    messageId: Type.String(),
    messageEn: Type.String(),
    active: Type.Boolean(),
    createdAt: Type.String(),
  });
  app.get(
    "/api/command/ingest/rules",
    { schema: { tags, summary: "Threshold rules of the OPD integration", response: { 200: Type.Object({ items: Type.Array(Rule) }) } } },
    async (req) => {
      authorize(req, "ingest.manage");
      return { items: await ingest.listRules(db, req.tenant.id) };
    },
  );
  app.post(
    "/api/command/ingest/rules",
    {
      schema: {
        tags,
        summary: "Add a threshold rule ({value}, {unit}, {source}, {kind}, {threshold} are filled into the messages)",
        body: RuleCreate,
        response: { 201: Rule },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "ingest.manage");
      return reply.status(201).send(await db.tx((q) => ingest.createRule(q, req.tenant.id, req.body, actor.userId)));
    },
  );
  app.patch(
    "/api/command/ingest/rules/:id",
    { schema: { tags, summary: "Change or (de)activate a threshold rule", params: Id, body: RulePatch, response: { 200: Rule } } },
    async (req) => {
      const actor = authorize(req, "ingest.manage");
      return db.tx((q) => ingest.updateRule(q, req.tenant.id, req.params.id, req.body, actor.userId));
    },
  );
}
