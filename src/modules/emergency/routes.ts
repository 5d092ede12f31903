import { type Static, type TSchema, Type } from "typebox";
import { DateOnly } from "../../platform/schemas.ts";
import type { FastifyRequest } from "fastify";
import { validationFailed } from "../../platform/errors.ts";
import { localDate } from "../../platform/workdays.ts";
import { type App, authorize, type Deps, requireActor } from "../../platform/http.ts";
import type { Permission } from "../../platform/auth/roles.ts";
import { closeIncident, dispatchUnit, setDispatchStatus } from "./dispatch.ts";
import { CALL_NUMBER, type EmergencyCtx, INCIDENT_TYPES } from "./model.ts";
import { getIncident, liaisonDispatches, listIncidents, publicStatus } from "./read.ts";
import { addCall, createIncident, nearbyIncidents } from "./record.ts";
import { responseCsv, responseTimes } from "./reports.ts";
import { listResponders } from "./responders.ts";
import { Loose } from "../../platform/responses.ts";
import * as S from "./schemas.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const TypeKey = Type.Union(INCIDENT_TYPES.map((t) => Type.Literal(t.key)));
const Text = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
const Coord = Type.Optional(Type.Union([Type.Number(), Type.Null()]));
const DateStr = DateOnly();

const NewIncidentBody = Type.Object(
  {
    type: TypeKey,
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
    lat: Coord,
    lon: Coord,
    address: Text(300),
    callerName: Text(120),
    callerPhone: Text(30),
    notes: Text(2000),
    kelurahan: Text(20),
  },
  { additionalProperties: false },
);

