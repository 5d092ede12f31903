import type GtfsRealtimeBindings from "gtfs-realtime-bindings";
import { Type } from "typebox";
import { type App, authorize, type Deps } from "../../platform/http.ts";
import { AppError, notFound, unauthorized } from "../../platform/errors.ts";
import { verifyApiKey } from "../apikeys/index.ts";
import { positionsOf } from "./jobs.ts";
import { dishubUnits, feedInfo, importFeed } from "./network.ts";
import { realtimeFeed } from "./realtime.ts";
import { arrivals as arrivalsUseCase, listRoutes, listStops, routeDetail } from "./timetable.ts";
import { fleet, ingestPositions, MAX_BATCH, publicVehicles, STALE_SECONDS } from "./vehicles.ts";
import * as store from "./store.ts";
import { Binary, Loose } from "../../platform/responses.ts";
import * as S from "./schemas.ts";

// The protobuf bindings (~2 MB of heap) load with the first realtime feed asked for, not at start-up.
let feedMessage: Promise<typeof GtfsRealtimeBindings.transit_realtime.FeedMessage> | undefined;
const loadFeedMessage = () => {
  feedMessage ??= import("gtfs-realtime-bindings").then((m) => m.default.transit_realtime.FeedMessage);
  return feedMessage;
};

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Position = Type.Object(
  {
    vehicleId: Type.String({ minLength: 1, maxLength: 64 }),
    lat: Type.Number(),
    lon: Type.Number(),
    timestamp: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Number()])),
    tripId: Type.Optional(Type.String({ maxLength: 200 })),
    routeId: Type.Optional(Type.String({ maxLength: 200 })),
    startDate: Type.Optional(Type.String({ maxLength: 8 })),
    bearing: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    label: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

const Arrival = Type.Object({
  tripId: Type.String(),
  routeId: Type.String(),
  routeShortName: Type.String(),
  headsign: Type.String(),
  scheduledAt: Type.String(),
  predictedAt: Nullable(Type.String()),
  delaySeconds: Nullable(Type.Number()),
  vehicleId: Nullable(Type.String()),
  realtime: Type.Boolean(),
});

