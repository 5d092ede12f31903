import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import GtfsRealtimeBindings from "gtfs-realtime-bindings";
import { beforeAll, describe, expect, it } from "vitest";
import { client, loginAs, MALANG, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { createApiKey } from "../apikeys/service.ts";
import { demoFeedFiles, zipFiles } from "./demo.ts";
import { readFeed } from "./gtfs.ts";
import { mqttTopic, startMqtt } from "./jobs.ts";
import { getNetwork, importFeed, invalidateNetwork } from "./network.ts";
import { buildRealtime } from "./realtime.ts";
import { localClock, progressOf, type VehicleState } from "./schedule.ts";
import { predictArrivals } from "./timetable.ts";
import { simulatePositions } from "./simulator.ts";

const FeedMessage = GtfsRealtimeBindings.transit_realtime.FeedMessage;
const SAMPLE_DIR = path.resolve(import.meta.dirname, "../../../test/fixtures/gtfs/sample-feed-1");

function sampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(SAMPLE_DIR)) if (f.endsWith(".txt")) files[f] = fs.readFileSync(path.join(SAMPLE_DIR, f), "utf8");
  return files;
}

/** A constructed line: three stops 1 km apart going east along the equator-ish in Palembang, 10 min apart. */
function constructedFeed(): Record<string, string> {
  return {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nT,Uji,https://example.org,Asia/Jakarta\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nA,Halte A,-2.98,104.70\nB,Halte B,-2.98,104.709\nC,Halte C,-2.98,104.718\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR,T,R1,Uji,3\n",
    "trips.txt": "route_id,service_id,trip_id,trip_headsign,shape_id\nR,S,T1,ke C,SH\nR,S,T2,ke C,SH\n",
    "stop_times.txt":
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:10:00,B,2\nT1,08:20:00,08:20:00,C,3\nT2,08:30:00,08:30:00,A,1\nT2,08:40:00,08:40:00,B,2\nT2,08:50:00,08:50:00,C,3\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20261231\n",
    "shapes.txt": "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nSH,-2.98,104.70,1\nSH,-2.98,104.709,2\nSH,-2.98,104.718,3\n",
  };
}

/** 2026-11-23 (a Monday) at hh:mm in Asia/Jakarta (UTC+7), epoch seconds. */
const wib = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, 23, hh - 7, mm, ss) / 1000;

describe("GTFS reading", () => {
  it("reads the demo Trans Musi feed: corridors, stops placed along the shapes", async () => {
    const { network, summary } = await readFeed(await zipFiles(demoFeedFiles()));
    expect(summary).toMatchObject({ agency: "Trans Musi (demo)", timezone: "Asia/Jakarta", routes: 3, stops: 21, shapes: 6 });
    expect(summary.trips).toBeGreaterThan(300);
    expect([...network.routes.values()].map((r) => r.longName)).toContain("Terminal Alang-Alang Lebar – Ampera");
    for (const trip of network.trips.values()) {
      const d = trip.stopTimes.map((s) => s.dist);
      expect(d).toEqual([...d].sort((a, b) => a - b));
    }
  });

  it("reads Google's sample-feed-1 (ragged rows, no shapes, fares and frequencies ignored)", async () => {
    const { network, summary } = await readFeed(await zipFiles(sampleFiles()));
    expect(summary).toMatchObject({
      agency: "Demo Transit Authority",
      timezone: "America/Los_Angeles",
      routes: 5,
      stops: 9,
      trips: 11,
      stopTimes: 28,
      shapes: 0,
    });
    expect(network.trips.get("AB2")?.stopTimes.map((s) => [s.stopId, s.arr])).toEqual([
      ["BULLFROG", 12 * 3600 + 5 * 60],
      ["BEATTY_AIRPORT", 12 * 3600 + 15 * 60],
    ]);
    expect(network.exceptions.get("FULLW")?.get("20070604")).toBe(2);
  });

  it("reports missing files and broken references by file and line", async () => {
    const noStops = sampleFiles();
    delete noStops["stops.txt"];
    await expect(readFeed(await zipFiles(noStops))).rejects.toMatchObject({ errors: [{ file: "stops.txt", line: 0, message: "required file missing" }] });
    const broken = sampleFiles();
    broken["stop_times.txt"] = broken["stop_times.txt"].replace("STBA,6:20:00,6:20:00,BEATTY_AIRPORT", "STBA,6:20:00,6:20:00,NOWHERE");
    broken["trips.txt"] = broken["trips.txt"].replace("AB,FULLW,AB1", "XX,FULLW,AB1");
    const err = await readFeed(await zipFiles(broken)).catch((e) => e);
    expect(err.errors).toEqual(
      expect.arrayContaining([
        { file: "trips.txt", line: 2, field: "route_id", message: "route_id XX is not in routes.txt" },
        { file: "stop_times.txt", line: 3, field: "stop_id", message: "stop_id NOWHERE is not in stops.txt" },
      ]),
    );
    await expect(readFeed(new TextEncoder().encode("not a zip"))).rejects.toMatchObject({ errors: [{ file: "feed.zip", message: "not a zip archive" }] });
  });
});

