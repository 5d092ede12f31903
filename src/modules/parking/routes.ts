/** e-Parking HTTP: public jukir card and gateway callbacks, the jukir's phone flow, Dishub/Bapenda's console. */
import type { FastifyRequest } from "fastify";
import { type Static, type TSchema, Type } from "typebox";
import type { Db } from "../../platform/db.ts";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { Binary, Nullable, Open } from "../../platform/responses.ts";
import { DateOnly } from "../../platform/schemas.ts";
import { readUpload } from "../../platform/uploads.ts";
import { validationFailed } from "../../platform/errors.ts";
import { ParkingReconciliation, ParkingRevenue } from "./schemas.ts";
import * as parking from "./service.ts";

const tags = ["parking"];
const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const Vehicle = Type.Union(parking.VEHICLE_TYPES.map((v) => Type.Literal(v)));
const Tariff = Type.Object({
  vehicleType: Vehicle,
  mode: Type.Union([Type.Literal("entry"), Type.Literal("hour")]),
  amount: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
});
const PointView = Open(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    address: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lon: Nullable(Type.Number()),
    capacity: Type.Integer(),
    tariffs: Type.Array(Type.Object({ vehicleType: Type.String(), mode: Type.String(), amount: Type.Integer() })),
  },
  { title: "ParkingPoint" },
);
const AttendantView = Open(
  {
    id: Type.String(),
    name: Type.String(),
    cardCode: Type.String(),
    pointId: Type.String(),
    pointCode: Type.String(),
    pointName: Type.String(),
    sharePct: Type.Number(),
    hasLogin: Type.Boolean(),
  },
  { title: "ParkingAttendant" },
);
const SessionView = Open(
  {
    id: Type.String(),
    plate: Type.String(),
    vehicleType: Type.String(),
    hours: Type.Integer(),
    amount: Type.Integer(),
    orderId: Type.String(),
    qris: Type.String(),
    paid: Type.Boolean(),
    createdAt: Type.String(),
  },
  { title: "ParkingSession" },
);
const CallbackResult = Type.Object({ status: Type.String(), paymentId: Nullable(Type.String()), counted: Type.Boolean(), flag: Nullable(Type.String()) });