/** Call Center 112: incidents, calls, dispatches, reports; the citizen's Darurat button (docs/command-center.md). */
export default async function emergencyRoutes(app: App, deps: Deps) {
  const tags = ["emergency"];
  const ctx = (req: FastifyRequest): EmergencyCtx => ({ db: deps.db, tenant: req.tenant, actor: req.actor, publicUrl: deps.config.publicUrl });

  app.get("/api/emergency/meta", { schema: { response: { 200: S.Meta }, tags, summary: "Incident types and responding units" } }, async (req) => {
    authorize(req, "incidents.read");
    return {
      types: INCIDENT_TYPES.map((t) => ({ ...t, agencies: [...t.agencies] })),
      responders: await listResponders(deps.db, req.tenant.id),
      callNumber: CALL_NUMBER,
    };
  });

  app.get(
    "/api/emergency/incidents",
    {
      schema: {
        response: { 200: S.IncidentList },
        tags,
        summary: "Incidents, newest first",
        querystring: Type.Object(
          { open: Type.Optional(Type.Boolean()), type: Type.Optional(TypeKey), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const actor = authorize(req, "incidents.read");
      return { items: await listIncidents(deps.db, req.tenant.id, actor, req.query) };
    },
  );

  app.get(
    "/api/emergency/incidents/nearby",
    {
      schema: {
        response: { 200: S.NearbyIncidents },
        tags,
        summary: "Open incidents of a type within 500 m received in the last hour (to link a repeated call)",
        querystring: Type.Object({ type: TypeKey, lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const actor = authorize(req, "incidents.take");
      return { items: await nearbyIncidents(deps.db, req.tenant.id, req.query.type, req.query.lat, req.query.lon, actor) };
    },
  );

  app.post(
    "/api/emergency/incidents",
    { schema: { response: { 201: S.Incident }, tags, summary: "Record an incident (call taker)", body: NewIncidentBody } },
    async (req, reply) => {
      authorize(req, "incidents.take");
      const created = await createIncident(ctx(req), req.body, "call");
      const { trackingToken: _token, ...view } = created;
      return reply.code(201).send(view);
    },
  );

  app.get("/api/emergency/incidents/:id", { schema: { response: { 200: S.IncidentDetail }, tags, params: Type.Object({ id: Id }) } }, async (req) => {
    requireActor(req);
    return getIncident(ctx(req), req.params.id);
  });

  /** POST /api/emergency/incidents/:id/…: one step on an incident by a holder of the permission. */
  const incidentStep = <B extends TSchema>(
    verb: string,
    o: { permission: Permission; summary: string; status: 200 | 201; response: TSchema; body: B },
    run: (c: EmergencyCtx, id: string, body: Static<B>) => Promise<unknown>,
  ) =>
    app.post(
      `/api/emergency/incidents/:id/${verb}`,
      { schema: { response: { [o.status]: o.response }, tags, summary: o.summary, params: Type.Object({ id: Id }), body: o.body } },
      async (req, reply) => {
        authorize(req, o.permission);
        return reply.code(o.status).send(await run(ctx(req), req.params.id, req.body as Static<B>));
      },
    );

  incidentStep(
    "calls",
    {
      permission: "incidents.take",
      summary: "Link a repeated call to an incident",
      status: 201,
      response: S.Call,
      body: Type.Object({ callerName: Text(120), callerPhone: Text(30), notes: Text(2000) }, { additionalProperties: false }),
    },
    addCall,
  );
  incidentStep(
    "dispatches",
    {
      permission: "incidents.dispatch",
      summary: "Send a responding unit",
      status: 201,
      response: S.Dispatch,
      body: Type.Object({ responderId: Type.String({ minLength: 1, maxLength: 64 }), note: Text(500) }, { additionalProperties: false }),
    },
    dispatchUnit,
  );

  app.get(
    "/api/emergency/my-dispatches",
    {
      schema: {
        response: { 200: S.LiaisonDispatches },
        tags,
        summary: "An OPD liaison's dispatches: its units' crews, active first, with their incidents",
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (actor.kind !== "staff") authorize(req, "incidents.dispatch");
      return liaisonDispatches(ctx(req));
    },
  );

  app.post(
    "/api/emergency/dispatches/:id/status",
    {
      schema: {
        response: { 200: S.Dispatch },
        tags,
        summary: "A unit's progress: en_route, on_scene, finished or cancelled (dispatcher or the responder OPD's liaison)",
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { status: Type.Union(["en_route", "on_scene", "finished", "cancelled"].map((s) => Type.Literal(s))), note: Text(500) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (actor.kind !== "staff") authorize(req, "incidents.dispatch");
      return setDispatchStatus(ctx(req), req.params.id, req.body);
    },
  );

  incidentStep(
    "close",
    {
      permission: "incidents.dispatch",
      summary: "Close an incident with its outcome",
      status: 200,
      response: S.Incident,
      body: Type.Object(
        { outcome: Type.Union([Type.Literal("handled"), Type.Literal("false_alarm")]), note: Type.String({ maxLength: 2000 }) },
        { additionalProperties: false },
      ),
    },
    closeIncident,
  );

  app.get(
    "/api/emergency/reports/response-times",
    {
      schema: {
        response: { 200: Loose(S.ResponseTimes) },
        tags,
        summary: "Response times (seconds, median and p90) per incident type or kecamatan; CSV with format=csv",
        querystring: Type.Object(
          {
            by: Type.Optional(Type.Union([Type.Literal("type"), Type.Literal("kecamatan")])),
            from: Type.Optional(DateStr),
            to: Type.Optional(DateStr),
            format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      authorize(req, "incidents.read");
      const today = localDate(new Date(), req.tenant.timezone);
      const to = req.query.to ?? today;
      const from = req.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      const real = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
      const bad = (["from", "to"] as const).filter((f) => req.query[f] !== undefined && !real(req.query[f] as string));
      if (bad.length) throw validationFailed(bad.map((field) => ({ field, code: "date-invalid" })));
      if (from > to) throw validationFailed([{ field: "from", code: "date-range" }]);
      const by = req.query.by ?? "type";
      const rows = await responseTimes(deps.db, req.tenant, by, from, to, req.locale);
      if (req.query.format === "csv") {
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="waktu-respons-112-${by}-${from}-${to}.csv"`)
          .send(responseCsv(rows, by, req.locale));
      }
      return { by, from, to, rows };
    },
  );

  // ---- the citizen's Darurat button -------------------------------------------------------------------
  app.post(
    "/api/public/emergency",
    {
      schema: {
        response: { 201: S.PublicReceipt },
        tags,
        summary: "Darurat: send an emergency with the phone's location; answers the number and a status token",
        body: Type.Object(
          {
            type: TypeKey,
            lat: Coord,
            lon: Coord,
            accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
            notes: Text(1000),
            phone: Text(30),
          },
          { additionalProperties: false },
        ),
      },
      config: { rateLimit: { max: Math.max(5, Math.ceil(deps.config.rateLimitPerMinute / 60)), timeWindow: "10 minutes" } },
    },
    async (req, reply) => {
      const b = req.body;
      const actor = req.actor && !req.actor.mfaPending ? req.actor : undefined;
      const accuracy = b.accuracy !== undefined ? ` (GPS ±${Math.round(b.accuracy)} m)` : "";
      const created = await createIncident(
        { ...ctx(req), actor },
        {
          type: b.type,
          lat: b.lat,
          lon: b.lon,
          callerName: actor?.name ?? null,
          callerPhone: b.phone ?? actor?.phone ?? null,
          notes: `[Tombol Darurat${accuracy}]${b.notes?.trim() ? ` ${b.notes.trim()}` : ""}`,
        },
        "app",
      );
      return reply.code(201).send({ number: created.number, trackingToken: created.trackingToken, state: created.state, callNumber: CALL_NUMBER });
    },
  );

  app.get("/api/public/emergency/:token", { schema: { response: { 200: S.PublicStatus }, tags, params: Type.Object({ token: Id }) } }, async (req, reply) => {
    reply.header("cache-control", "no-store");
    return publicStatus(deps.db, req.tenant.id, req.params.token);
  });
}