/** BRT tracking: public network, arrivals and live buses; AVL ingestion; staff fleet and feed import; GTFS/GTFS-rt. */
export default async function transitRoutes(app: App, deps: Deps) {
  const tags = ["transit"];
  const db = deps.db;

  app.get(
    "/api/transit/routes",
    { schema: { response: { 200: Type.Array(S.RouteSummary) }, tags, summary: "Routes of the imported GTFS feed" } },
    async (req) => listRoutes(db, req.tenant.id),
  );
  app.get(
    "/api/transit/routes/:id",
    {
      schema: {
        response: { 200: S.RouteDetail },
        tags,
        summary: "A route's shapes (per direction) and stops",
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      },
    },
    async (req) => routeDetail(db, req.tenant.id, req.params.id),
  );
  app.get("/api/transit/stops", { schema: { response: { 200: Type.Array(S.Stop) }, tags, summary: "Stops served by at least one trip" } }, async (req) =>
    listStops(db, req.tenant.id),
  );
  app.get(
    "/api/transit/stops/:id/arrivals",
    {
      schema: {
        tags,
        summary: "Next arrivals at a stop: scheduled, and predicted from the live position of the trip's vehicle",
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
        response: {
          200: Type.Object({
            stop: Type.Object({ id: Type.String(), code: Nullable(Type.String()), name: Type.String(), lat: Type.Number(), lon: Type.Number() }),
            arrivals: Type.Array(Arrival),
          }),
        },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-cache");
      return arrivalsUseCase(db, req.tenant.id, req.params.id, req.query.limit ?? 10);
    },
  );
  app.get(
    "/api/transit/vehicles",
    {
      schema: {
        response: { 200: Type.Array(S.PublicVehicle) },
        tags,
        summary: "Vehicles reporting now (last 120 s), optionally of one route",
        querystring: Type.Object({ route: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-cache");
      return publicVehicles(db, req.tenant.id, req.query.route);
    },
  );

  // AVL devices: one API key (scope avl) per operator, in x-api-key or Authorization: Bearer.
  app.post(
    "/api/transit/positions",
    {
      schema: {
        tags,
        summary: "Report vehicle positions (AVL); one position or {positions: [...]} up to 500",
        body: Type.Union([Position, Type.Object({ positions: Type.Array(Position, { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false })]),
        response: { 202: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const auth = req.headers.authorization;
      const raw = (req.headers["x-api-key"] as string | undefined) ?? (auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined);
      const key = await verifyApiKey(db, req.tenant.id, raw, "avl");
      if (!key) throw unauthorized("api-key-invalid");
      const r = await ingestPositions(db, req.tenant.id, positionsOf(req.body), `api:${key.id}`);
      return reply.status(202).send(r);
    },
  );

  // Staff: the fleet with "not reporting" flags, and the feed.
  app.get(
    "/api/transit/fleet",
    {
      schema: {
        response: { 200: S.Fleet },
        tags,
        summary: "Every vehicle with the age of its last report and the stale flag (> 120 s)",
      },
    },
    async (req, reply) => {
      authorize(req, "transit.monitor");
      reply.header("cache-control", "no-store");
      const vehicles = await fleet(db, req.tenant.id);
      return { staleAfterSeconds: STALE_SECONDS, vehicles };
    },
  );
  app.get("/api/transit/feed", { schema: { response: { 200: S.FeedInfo }, tags, summary: "The imported GTFS feed: version, time, counts" } }, async (req) => {
    authorize(req, "transit.monitor");
    return { feed: await feedInfo(db, req.tenant.id) };
  });
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ["application/zip", "application/x-zip-compressed", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: 64 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      "/api/transit/feed",
      {
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags,
          summary: "Import a GTFS static zip (body: application/zip); a bad feed changes nothing",
          response: { 200: S.ImportedFeed },
        },
      },
      async (req) => {
        // Dishub's admins (and Kominfo's) manage the network.
        const actor = authorize(req, "transit.manage", await dishubUnits(db, req.tenant.id));
        const body = req.body as Buffer;
        if (!Buffer.isBuffer(body) || !body.length)
          throw new AppError("gtfs-invalid", 400, { fields: [{ field: "feed.zip", code: "gtfs", message: "empty body: send the zip as application/zip" }] });
        return importFeed(db, req.tenant.id, new Uint8Array(body), actor.userId);
      },
    );
  });

  // GTFS static and realtime, at stable paths for journey planners.
  app.get(
    "/gtfs/static.zip",
    { schema: { response: { 200: Binary("see the route", "GET /gtfs/static.zip") }, tags, summary: "The GTFS static feed as imported" } },
    async (req, reply) => {
      const zip = await store.feedZip(db, req.tenant.id);
      if (!zip) throw notFound("transit-feed-missing");
      return reply
        .type("application/zip")
        .header("content-disposition", `attachment; filename="gtfs-${req.tenant.id}.zip"`)
        .header("etag", `"v${zip.version}"`)
        .header("cache-control", "public, max-age=300")
        .send(Buffer.from(zip.zip));
    },
  );
  for (const kind of ["vehicle-positions", "trip-updates"] as const) {
    app.get(
      `/gtfs/realtime/${kind}`,
      {
        schema: {
          tags,
          summary: `GTFS-realtime ${kind === "vehicle-positions" ? "VehiclePositions" : "TripUpdates"} (protobuf; ?format=json for a debug view)`,
          querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal("pb"), Type.Literal("json")])) }),
          response: { 200: Loose(S.RealtimeJson) },
        },
      },
      async (req, reply) => {
        const feed = await realtimeFeed(db, req.tenant.id, kind);
        const FeedMessage = await loadFeedMessage();
        const message = FeedMessage.fromObject(feed);
        reply.header("cache-control", "no-cache");
        if (req.query.format === "json")
          return reply.type("application/json; charset=utf-8").send(FeedMessage.toObject(message, { enums: String, longs: Number }));
        return reply.type("application/x-protobuf").send(Buffer.from(FeedMessage.encode(message).finish()));
      },
    );
  }
}