describe("arrival prediction", () => {
  it("moves the scheduled arrival by the delay of the vehicle on its trip; a passed stop drops out", async () => {
    const { network } = await readFeed(await zipFiles(constructedFeed()));
    expect(localClock(wib(8, 5), "Asia/Jakarta")).toEqual({ ymd: "20261123", weekday: 0, secs: 8 * 3600 + 5 * 60 });
    // At 08:07 the bus of T1 is only a quarter of the way from A to B (scheduled there at 08:02:30): 4.5 min late.
    const now = wib(8, 7);
    const v: VehicleState = {
      vehicleId: "BUS-1",
      label: null,
      tripId: "T1",
      routeId: "R",
      lat: -2.98,
      lon: 104.70225,
      bearing: 90,
      speed: null,
      reportedAt: now,
      receivedAt: now,
    };
    const progress = progressOf(network, v);
    expect(progress?.delay).toBeGreaterThanOrEqual(265);
    expect(progress?.delay).toBeLessThanOrEqual(275);
    expect(progress?.nextIndex).toBe(1);
    const live = new Map([[`T1|${progress?.day.start}`, { vehicleId: "BUS-1", progress: progress! }]]);
    const atB = predictArrivals(network, "B", live, now, 5);
    expect(atB.map((a) => a.tripId)).toEqual(["T1", "T2"]);
    expect(atB[0]).toMatchObject({ realtime: true, vehicleId: "BUS-1", scheduledAt: new Date(wib(8, 10) * 1000).toISOString() });
    const predicted = Date.parse(atB[0].predictedAt as string) / 1000;
    expect(predicted - wib(8, 10)).toBe(progress?.delay);
    expect(atB[1]).toMatchObject({ realtime: false, predictedAt: null, delaySeconds: null });
    // The stop it already passed (A) shows only the next trip; the terminus C is not a boarding stop.
    expect(predictArrivals(network, "A", live, now, 5).map((a) => a.tripId)).toEqual(["T2"]);
    expect(predictArrivals(network, "C", live, now, 5)).toEqual([]);
    // The same vehicle in GTFS-realtime TripUpdates, through protobuf and back.
    const feed = buildRealtime(network, [{ v, progress, startDate: null }], "trip-updates", now);
    const decoded = FeedMessage.decode(FeedMessage.encode(FeedMessage.fromObject(feed)).finish());
    const tu = decoded.entity[0].tripUpdate;
    expect(tu?.trip).toMatchObject({ tripId: "T1", routeId: "R", startDate: "20261123" });
    expect((tu?.stopTimeUpdate ?? []).map((u) => [u.stopId, u.arrival?.delay, Number(u.arrival?.time)])).toEqual([
      ["B", progress?.delay, wib(8, 10) + (progress?.delay ?? 0)],
      ["C", progress?.delay, wib(8, 20) + (progress?.delay ?? 0)],
    ]);
    // Without a vehicle: the schedule.
    expect(predictArrivals(network, "B", new Map(), now, 5).map((a) => [a.tripId, a.realtime])).toEqual([
      ["T1", false],
      ["T2", false],
    ]);
  });
});

