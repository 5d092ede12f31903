/** e-Puskesmas HTTP: the citizen's side (puskesmas nearest first, booking, own numbers) and the public ticket and TV views. */
import { Type } from "typebox";
import { type App, type Deps, requireActor } from "../../platform/http.ts";
import { forbidden } from "../../platform/errors.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { cancelBooking, issueNumber } from "./booking.ts";
import { bookingView, estimate, healthError, todayIn } from "./common.ts";
import { facilityDetail, listFacilities } from "./facilities.ts";
import { displayState, ticketState } from "./queue-view.ts";
import adminRoutes from "./routes-admin.ts";
import jknRoutes from "./routes-jkn.ts";
import liveRoutes from "./live.ts";
import staffRoutes from "./routes-staff.ts";
import { HealthBooking, HealthDisplay, HealthFacility, HealthFacilityDetail, HealthTicket } from "./schemas.ts";
import * as store from "./store.ts";

export const Id = Type.String({ format: "uuid" });
export const Nik = Type.String({ maxLength: 16, description: "NIK, 16 digits" });
export const Card = Type.String({ maxLength: 13, description: "BPJS card number (nomorkartu), 13 digits; empty when none" });
export const Alasan = Type.Object({ alasan: Type.String({ minLength: 3, maxLength: 300 }) }, { additionalProperties: false });

export default async function healthRoutes(app: App, deps: Deps) {
  const tags = ["health"];
  const tenantOf = (req: { tenant: { id: string; timezone: string } }) => ({ id: req.tenant.id, timezone: req.tenant.timezone });

  app.get(
    "/api/public/health/facilities",
    {
      schema: {
        tags,
        summary: "Puskesmas of the city, nearest first when lat/lon are given",
        querystring: Type.Object({
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        }),
        response: { 200: Type.Array(HealthFacility) },
      },
    },
    async (req) => {
      const { lat, lon } = req.query;
      return listFacilities(deps.db, req.tenant.id, lat !== undefined && lon !== undefined ? { lat, lon } : undefined);
    },
  );

  app.get(
    "/api/public/health/facilities/:id",
    {
      schema: {
        tags,
        summary: "A puskesmas: its poli, doctors and the places left per session for today and the next 7 days",
        params: Type.Object({ id: Id }),
        response: { 200: HealthFacilityDetail },
      },
    },
    async (req) => facilityDetail(deps.db, tenantOf(req), req.params.id),
  );

  app.get(
    "/api/public/health/tickets/:token",
    {
      schema: {
        tags,
        summary: "The phone view of a queue number: state, how many are ahead, the number now called, an estimate",
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 64 }) }),
        response: { 200: HealthTicket },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return ticketState(deps.db, tenantOf(req), req.params.token);
    },
  );

  app.get(
    "/api/public/health/polis/:id/display",
    {
      schema: {
        tags,
        summary: "The TV display of a poli: the number being served, the last numbers called, how many wait",
        params: Type.Object({ id: Id }),
        querystring: Type.Object({ date: Type.Optional(DateOnly()) }),
        response: { 200: HealthDisplay },
      },
    },
    async (req) => displayState(deps.db, req.tenant.id, req.params.id, req.query.date ?? todayIn(req.tenant.timezone)),
  );

  // ---- the signed-in citizen ------------------------------------------------------------------------
  app.post(
    "/api/health/bookings",
    {
      schema: {
        tags,
        summary: "Book a queue number for oneself or a family member (today up to 7 days ahead)",
        body: Type.Object(
          {
            facilityId: Id,
            poliId: Id,
            scheduleId: Id,
            date: DateOnly(),
            forWhom: Type.Union([Type.Literal("self"), Type.Literal("family")]),
            patientName: Type.String({ minLength: 2, maxLength: 120 }),
            nik: Nik,
            nomorkartu: Type.Optional(Card),
            nohp: Type.Optional(Type.String({ maxLength: 20, pattern: "^(\\+62|0)?[0-9]{0,15}$" })),
            keluhan: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: HealthBooking },
      },
      config: { rateLimit: { max: Math.max(20, Math.floor(deps.config.rateLimitPerMinute / 5)), timeWindow: "1 minute" } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (actor.kind !== "citizen") throw forbidden();
      const b = req.body;
      const issued = await issueNumber(
        deps.db,
        tenantOf(req),
        {
          facilityId: b.facilityId,
          poliId: b.poliId,
          scheduleId: b.scheduleId,
          date: b.date,
          nik: b.nik,
          nomorkartu: b.nomorkartu || null,
          nohp: b.nohp || actor.phone || null,
          keluhan: b.keluhan || null,
          patientName: b.patientName,
          userId: actor.userId,
          source: "balai",
        },
        actor.userId,
      );
      reply.status(201);
      return bookingView(
        issued.booking,
        {
          ahead: issued.ahead,
          poliName: issued.poli.name,
          facilityName: issued.facility.name,
          estimate: estimate(issued.schedule, issued.booking.date, issued.ahead, req.tenant.timezone),
        },
        true,
      );
    },
  );

  app.get(
    "/api/health/bookings/mine",
    { schema: { tags, summary: "The citizen's numbers from today on", response: { 200: Type.Array(HealthBooking) } } },
    async (req) => {
      const actor = requireActor(req);
      const rows = await store.bookingsOfUser(deps.db, req.tenant.id, actor.userId, todayIn(req.tenant.timezone));
      return rows.map((b) => bookingView(b, {}, true));
    },
  );

  app.post(
    "/api/health/bookings/:id/cancel",
    {
      schema: {
        tags,
        summary: "The citizen cancels their number (batal, with a reason)",
        params: Type.Object({ id: Id }),
        body: Alasan,
        response: { 200: HealthBooking },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return deps.db.tx(async (q) => {
        const b = await store.bookingById(q, req.tenant.id, req.params.id, true);
        if (!b || b.user_id !== actor.userId) throw healthError.booking();
        return bookingView(await cancelBooking(q, req.tenant.id, b, req.body.alasan, actor.userId));
      });
    },
  );

  await staffRoutes(app, deps);
  await adminRoutes(app, deps);
  await jknRoutes(app, deps);
  await liveRoutes(app, deps);
}
