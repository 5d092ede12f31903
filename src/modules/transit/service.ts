/**
 * BRT tracking with GTFS (docs/transit.md): the tenant's static network (imported GTFS zip, parsed into memory
 * once per feed version), vehicle positions from AVL devices (HTTP with an `avl` API key, MQTT, the simulator),
 * next arrivals at a stop (schedule adjusted by the live position of the vehicle on its trip), and the
 * GTFS-realtime feeds built from both.
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, badRequest, notFound, type FieldError } from "../../platform/errors.ts";
import { tenantExtent } from "../../platform/geo.ts";
import { GtfsInvalid, type FeedSummary, type Network, type Progress, project, readFeed, type Trip } from "./gtfs.ts";
import * as store from "./store.ts";
import { unitsByCode } from "../admin/index.ts";

/** A vehicle whose last report is older than this is "tidak melapor" (not reporting). */
export const STALE_SECONDS = 120;
/** Position history is kept this long (the transit job prunes older rows). */
export const HISTORY_HOURS = 24;
/** A report may be at most this far ahead of the server clock, and at most this old. */
export const FUTURE_TOLERANCE_SECONDS = 30;
export const MAX_AGE_SECONDS = 3600;
export const MAX_BATCH = 500;
/** Farther than this from its trip's shape, a vehicle's position does not adjust predictions. */
const OFF_ROUTE_METERS = 500;

// ---------------------------------------------------------------------------------------------
// Network cache

interface Cached {
  version: number;
  checkedAt: number;
  network: Network;
  summary: FeedSummary;
}
const networks = new Map<string, Cached>();
const VERSION_CHECK_MS = 10_000;

export function invalidateNetwork(tenantId?: string) {
  if (tenantId) networks.delete(tenantId);
  else networks.clear();
}

/** The tenant's network, or null when no feed was imported. Rechecks the stored version every 10 s (several processes). */
export async function getNetwork(q: Queryable, tenantId: string): Promise<Cached | null> {
  const c = networks.get(tenantId);
  if (c && Date.now() - c.checkedAt < VERSION_CHECK_MS) return c;
  const v = await store.feedVersion(q, tenantId);
  if (!v) {
    networks.delete(tenantId);
    return null;
  }
  if (c && c.version === v) {
    c.checkedAt = Date.now();
    return c;
  }
  const zip = await store.feedZip(q, tenantId);
  if (!zip) return null;
  const { network, summary } = await readFeed(zip.zip);
  const fresh = { version: zip.version, checkedAt: Date.now(), network, summary };
  networks.set(tenantId, fresh);
  return fresh;
}

async function requireNetwork(q: Queryable, tenantId: string): Promise<Network> {
  const c = await getNetwork(q, tenantId);
  if (!c) throw notFound("transit-feed-missing");
  return c.network;
}

export function gtfsProblem(e: GtfsInvalid): AppError {
  return new AppError("gtfs-invalid", 400, {
    detail: e.message,
    fields: e.errors.map((x) => ({ field: `${x.file}${x.line ? `:${x.line}` : ""}${x.field ? `:${x.field}` : ""}`, code: "gtfs", message: x.message })),
  });
}

/** Validates and stores a GTFS zip as the tenant's network (replacing the previous one); a bad feed changes nothing. */
/** The unit whose admins manage the network besides Kominfo: Dinas Perhubungan (code DISHUB), if the tenant has one. */
export async function dishubUnits(q: Queryable, tenantId: string): Promise<string[]> {
  return (await unitsByCode(q, tenantId, ["DISHUB"])).map((u) => u.id);
}

export async function importFeed(
  db: Db,
  tenantId: string,
  zip: Uint8Array,
  actorId: string | null,
  onProgress?: Progress,
): Promise<FeedSummary & { version: number }> {
  let parsed: Awaited<ReturnType<typeof readFeed>>;
  try {
    parsed = await readFeed(zip, onProgress);
  } catch (e) {
    if (e instanceof GtfsInvalid) throw gtfsProblem(e);
    throw e;
  }
  const version = await db.tx(async (q) => {
    const v = await store.saveFeed(q, tenantId, Buffer.from(zip), parsed.summary, actorId);
    await audit(q, {
      tenantId,
      actorId,
      action: "transit.feed-imported",
      subjectType: "transit_feed",
      subjectId: tenantId,
      data: { ...parsed.summary, version: v },
    });
    return v;
  });
  networks.set(tenantId, { version, checkedAt: Date.now(), network: parsed.network, summary: parsed.summary });
  return { ...parsed.summary, version };
}