describe("transit over HTTP", () => {
  const s = setupPlatform();
  let avlKey: string;

  beforeAll(async () => {
    invalidateNetwork();
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const res = await s.app.inject({
      method: "POST",
      url: "/api/transit/feed",
      payload: Buffer.from(await zipFiles(demoFeedFiles())),
      headers: { "content-type": "application/zip", "x-balai-tenant": PALEMBANG, cookie: admin.cookie as string, "x-csrf-token": admin.csrf as string },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ routes: 3, stops: 21, version: 1 });
    avlKey = (await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Operator Trans Musi", scopes: ["avl"], actorId: null }))).key;
  });

  async function postZip(files: Record<string, string>, who = "admin@palembang.go.id") {
    const c = await loginAs(s.app, who);
    return s.app.inject({
      method: "POST",
      url: "/api/transit/feed",
      payload: Buffer.from(await zipFiles(files)),
      headers: { "content-type": "application/zip", "x-balai-tenant": PALEMBANG, cookie: c.cookie as string, "x-csrf-token": c.csrf as string },
    });
  }

  it("serves routes, a route's shapes and stops, stops, and the static zip", async () => {
    const c = client(s.app);
    const routes = await c.request("GET", "/api/transit/routes");
    expect(routes.body.map((r: { id: string }) => r.id)).toEqual(["K1", "K2", "K3"]);
    const k1 = await c.request("GET", "/api/transit/routes/K1");
    expect(k1.body.directions).toHaveLength(2);
    expect(k1.body.stops[0]).toMatchObject({ id: "AAL", name: "Terminal Alang-Alang Lebar" });
    expect((await c.request("GET", "/api/transit/routes/K9")).status).toBe(404);
    const stops = await c.request("GET", "/api/transit/stops");
    expect(stops.body.find((x: { id: string }) => x.id === "MSJA")!.routes).toEqual(["K1", "K2"]);
    const zip = await s.app.inject({ method: "GET", url: "/gtfs/static.zip", headers: { "x-balai-tenant": PALEMBANG } });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect((await readFeed(new Uint8Array(zip.rawPayload))).summary.routes).toBe(3);
    expect((await s.app.inject({ method: "GET", url: "/gtfs/static.zip", headers: { "x-balai-tenant": MALANG } })).statusCode).toBe(404);
  });

  it("rejects bad feeds with problem+json by file and line; the network stays as it was", async () => {
    const missing = demoFeedFiles();
    delete missing["trips.txt"];
    const r1 = await postZip(missing);
    expect(r1.statusCode).toBe(400);
    expect(r1.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(r1.json()).toMatchObject({ type: "/problems/gtfs-invalid", errors: [{ field: "trips.txt", code: "gtfs", message: "required file missing" }] });
    const broken = demoFeedFiles();
    broken["stop_times.txt"] = broken["stop_times.txt"].replace(",AAL,1,", ",HILANG,1,");
    const r2 = await postZip(broken);
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors[0]).toEqual({ field: "stop_times.txt:2:stop_id", code: "gtfs", message: "stop_id HILANG is not in stops.txt" });
    const operator = await postZip(demoFeedFiles(), "operator.dukcapil@palembang.go.id");
    expect(operator.statusCode).toBe(403);
    const feed = await (await loginAs(s.app, "admin@palembang.go.id")).request("GET", "/api/transit/feed");
    expect(feed.body.feed).toMatchObject({ version: 1, summary: { routes: 3 } });
  });

  it("imports the public sample feed into another tenant", async () => {
    const r = await importFeed(s.db, MALANG, await zipFiles(sampleFiles()), null);
    expect(r).toMatchObject({ routes: 5, trips: 11, version: 1 });
    const routes = await client(s.app, MALANG).request("GET", "/api/transit/routes");
    expect(routes.body.map((x: { shortName: string }) => x.shortName)).toEqual(["10", "20", "30", "40", "50"]);
    expect((await client(s.app).request("GET", "/api/transit/routes")).body).toHaveLength(3);
  });

  it("ingests AVL positions with an avl key only; bad positions are refused and change nothing", async () => {
    const c = client(s.app);
    const now = Math.floor(Date.now() / 1000);
    const good = { vehicleId: "BG-7001-TM", lat: -2.96, lon: 104.741, timestamp: now - 5, tripId: "K1-A-0800" };
    expect((await c.request("POST", "/api/transit/positions", good)).status).toBe(401);
    expect((await c.request("POST", "/api/transit/positions", good, { "x-api-key": "balai_nope" })).problem.type).toBe("/problems/api-key-invalid");
    const open311 = await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Open311 app", scopes: ["open311"], actorId: null }));
    expect((await c.request("POST", "/api/transit/positions", good, { "x-api-key": open311.key })).status).toBe(401);
    const ok = await c.request("POST", "/api/transit/positions", good, { authorization: `Bearer ${avlKey}` });
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ accepted: 1 });

    const outside = await c.request("POST", "/api/transit/positions", { ...good, lat: -6.2, lon: 106.8 }, { "x-api-key": avlKey });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ type: "/problems/position-outside-service-area", errors: [{ field: "lat", code: "outside-service-area" }] });
    const future = await c.request("POST", "/api/transit/positions", { ...good, lat: -2.97, timestamp: now + 3600 }, { "x-api-key": avlKey });
    expect(future.status).toBe(400);
    expect(future.problem.type).toBe("/problems/timestamp-in-future");
    const batch = await c.request(
      "POST",
      "/api/transit/positions",
      {
        positions: [
          { ...good, lat: -2.95 },
          { ...good, vehicleId: "X", tripId: "NO-SUCH-TRIP" },
        ],
      },
      { "x-api-key": avlKey },
    );
    expect(batch.status).toBe(400);
    expect(batch.problem.errors).toEqual([expect.objectContaining({ field: "positions.1.tripId", code: "unknown-trip" })]);
    expect((await c.request("POST", "/api/transit/positions", { ...good, lat: "x" }, { "x-api-key": avlKey })).status).toBe(400);
    // An older report arriving late does not move the vehicle back.
    expect((await c.request("POST", "/api/transit/positions", { ...good, lat: -2.95, timestamp: now - 60 }, { "x-api-key": avlKey })).status).toBe(202);

    const row = await s.db.one<{ lat: number; trip_id: string; route_id: string }>(
      "SELECT lat, trip_id, route_id FROM transit_vehicles WHERE tenant_id = $1 AND vehicle_id = $2",
      [PALEMBANG, good.vehicleId],
    );
    expect(row).toEqual({ lat: -2.96, trip_id: "K1-A-0800", route_id: "K1" });
    const history = await s.db.query("SELECT 1 FROM transit_positions WHERE tenant_id = $1 AND vehicle_id = $2", [PALEMBANG, good.vehicleId]);
    expect(history).toHaveLength(2);
  });

  it("publishes GTFS-realtime VehiclePositions and TripUpdates that gtfs-realtime-bindings decodes", async () => {
    const net = (await getNetwork(s.db, PALEMBANG))?.network;
    const positions = simulatePositions(net!, Date.now() / 1000);
    // Outside service hours the simulator has no bus: report one on a trip of now anyway.
    const c = client(s.app);
    if (positions.length) expect((await c.request("POST", "/api/transit/positions", { positions }, { "x-api-key": avlKey })).status).toBe(202);
    const vp = await s.app.inject({ method: "GET", url: "/gtfs/realtime/vehicle-positions", headers: { "x-balai-tenant": PALEMBANG } });
    expect(vp.headers["content-type"]).toBe("application/x-protobuf");
    const feed = FeedMessage.decode(new Uint8Array(vp.rawPayload));
    expect(feed.header.gtfsRealtimeVersion).toBe("2.0");
    const ids = feed.entity.map((e) => e.vehicle?.vehicle?.id);
    expect(ids).toContain("BG-7001-TM");
    expect(ids).toHaveLength(positions.length + 1);
    const bg = feed.entity.find((e) => e.id === "BG-7001-TM");
    expect(bg?.vehicle?.trip?.tripId).toBe("K1-A-0800");
    expect(bg?.vehicle?.position?.latitude).toBeCloseTo(-2.96, 4);

    const tu = await s.app.inject({ method: "GET", url: "/gtfs/realtime/trip-updates", headers: { "x-balai-tenant": PALEMBANG } });
    const updates = FeedMessage.decode(new Uint8Array(tu.rawPayload));
    // Every simulated bus is on a trip of now; BG-7001-TM's trip (08:00) has one only around 07:00–11:40 WIB.
    const updated = updates.entity.map((e) => e.tripUpdate?.trip.tripId);
    expect(updated).toEqual(expect.arrayContaining(positions.map((p) => p.tripId)));
    expect(updated.length - positions.length).toBeLessThanOrEqual(1);
    for (const e of updates.entity) {
      expect(e.tripUpdate?.trip.tripId).toBeTruthy();
      for (const u of e.tripUpdate?.stopTimeUpdate ?? []) expect(Number(u.arrival?.time)).toBeGreaterThan(0);
    }
    const json = await client(s.app).request("GET", "/gtfs/realtime/vehicle-positions?format=json");
    expect(json.body.header).toMatchObject({ gtfsRealtimeVersion: "2.0", incrementality: "FULL_DATASET" });
    expect(json.body.entity!.length).toBe(ids.length);

    // Arrivals at a stop of a simulated bus's trip carry its prediction.
    if (positions.length) {
      const p = positions[0];
      const trip = net!.trips.get(p.tripId as string)!;
      const stop = trip.stopTimes[trip.stopTimes.length - 2].stopId;
      const arr = await c.request("GET", `/api/transit/stops/${stop}/arrivals`);
      expect(arr.status).toBe(200);
      const mine = arr.body.arrivals.find((a: { tripId: string }) => a.tripId === p.tripId);
      if (mine) expect(mine).toMatchObject({ realtime: true, vehicleId: p.vehicleId });
    }
    expect((await c.request("GET", "/api/transit/stops/NOPE/arrivals")).status).toBe(404);
  });

  it("flags vehicles that stopped reporting (staff) and hides them from the public map", async () => {
    await s.db.query("UPDATE transit_vehicles SET received_at = now() - interval '5 minutes' WHERE tenant_id = $1 AND vehicle_id = 'BG-7001-TM'", [PALEMBANG]);
    expect((await client(s.app).request("GET", "/api/transit/fleet")).status).toBe(401);
    expect((await (await loginAs(s.app, "warga@example.com")).request("GET", "/api/transit/fleet")).status).toBe(403);
    const cc = await loginAs(s.app, "lawangjabo@palembang.go.id");
    const fleet = await cc.request("GET", "/api/transit/fleet");
    expect(fleet.status).toBe(200);
    const bg = fleet.body.vehicles.find((v: { id: string }) => v.id === "BG-7001-TM");
    expect(bg).toMatchObject({ stale: true, routeId: "K1", source: "api" });
    expect(bg!.ageSeconds).toBeGreaterThanOrEqual(299);
    const pub = await client(s.app).request("GET", "/api/transit/vehicles?route=K1");
    expect(pub.body.map((v: { id: string }) => v.id)).not.toContain("BG-7001-TM");
  });

  it("ingests positions over MQTT (skipped when no broker listens on 127.0.0.1:1883)", async (ctx) => {
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(1883, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (!open) ctx.skip();
    const got: { tenant: string; n: number; err?: unknown }[] = [];
    const { default: pino } = await import("pino");
    const stop = await startMqtt(s.db, "mqtt://127.0.0.1:1883", pino({ level: "silent" }), (tenant, n, err) => got.push({ tenant, n, err }));
    const { connectAsync } = await import("mqtt");
    const pub = await connectAsync("mqtt://127.0.0.1:1883");
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the subscription settle
      const now = Math.floor(Date.now() / 1000);
      await pub.publishAsync(mqttTopic(PALEMBANG), JSON.stringify({ vehicleId: "MQTT-BUS-1", lat: -2.97, lon: 104.75, timestamp: now }));
      await pub.publishAsync(mqttTopic(PALEMBANG), JSON.stringify({ vehicleId: "MQTT-BUS-2", lat: 0, lon: 0, timestamp: now }));
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await pub.endAsync();
      await stop();
    }
    expect(got.find((g) => g.n === 1)).toMatchObject({ tenant: PALEMBANG });
    expect(got.find((g) => g.n === 0)?.err).toMatchObject({ code: "position-outside-service-area" });
    const row = await s.db.one("SELECT source FROM transit_vehicles WHERE tenant_id = $1 AND vehicle_id = 'MQTT-BUS-1'", [PALEMBANG]);
    expect(row).toEqual({ source: "mqtt" });
  });
});
