/** e-Puskesmas staff HTTP: the counter of a puskesmas (its own staff or Dinkes), Dinkes's settings and dashboard. */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { can } from "../../platform/auth/roles.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { Open } from "../../platform/responses.ts";
import { HealthAdminFacility, HealthCounter, HealthCounterFacilities, HealthDashboard } from "./schemas.ts";
import { unitsByCode } from "../admin/index.ts";
import { cancelBooking, issueNumber } from "./booking.ts";
import { addDays, bookingView, healthError, poliView, todayIn } from "./common.ts";
import { healthConfig } from "./config.ts";
import { callNext, counterAction } from "./counter.ts";
import { dashboard } from "./dashboard.ts";
import { adminFacilities, dinkesUnits, setWsCredentials } from "./facilities.ts";
import { SatusehatClient } from "./satusehat.ts";
import * as store from "./store.ts";
import { sendVisit } from "./visits.ts";

const Id = Type.String({ format: "uuid" });
const Alasan = Type.Object({ alasan: Type.String({ minLength: 3, maxLength: 300 }) }, { additionalProperties: false });
const BookingOut = Open({ id: Type.String(), code: Type.String(), state: Type.String() }, { title: "HealthCounterBooking" });

export default async function staffRoutes(app: App, deps: Deps) {
  const tags = ["health"];
  const cfg = healthConfig();
  const satusehat = cfg.satusehat ? new SatusehatClient(cfg.satusehat) : undefined;

  /** The puskesmas, with the actor holding health.counter in its unit or in Dinkes itself. */
  async function counterFacility(req: FastifyRequest, facilityId: string) {
    const f = await store.facilityById(deps.db, req.tenant.id, facilityId);
    if (!f) {
      authorize(req, "health.counter");
      throw healthError.facility();
    }
    const dinkes = await unitsByCode(deps.db, req.tenant.id, ["DINKES"]);
    const actor = authorize(req, "health.counter", [f.unit_id, ...dinkes.map((u) => u.id)]);
    return { f, actor };
  }
  const authorizeDinkes = async (req: FastifyRequest, permission: "health.manage" | "health.dashboard") =>
    authorize(
      req,
      permission,
      (await unitsByCode(deps.db, req.tenant.id, ["DINKES"])).map((u) => u.id),
    );

  app.get(
    "/api/health/counter/facilities",
    { schema: { tags, summary: "The puskesmas whose counter the staff member may run", response: { 200: HealthCounterFacilities } } },
    async (req) => {
      const actor = authorize(req, "health.counter");
      const dinkes = await dinkesUnits(deps.db, req.tenant.id);
      const all = await store.facilities(deps.db, req.tenant.id, true);
      const dinkesRoot = (await unitsByCode(deps.db, req.tenant.id, ["DINKES"])).map((u) => u.id);
      return all
        .filter((f) => can(actor, "health.counter", [f.unit_id, ...dinkesRoot]) && dinkes.includes(f.unit_id))
        .map((f) => ({ id: f.id, name: f.name, unitCode: f.unit_code }));
    },
  );

  app.get(
    "/api/health/counter/:facilityId",
    {
      schema: {
        tags,
        summary: "The counter's day: the puskesmas's poli and, for one poli, every number of the day",
        params: Type.Object({ facilityId: Id }),
        querystring: Type.Object({ poliId: Type.Optional(Id), date: Type.Optional(DateOnly()) }),
        response: { 200: HealthCounter },
      },
    },
    async (req) => {
      const { f } = await counterFacility(req, req.params.facilityId);
      const date = req.query.date ?? todayIn(req.tenant.timezone);
      const polis = await store.polis(deps.db, req.tenant.id, f.id);
      const poli = polis.find((p) => p.id === req.query.poliId) ?? polis[0];
      const bookings = poli ? await store.bookingsOfDay(deps.db, req.tenant.id, poli.id, date) : [];
      const schedules = poli ? await store.schedules(deps.db, req.tenant.id, [poli.id]) : [];
      return {
        facility: { id: f.id, name: f.name },
        date,
        polis: polis.map(poliView),
        poliId: poli?.id ?? null,
        doctors: schedules.map((s) => ({ kodedokter: s.kodedokter, namadokter: s.namadokter, weekday: s.weekday, scheduleId: s.id })),
        bookings: bookings.map((b) => bookingView(b)),
        satusehat: Boolean(satusehat),
      };
    },
  );

  app.post(
    "/api/health/counter/:facilityId/walkins",
    {
      schema: {
        tags,
        summary: "A walk-in patient gets the poli's next number today (checked in at once)",
        params: Type.Object({ facilityId: Id }),
        body: Type.Object(
          {
            poliId: Id,
            kodedokter: Type.Optional(Type.Integer({ minimum: 1 })),
            patientName: Type.String({ minLength: 2, maxLength: 120 }),
            nik: Type.String({ maxLength: 16 }),
            nomorkartu: Type.Optional(Type.String({ maxLength: 13 })),
            keluhan: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: BookingOut },
      },
    },
    async (req, reply) => {
      const { f, actor } = await counterFacility(req, req.params.facilityId);
      const b = req.body;
      const issued = await issueNumber(
        deps.db,
        { id: req.tenant.id, timezone: req.tenant.timezone },
        {
          facilityId: f.id,
          poliId: b.poliId,
          kodedokter: b.kodedokter,
          date: todayIn(req.tenant.timezone),
          nik: b.nik,
          nomorkartu: b.nomorkartu || null,
          patientName: b.patientName,
          keluhan: b.keluhan || null,
          source: "walkin",
        },
        actor.userId,
      );
      reply.status(201);
      return bookingView(issued.booking, { ahead: issued.ahead }, true);
    },
  );

  app.post(
    "/api/health/counter/:facilityId/polis/:poliId/call-next",
    {
      schema: {
        tags,
        summary: "Call the lowest-numbered checked-in patient of the poli today",
        params: Type.Object({ facilityId: Id, poliId: Id }),
        response: { 200: BookingOut },
      },
    },
    async (req) => {
      const { f, actor } = await counterFacility(req, req.params.facilityId);
      return bookingView(await callNext(deps.db, req.tenant.id, f.id, req.params.poliId, todayIn(req.tenant.timezone), actor.userId));
    },
  );

  app.post(
    "/api/health/counter/:facilityId/bookings/:id/:action",
    {
      schema: {
        tags,
        summary: "Counter action on a number: checkin (hadir), recall, skip (tidak hadir), serve",
        params: Type.Object({
          facilityId: Id,
          id: Id,
          action: Type.Union([Type.Literal("checkin"), Type.Literal("recall"), Type.Literal("skip"), Type.Literal("serve")]),
        }),
        response: { 200: BookingOut },
      },
    },
    async (req) => {
      const { f, actor } = await counterFacility(req, req.params.facilityId);
      return bookingView(await counterAction(deps.db, req.tenant.id, f.id, req.params.id, req.params.action, actor.userId));
    },
  );

  app.post(
    "/api/health/counter/:facilityId/bookings/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel a number at the counter (batal, with a reason)",
        params: Type.Object({ facilityId: Id, id: Id }),
        body: Alasan,
        response: { 200: BookingOut },
      },
    },
    async (req) => {
      const { f, actor } = await counterFacility(req, req.params.facilityId);
      return deps.db.tx(async (q) => {
        const b = await store.bookingById(q, req.tenant.id, req.params.id, true);
        if (!b || b.facility_id !== f.id) throw healthError.booking();
        return bookingView(await cancelBooking(q, req.tenant.id, b, req.body.alasan, actor.userId));
      });
    },
  );

  app.post(
    "/api/health/counter/:facilityId/bookings/:id/satusehat",
    {
      schema: {
        tags,
        summary: "Send a served visit to SATUSEHAT as a FHIR R4 Encounter",
        params: Type.Object({ facilityId: Id, id: Id }),
        response: { 200: Type.Object({ encounterId: Type.String(), already: Type.Boolean() }) },
      },
    },
    async (req) => {
      const { f, actor } = await counterFacility(req, req.params.facilityId);
      const b = await store.bookingById(deps.db, req.tenant.id, req.params.id);
      if (!b || b.facility_id !== f.id) throw healthError.booking();
      return sendVisit(deps.db, req.tenant.id, b.id, satusehat, cfg.satusehat?.organizationId ?? "", actor.userId);
    },
  );

  // ---- Dinkes ---------------------------------------------------------------------------------------
  app.get(
    "/api/health/admin/facilities",
    { schema: { tags, summary: "Every puskesmas with its Mobile JKN web-service username", response: { 200: Type.Array(HealthAdminFacility) } } },
    async (req) => {
      await authorizeDinkes(req, "health.manage");
      return adminFacilities(deps.db, req.tenant.id);
    },
  );

  app.put(
    "/api/health/admin/facilities/:id/ws-credentials",
    {
      schema: {
        tags,
        summary: "Set the username and password BPJS's Mobile JKN uses for this puskesmas's antrean web service",
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { username: Type.String({ minLength: 3, maxLength: 60, pattern: "^[A-Za-z0-9._-]+$" }), password: Type.String({ minLength: 10, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ facilityId: Type.String(), username: Type.String() }) },
      },
    },
    async (req) => {
      const actor = await authorizeDinkes(req, "health.manage");
      return setWsCredentials(deps.db, req.tenant.id, req.params.id, req.body.username, req.body.password, actor.userId);
    },
  );

  app.get(
    "/api/health/dashboard",
    {
      schema: {
        tags,
        summary: "Visits, mean waiting time and no-show rate per puskesmas, poli, doctor and day (default: the last 30 days)",
        querystring: Type.Object({ from: Type.Optional(DateOnly()), to: Type.Optional(DateOnly()), facilityId: Type.Optional(Id) }),
        response: { 200: HealthDashboard },
      },
    },
    async (req) => {
      await authorizeDinkes(req, "health.dashboard");
      const to = req.query.to ?? todayIn(req.tenant.timezone);
      return dashboard(deps.db, req.tenant.id, req.query.from ?? addDays(to, -29), to, req.query.facilityId ?? null);
    },
  );
}