export async function feedInfo(q: Queryable, tenantId: string) {
  const row = await store.feedMeta(q, tenantId);
  if (!row) return null;
  return { version: row.version, importedAt: new Date(row.imported_at).toISOString(), summary: row.summary };
}

// ---------------------------------------------------------------------------------------------
// Service days and times

const formats = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The local calendar date (YYYYMMDD), weekday (0 = Monday) and seconds since local midnight of an instant. */
export function localClock(epochSec: number, tz: string): { ymd: string; weekday: number; secs: number } {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      weekday: "short",
    });
    formats.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(epochSec * 1000)).map((x) => [x.type, x.value]));
  return { ymd: `${p.year}${p.month}${p.day}`, weekday: WEEKDAYS.indexOf(p.weekday), secs: Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second) };
}

export function serviceActive(net: Network, serviceId: string, ymd: string, weekday: number): boolean {
  const ex = net.exceptions.get(serviceId)?.get(ymd);
  if (ex === 1) return true;
  if (ex === 2) return false;
  const s = net.services.get(serviceId);
  return !!s && s.days[weekday] && ymd >= s.start && ymd <= s.end;
}

interface ServiceDay {
  /** Epoch seconds of the service day's start (local midnight; GTFS times count from it). */
  start: number;
  ymd: string;
  weekday: number;
}

/** Today's and yesterday's service days (trips after midnight belong to yesterday's, with times past 24:00). */
export function serviceDays(net: Network, nowSec: number): ServiceDay[] {
  const today = localClock(nowSec, net.timezone);
  const start = Math.floor(nowSec) - today.secs;
  const y = localClock(start - 43_200, net.timezone);
  return [
    { start, ymd: today.ymd, weekday: today.weekday },
    { start: start - 86_400, ymd: y.ymd, weekday: y.weekday },
  ];
}

/** Scheduled time (seconds into the service day) at a distance along the trip, interpolated between stops. */
export function scheduledAt(trip: Trip, along: number): number {
  const st = trip.stopTimes;
  if (along <= st[0].dist) return st[0].dep;
  for (let k = 0; k < st.length - 1; k++) {
    const a = st[k];
    const b = st[k + 1];
    if (along <= b.dist) {
      const span = b.dist - a.dist;
      const f = span > 0 ? (along - a.dist) / span : 1;
      return a.dep + f * (b.arr - a.dep);
    }
  }
  return st[st.length - 1].arr;
}

export interface VehicleState {
  vehicleId: string;
  label: string | null;
  tripId: string | null;
  routeId: string | null;
  lat: number;
  lon: number;
  bearing: number | null;
  speed: number | null;
  reportedAt: number;
  receivedAt: number;
}

export interface Progressed {
  trip: Trip;
  day: ServiceDay;
  /** Distance along the trip's line, metres. */
  along: number;
  /** Seconds late (negative: early). */
  delay: number;
  /** Index of the next stop not yet passed (stopTimes.length when the trip is done). */
  nextIndex: number;
}

/** Where a vehicle is on its trip and how late it runs, or null (no trip, unknown trip, off the route, not today). */
export function progressOf(net: Network, v: VehicleState, startDate?: string | null): Progressed | null {
  if (!v.tripId) return null;
  const trip = net.trips.get(v.tripId);
  if (!trip) return null;
  const first = trip.stopTimes[0].dep;
  const last = trip.stopTimes[trip.stopTimes.length - 1].arr;
  const day = serviceDays(net, v.reportedAt).find(
    (d) =>
      (startDate ? d.ymd === startDate : true) &&
      serviceActive(net, trip.serviceId, d.ymd, d.weekday) &&
      v.reportedAt >= d.start + first - 3600 &&
      v.reportedAt <= d.start + last + 3 * 3600,
  );
  if (!day) return null;
  const p = project(trip.line, v.lat, v.lon);
  if (p.off > OFF_ROUTE_METERS) return null;
  const delay = Math.round(v.reportedAt - (day.start + scheduledAt(trip, p.along)));
  let nextIndex = trip.stopTimes.findIndex((s) => s.dist > p.along + 25);
  if (nextIndex < 0) nextIndex = trip.stopTimes.length;
  return { trip, day, along: p.along, delay, nextIndex };
}