export default async function parkingRoutes(app: App, deps: Deps) {
  const cfg = deps.config.payments;
  const tz = (req: FastifyRequest) => req.tenant.timezone;
  const manage = async (req: FastifyRequest) => authorize(req, "parking.manage", await parking.parkingUnits(deps.db, req.tenant.id, "manage"));
  const revenue = async (req: FastifyRequest) => authorize(req, "parking.revenue", await parking.parkingUnits(deps.db, req.tenant.id, "revenue"));
  /** GET `{ items }`: one of the city's lists, for Dishub and Bapenda. */
  const revenueList = <T extends TSchema>(path: string, item: T, list: (db: Db, tenantId: string) => Promise<Static<T>[]>) =>
    app.get(path, { schema: { tags, response: { 200: Type.Object({ items: Type.Array(item as TSchema) }) } } }, async (req) => {
      await revenue(req);
      return { items: await list(deps.db, req.tenant.id) };
    });

  // ---- public ---------------------------------------------------------------------------------------
  app.get(
    "/api/public/parking/jukir/:card",
    {
      schema: {
        tags,
        summary: "Jukir resmi: the public page of an attendant's ID card (name, point, tariffs)",
        params: Type.Object({ card: Type.String({ pattern: "^[A-Za-z0-9]{8,40}$" }) }),
        response: {
          200: Open(
            {
              official: Type.Boolean(),
              name: Type.String(),
              cardCode: Type.String(),
              point: Open({ code: Type.String(), name: Type.String(), kind: Type.String(), address: Nullable(Type.String()) }),
              tariffs: Type.Array(Type.Object({ vehicleType: Type.String(), mode: Type.String(), amount: Type.Integer() })),
              reportCategory: Type.String(),
              hasPhoto: Type.Boolean(),
            },
            { title: "ParkingOfficialAttendant" },
          ),
        },
      },
      config: { rateLimit: { max: Math.max(60, Math.ceil(deps.config.rateLimitPerMinute / 2)), timeWindow: "1 minute" } },
    },
    async (req) => parking.officialAttendant(deps.db, req.tenant.id, req.params.card),
  );
  app.get(
    "/api/public/parking/jukir/:card/photo",
    {
      schema: {
        tags,
        summary: "The jukir's photo (JPEG)",
        params: Type.Object({ card: Type.String({ pattern: "^[A-Za-z0-9]{8,40}$" }) }),
        response: { 200: Binary("image/jpeg") },
      },
      config: { rateLimit: { max: Math.max(60, Math.ceil(deps.config.rateLimitPerMinute / 2)), timeWindow: "1 minute" } },
    },
    async (req, reply) =>
      reply
        .type("image/jpeg")
        .header("cache-control", "public, max-age=300")
        .send(await parking.attendantPhoto(deps.db, deps.files, req.tenant.id, req.params.card)),
  );

  // Gateway callbacks keep their raw body: DOKU's digest and SNAP's signature are over the exact bytes.
  await app.register(async (plain) => {
    const sub = plain as unknown as App;
    sub.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    sub.post(
      "/api/parking/callbacks/:gateway",
      {
        schema: {
          tags,
          summary: "Payment notification from a gateway (dev, midtrans, doku, xendit, snap): verified, confirmed by a status query, recorded once",
          params: Type.Object({ gateway: Type.Union(parking.GATEWAY_NAMES.map((g) => Type.Literal(g))) }),
          body: Type.String({ maxLength: 64 * 1024 }),
          response: { 200: CallbackResult },
        },
      },
      async (req) =>
        parking.handleCallback(deps.db, cfg, req.tenant.id, tz(req), req.params.gateway, {
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v])),
          rawBody: req.body as string,
          path: req.url.split("?")[0],
        }),
    );
  });

  app.post(
    "/api/parking/dev/pay",
    {
      schema: {
        tags,
        summary: "Development gateway only: pay an order (a session's order id, or a static QR reference with the amount)",
        body: Type.Object(
          { orderId: Type.String({ minLength: 1, maxLength: 40 }), amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            status: Type.String(),
            paymentId: Nullable(Type.String()),
            counted: Type.Boolean(),
            flag: Nullable(Type.String()),
            txnId: Type.String(),
          }),
        },
      },
      config: { rateLimit: { max: Math.max(30, Math.ceil(deps.config.rateLimitPerMinute / 4)), timeWindow: "1 minute" } },
    },
    async (req) => parking.devPay(deps.db, cfg, req.tenant.id, tz(req), req.body),
  );

  // ---- jukir ----------------------------------------------------------------------------------------
  app.get(
    "/api/parking/jukir/me",
    {
      schema: {
        tags,
        summary: "The jukir's point, static QRIS per vehicle type and today's sessions",
        response: {
          200: Type.Object(
            {
              attendant: Type.Object({ id: Type.String(), name: Type.String(), cardCode: Type.String(), sharePct: Type.Number() }),
              point: PointView,
              staticQris: Type.Array(Type.Object({ vehicleType: Type.String(), mode: Type.String(), amount: Type.Integer(), qris: Type.String() })),
              sessions: Type.Array(SessionView),
              devGateway: Type.Boolean(),
              today: Type.Object({ sessions: Type.Integer(), paid: Type.Integer(), amount: Type.Integer() }),
            },
            { title: "ParkingJukirHome" },
          ),
        },
      },
    },
    async (req) => {
      const actor = authorize(req, "parking.collect");
      return parking.jukirHome(deps.db, cfg, req.tenant.id, actor.userId, tz(req));
    },
  );
  app.post(
    "/api/parking/jukir/sessions",
    {
      schema: {
        tags,
        summary: "Open a session for a plate: a dynamic QRIS for the tariff",
        body: Type.Object(
          { plate: Type.String({ minLength: 1, maxLength: 16 }), vehicleType: Vehicle, hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 48 })) },
          { additionalProperties: false },
        ),
        response: { 201: SessionView },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "parking.collect");
      return reply.status(201).send(await parking.startSession(deps.db, cfg, req.tenant.id, actor.userId, req.body));
    },
  );
  app.get("/api/parking/jukir/sessions/:id", { schema: { tags, params: Id, response: { 200: SessionView } } }, async (req) => {
    const actor = authorize(req, "parking.collect");
    return parking.sessionOfJukir(deps.db, req.tenant.id, actor.userId, req.params.id);
  });
  app.post(
    "/api/parking/jukir/sessions/:id/cash",
    {
      schema: {
        tags,
        summary: "The driver paid cash: recorded, counted and flagged",
        params: Id,
        response: { 201: Type.Object({ paymentId: Type.String(), amount: Type.Integer(), flag: Nullable(Type.String()) }) },
      },
    },
    async (req, reply) => {
      const actor = authorize(req, "parking.collect");
      return reply.status(201).send(await parking.recordCash(deps.db, req.tenant.id, actor.userId, req.params.id, tz(req)));
    },
  );

  // ---- Dishub / Bapenda -----------------------------------------------------------------------------
  revenueList("/api/parking/points", PointView, parking.listPoints);
  app.post(
    "/api/parking/points",
    {
      schema: {
        tags,
        summary: "Register a parking point with its tariffs (Dishub)",
        body: Type.Object(
          {
            code: Type.String({ pattern: "^[A-Z0-9-]{1,16}$" }),
            name: Type.String({ minLength: 1, maxLength: 120 }),
            kind: Type.Union(parking.POINT_KINDS.map((k) => Type.Literal(k))),
            address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
            lat: Type.Optional(Nullable(Type.Number({ minimum: -11, maximum: 6 }))),
            lon: Type.Optional(Nullable(Type.Number({ minimum: 94, maximum: 142 }))),
            capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
            occupancyPct: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            turnoverPerDay: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
            tariffs: Type.Array(Tariff, { minItems: 1, maxItems: 4 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: PointView },
      },
    },
    async (req, reply) => {
      const actor = await manage(req);
      return reply.status(201).send(await parking.createPoint(deps.db, req.tenant.id, actor.userId, req.body));
    },
  );
  revenueList("/api/parking/attendants", AttendantView, parking.listAttendants);
  app.post(
    "/api/parking/attendants",
    {
      schema: {
        tags,
        summary: "Register a jukir at a point (Dishub); email links an existing staff login",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 120 }),
            pointId: Type.String({ format: "uuid" }),
            sharePct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
            email: Type.Optional(Nullable(Type.String({ format: "email", maxLength: 200 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: AttendantView },
      },
    },
    async (req, reply) => {
      const actor = await manage(req);
      return reply.status(201).send(await parking.createAttendant(deps.db, req.tenant.id, actor.userId, req.body));
    },
  );
  app.post(
    "/api/parking/attendants/:id/photo",
    {
      schema: {
        tags,
        summary: "Upload the jukir's photo (JPEG/PNG/WebP; re-encoded without metadata)",
        params: Id,
        response: { 200: Type.Object({ status: Type.String() }) },
      },
    },
    async (req) => {
      const actor = await manage(req);
      const up = await readUpload(req, { maxBytes: parking.MAX_PHOTO_BYTES });
      return parking.setAttendantPhoto(deps.db, deps.files, req.tenant.id, actor.userId, req.params.id, up.filename, up.bytes);
    },
  );
  app.get(
    "/api/parking/attendants/:id/card.pdf",
    {
      schema: { tags, summary: "The jukir's printable ID card (PDF) with the QR of the public page", params: Id, response: { 200: Binary("application/pdf") } },
    },
    async (req, reply) => {
      await manage(req);
      const origin = deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
      const pdf = await parking.attendantCardPdf(deps.db, deps.files, req.tenant.id, req.params.id, origin);
      return reply.type("application/pdf").header("content-disposition", `inline; filename="kartu-jukir.pdf"`).send(Buffer.from(pdf));
    },
  );
  app.get(
    "/api/parking/revenue",
    {
      schema: {
        tags,
        summary: "Revenue per point, jukir and day against the expected revenue (Bapenda, Dishub)",
        querystring: Type.Object({ from: Type.Optional(DateOnly()), to: Type.Optional(DateOnly()) }),
        response: { 200: ParkingRevenue },
      },
    },
    async (req) => {
      await revenue(req);
      const to = req.query.to ?? parking.todayIn(tz(req));
      const from = req.query.from ?? parking.addDays(to, -29);
      if (from > to) throw validationFailed([{ field: "from", code: "parking-period", message: "Tanggal awal setelah tanggal akhir / from is after to" }]);
      if (parking.addDays(from, 366) < to)
        throw validationFailed([{ field: "from", code: "parking-period", message: "Paling lama satu tahun / at most one year" }]);
      return parking.revenueReport(deps.db, req.tenant.id, from, to);
    },
  );
  app.get(
    "/api/parking/payments",
    {
      schema: {
        tags,
        querystring: Type.Object({ date: Type.Optional(DateOnly()) }),
        response: { 200: Type.Object({ items: Type.Array(Open({ id: Type.String() })) }) },
      },
    },
    async (req) => {
      await revenue(req);
      return { items: await parking.listPayments(deps.db, req.tenant.id, req.query.date ?? parking.todayIn(tz(req))) };
    },
  );
  app.post(
    "/api/parking/payments/:id/corrections",
    {
      schema: {
        tags,
        summary: "Correct a payment with a new record (signed amount and reason); the original stays as it was",
        params: Id,
        body: Type.Object(
          { amount: Type.Integer({ minimum: -10_000_000, maximum: 10_000_000 }), note: Type.String({ minLength: 3, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 201: Open({ id: Type.String(), correctsId: Type.String(), amount: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const actor = await manage(req);
      return reply.status(201).send(await parking.recordCorrection(deps.db, req.tenant.id, actor.userId, tz(req), req.params.id, req.body));
    },
  );
  app.post(
    "/api/parking/settlements",
    {
      schema: {
        tags,
        summary: "Import a gateway settlement file (CSV: transaction_id, order_id, amount, settled_at) and list every mismatch",
        querystring: Type.Object({ gateway: Type.Union(parking.GATEWAY_NAMES.map((g) => Type.Literal(g))), date: DateOnly() }),
        response: { 201: ParkingReconciliation },
      },
    },
    async (req, reply) => {
      const actor = await revenue(req);
      const up = await readUpload(req, { maxBytes: 20 * 1024 * 1024 });
      return reply.status(201).send(await parking.reconcile(deps.db, req.tenant.id, actor.userId, { ...req.query, file: up.bytes }));
    },
  );
}