// ---------------------------------------------------------------------------------------------
// Vehicles

const toState = (r: store.VehicleRow): VehicleState => ({
  vehicleId: r.vehicle_id,
  label: r.label,
  tripId: r.trip_id,
  routeId: r.route_id,
  lat: r.lat,
  lon: r.lon,
  bearing: r.bearing,
  speed: r.speed,
  reportedAt: new Date(r.reported_at).getTime() / 1000,
  receivedAt: new Date(r.received_at).getTime() / 1000,
});

/** Vehicles that reported within STALE_SECONDS, with their trip progress. */
export async function liveVehicles(q: Queryable, tenantId: string, nowSec = Date.now() / 1000) {
  const net = (await getNetwork(q, tenantId))?.network ?? null;
  const rows = await store.listVehicles(q, tenantId, new Date((nowSec - STALE_SECONDS) * 1000));
  return rows.map((r) => {
    const v = toState(r);
    return { v, progress: net ? progressOf(net, v, r.start_date) : null, startDate: r.start_date };
  });
}

export async function publicVehicles(q: Queryable, tenantId: string, routeId?: string) {
  const net = (await getNetwork(q, tenantId))?.network ?? null;
  return (await liveVehicles(q, tenantId))
    .filter((x) => !routeId || x.v.routeId === routeId)
    .map(({ v, progress }) => ({
      id: v.vehicleId,
      label: v.label ?? v.vehicleId,
      lat: v.lat,
      lon: v.lon,
      bearing: v.bearing,
      routeId: v.routeId,
      tripId: v.tripId,
      headsign: v.tripId ? (net?.trips.get(v.tripId)?.headsign ?? null) : null,
      reportedAt: new Date(v.reportedAt * 1000).toISOString(),
      delaySeconds: progress?.delay ?? null,
    }));
}

/** Every vehicle the tenant has heard from, with the age of its last report and the "not reporting" flag (staff). */
export async function fleet(q: Queryable, tenantId: string, nowSec = Date.now() / 1000) {
  const rows = await store.listVehicles(q, tenantId, null);
  return rows.map((r) => {
    const v = toState(r);
    const age = Math.max(0, Math.round(nowSec - v.receivedAt));
    return {
      id: v.vehicleId,
      label: v.label ?? v.vehicleId,
      routeId: v.routeId,
      tripId: v.tripId,
      lat: v.lat,
      lon: v.lon,
      reportedAt: new Date(v.reportedAt * 1000).toISOString(),
      lastSeenAt: new Date(v.receivedAt * 1000).toISOString(),
      ageSeconds: age,
      stale: age > STALE_SECONDS,
      source: r.source.startsWith("api:") ? "api" : r.source,
    };
  });
}

export interface PositionInput {
  vehicleId: string;
  lat: number;
  lon: number;
  /** ISO 8601 or epoch seconds; default: now. */
  timestamp?: string | number;
  tripId?: string;
  routeId?: string;
  startDate?: string;
  bearing?: number;
  speed?: number;
  label?: string;
}

/** The service area: the feed's stops plus ~5 km, or the tenant's map extent when no feed is loaded. */
async function serviceArea(q: Queryable, tenantId: string, net: Network | null): Promise<[number, number, number, number] | null> {
  if (net && net.bbox[0] !== 0) return [net.bbox[0] - 0.05, net.bbox[1] - 0.05, net.bbox[2] + 0.05, net.bbox[3] + 0.05];
  return (await tenantExtent(q, tenantId))?.bbox ?? null;
}

/**
 * Stores a batch of positions (all or nothing): the latest per vehicle (a late, older report does not
 * overwrite a newer one) and each in the history. Rejects positions outside the service area, timestamps
 * in the future or older than an hour, unknown trips.
 */
export async function ingestPositions(db: Db, tenantId: string, input: PositionInput[], source: string, nowMs = Date.now()) {
  if (!input.length || input.length > MAX_BATCH)
    throw badRequest("validation-failed", { fields: [{ field: "positions", code: "length", message: `1–${MAX_BATCH} positions` }] });
  const net = (await getNetwork(db, tenantId))?.network ?? null;
  const area = await serviceArea(db, tenantId, net);
  const fields: FieldError[] = [];
  let code = "validation-failed";
  const rows = input.map((p, i) => {
    const at = (f: string) => (input.length > 1 ? `positions.${i}.${f}` : f);
    if (typeof p.vehicleId !== "string" || !/^[A-Za-z0-9._:-]{1,64}$/.test(p.vehicleId))
      fields.push({ field: at("vehicleId"), code: "pattern", message: "1–64 letters, digits or . _ : -" });
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180)
      fields.push({ field: at("lat"), code: "range", message: "lat/lon out of range" });
    else if (area && !(p.lon >= area[0] && p.lon <= area[2] && p.lat >= area[1] && p.lat <= area[3])) {
      code = "position-outside-service-area";
      fields.push({ field: at("lat"), code: "outside-service-area", message: `(${p.lat}, ${p.lon}) is outside the service area` });
    }
    let ts = nowMs;
    if (p.timestamp !== undefined) {
      // Epoch seconds may arrive as a number or as digits (JSON schema coercion, MQTT payloads).
      ts = typeof p.timestamp === "number" || /^\d{9,11}(\.\d+)?$/.test(p.timestamp) ? Number(p.timestamp) * 1000 : Date.parse(p.timestamp);
      if (!Number.isFinite(ts)) {
        ts = nowMs;
        fields.push({ field: at("timestamp"), code: "format", message: "ISO 8601 date-time or epoch seconds" });
      } else if (ts > nowMs + FUTURE_TOLERANCE_SECONDS * 1000) {
        code = "timestamp-in-future";
        fields.push({ field: at("timestamp"), code: "future", message: `timestamp ${new Date(ts).toISOString()} is in the future` });
      } else if (ts < nowMs - MAX_AGE_SECONDS * 1000)
        fields.push({ field: at("timestamp"), code: "too-old", message: `older than ${MAX_AGE_SECONDS / 60} minutes` });
    }
    let routeId = p.routeId ?? null;
    if (p.tripId !== undefined && p.tripId !== null) {
      const trip = net?.trips.get(p.tripId);
      if (!trip) fields.push({ field: at("tripId"), code: "unknown-trip", message: `trip ${p.tripId} is not in the GTFS feed` });
      else routeId ??= trip.routeId;
    }
    if (routeId && net && !net.routes.has(routeId))
      fields.push({ field: at("routeId"), code: "unknown-route", message: `route ${routeId} is not in the GTFS feed` });
    if (p.startDate !== undefined && !/^\d{8}$/.test(p.startDate)) fields.push({ field: at("startDate"), code: "format", message: "YYYYMMDD" });
    const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
    return {
      vehicle_id: p.vehicleId,
      label: typeof p.label === "string" ? p.label.slice(0, 64) : null,
      trip_id: p.tripId ?? null,
      route_id: routeId,
      start_date: p.startDate ?? null,
      lat: p.lat,
      lon: p.lon,
      bearing: num(p.bearing),
      speed: num(p.speed),
      reported_at: new Date(ts).toISOString(),
    };
  });
  if (fields.length)
    throw new AppError(fields.length === 1 || fields.every((f) => f.code === fields[0].code) ? code : "validation-failed", 400, {
      fields: fields.slice(0, 50),
    });
  // The latest per vehicle in this batch goes to transit_vehicles; every report to the history.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = latest.get(r.vehicle_id);
    if (!prev || prev.reported_at <= r.reported_at) latest.set(r.vehicle_id, r);
  }
  await db.tx(async (q) => {
    await store.insertHistory(q, tenantId, rows);
    await store.upsertVehicles(q, tenantId, [...latest.values()], source);
  });
  return { accepted: rows.length };
}

/** Drops history older than HISTORY_HOURS. */
export async function pruneHistory(q: Queryable) {
  return store.pruneHistory(q, HISTORY_HOURS);
}

// ---------------------------------------------------------------------------------------------
// Network for the web

export async function listRoutes(q: Queryable, tenantId: string) {
  const net = (await getNetwork(q, tenantId))?.network;
  if (!net) return [];
  return [...net.routes.values()]
    .map((r) => ({
      id: r.id,
      shortName: r.shortName,
      longName: r.longName,
      color: r.color,
      textColor: r.textColor,
      type: r.type,
    }))
    .sort((a, b) => a.shortName.localeCompare(b.shortName, "id", { numeric: true }) || a.id.localeCompare(b.id));
}

/** A route's shapes (one per direction/pattern) and its stops in travel order. */
export async function routeDetail(q: Queryable, tenantId: string, routeId: string) {
  const net = await requireNetwork(q, tenantId);
  const route = net.routes.get(routeId);
  if (!route) throw notFound("transit-route-not-found");
  const patterns = new Map<string, Trip>();
  for (const t of net.trips.values()) {
    if (t.routeId !== routeId) continue;
    const key = `${t.directionId ?? 0}|${t.shapeId ?? t.stopTimes.map((s) => s.stopId).join(",")}`;
    const prev = patterns.get(key);
    if (!prev || t.stopTimes.length > prev.stopTimes.length) patterns.set(key, t);
  }
  const stopIds: string[] = [];
  for (const t of [...patterns.values()].sort((a, b) => (a.directionId ?? 0) - (b.directionId ?? 0)))
    for (const s of t.stopTimes) if (!stopIds.includes(s.stopId)) stopIds.push(s.stopId);
  return {
    id: route.id,
    shortName: route.shortName,
    longName: route.longName,
    color: route.color,
    textColor: route.textColor,
    directions: [...patterns.values()].map((t) => ({ directionId: t.directionId, headsign: t.headsign, points: t.line.pts })),
    stops: stopIds.map((id) => {
      const s = net.stops.get(id) as NonNullable<ReturnType<typeof net.stops.get>>;
      return { id: s.id, code: s.code, name: s.name, lat: s.lat, lon: s.lon };
    }),
  };
}

export async function listStops(q: Queryable, tenantId: string) {
  const net = (await getNetwork(q, tenantId))?.network;
  if (!net) return [];
  return [...net.stops.values()]
    .filter((s) => net.tripsByStop.has(s.id))
    .map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      routes: [...new Set((net.tripsByStop.get(s.id) ?? []).map((x) => x.trip.routeId))].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "id"));
}

export interface Arrival {
  tripId: string;
  routeId: string;
  routeShortName: string;
  headsign: string;
  scheduledAt: string;
  predictedAt: string | null;
  delaySeconds: number | null;
  vehicleId: string | null;
  realtime: boolean;
}

/**
 * The next arrivals at a stop: trips of today's and yesterday's service days calling there within the next
 * two hours. When a live vehicle runs the trip, its delay (position along the shape against the schedule)
 * moves the arrival; a trip whose vehicle already passed the stop is left out.
 */
export async function arrivals(q: Queryable, tenantId: string, stopId: string, limit = 10, nowSec = Date.now() / 1000) {
  const net = await requireNetwork(q, tenantId);
  const stop = net.stops.get(stopId);
  if (!stop || !net.tripsByStop.has(stopId)) throw notFound("transit-stop-not-found");
  const live = new Map<string, { vehicleId: string; progress: Progressed }>();
  for (const x of await liveVehicles(q, tenantId, nowSec))
    if (x.progress) live.set(`${x.progress.trip.id}|${x.progress.day.start}`, { vehicleId: x.v.vehicleId, progress: x.progress });
  return { stop: { id: stop.id, code: stop.code, name: stop.name, lat: stop.lat, lon: stop.lon }, arrivals: predictArrivals(net, stopId, live, nowSec, limit) };
}

/** The arrival computation itself (pure; tests build a trip and a vehicle and call it). */
export function predictArrivals(
  net: Network,
  stopId: string,
  live: Map<string, { vehicleId: string; progress: Progressed }>,
  nowSec: number,
  limit: number,
): Arrival[] {
  const out: (Arrival & { sortKey: number })[] = [];
  const days = serviceDays(net, nowSec);
  for (const { trip, index } of net.tripsByStop.get(stopId) ?? []) {
    if (index === trip.stopTimes.length - 1 && trip.stopTimes.length > 1) continue; // the end of the line: no boarding
    for (const day of days) {
      const sched = day.start + trip.stopTimes[index].arr;
      if (sched < nowSec - 3600 || sched > nowSec + 2 * 3600) continue;
      if (!serviceActive(net, trip.serviceId, day.ymd, day.weekday)) continue;
      const veh = live.get(`${trip.id}|${day.start}`);
      let predicted: number | null = null;
      if (veh) {
        if (index < veh.progress.nextIndex) continue; // already passed this stop
        predicted = Math.round(sched + veh.progress.delay);
      }
      const when = predicted ?? sched;
      if (when < nowSec - 60) continue;
      const route = net.routes.get(trip.routeId);
      out.push({
        tripId: trip.id,
        routeId: trip.routeId,
        routeShortName: route?.shortName || route?.longName || trip.routeId,
        headsign: trip.headsign,
        scheduledAt: new Date(sched * 1000).toISOString(),
        predictedAt: predicted === null ? null : new Date(predicted * 1000).toISOString(),
        delaySeconds: veh ? veh.progress.delay : null,
        vehicleId: veh?.vehicleId ?? null,
        realtime: !!veh,
        sortKey: when,
      });
    }
  }
  return out
    .sort((a, b) => a.sortKey - b.sortKey)
    .slice(0, limit)
    .map(({ sortKey: _, ...a }) => a);
}

// ---------------------------------------------------------------------------------------------
// GTFS-realtime

const ymdOf = (d: ServiceDay) => d.ymd;

/** A GTFS-realtime FeedMessage (as a plain object for gtfs-realtime-bindings' fromObject) of the live vehicles. */
export async function realtimeFeed(q: Queryable, tenantId: string, kind: "vehicle-positions" | "trip-updates", nowSec = Date.now() / 1000) {
  const vehicles = await liveVehicles(q, tenantId, nowSec);
  const net = (await getNetwork(q, tenantId))?.network ?? null;
  return buildRealtime(net, vehicles, kind, nowSec);
}

export function buildRealtime(
  net: Network | null,
  vehicles: Awaited<ReturnType<typeof liveVehicles>>,
  kind: "vehicle-positions" | "trip-updates",
  nowSec: number,
) {
  const entity: Record<string, unknown>[] = [];
  for (const { v, progress, startDate } of vehicles) {
    const trip = v.tripId
      ? { tripId: v.tripId, routeId: v.routeId ?? undefined, startDate: progress ? ymdOf(progress.day) : (startDate ?? undefined), scheduleRelationship: 0 }
      : undefined;
    const vehicle = { id: v.vehicleId, label: v.label ?? v.vehicleId };
    if (kind === "vehicle-positions") {
      const next = progress && progress.nextIndex < progress.trip.stopTimes.length ? progress.trip.stopTimes[progress.nextIndex] : null;
      entity.push({
        id: v.vehicleId,
        vehicle: {
          trip,
          vehicle,
          position: { latitude: v.lat, longitude: v.lon, bearing: v.bearing ?? undefined, speed: v.speed ?? undefined },
          currentStopSequence: next?.seq,
          stopId: next?.stopId,
          currentStatus: next ? 2 : undefined, // IN_TRANSIT_TO
          timestamp: Math.floor(v.reportedAt),
        },
      });
    } else if (progress && net && trip) {
      const st = progress.trip.stopTimes;
      entity.push({
        id: `${progress.trip.id}-${progress.day.ymd}`,
        tripUpdate: {
          trip,
          vehicle,
          timestamp: Math.floor(v.reportedAt),
          delay: progress.delay,
          stopTimeUpdate: st.slice(progress.nextIndex).map((s) => ({
            stopSequence: s.seq,
            stopId: s.stopId,
            arrival: { delay: progress.delay, time: Math.round(progress.day.start + s.arr + progress.delay) },
            departure: { delay: progress.delay, time: Math.round(progress.day.start + s.dep + progress.delay) },
          })),
        },
      });
    }
  }
  return { header: { gtfsRealtimeVersion: "2.0", incrementality: 0, timestamp: Math.floor(nowSec) }, entity };
}

/** The demo Trans Musi network for the demo city (on seed). */
export async function seedDemoTransit(db: Db, tenantId: string) {
  const { demoFeedZip } = await import("./demo.ts");
  return importFeed(db, tenantId, await demoFeedZip(), null);
}
