/** Vehicle positions: ingest from AVL devices (validated, all or nothing), live and public vehicles, the staff's fleet view, history pruning. */
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, badRequest, type FieldError } from "../../platform/errors.ts";
import { tenantExtent } from "../../platform/geo.ts";
import type { Network } from "./gtfs.ts";
import * as store from "./store.ts";
import { getNetwork } from "./network.ts";
import { progressOf, type VehicleState } from "./schedule.ts";

/** A vehicle whose last report is older than this is "tidak melapor" (not reporting). */
export const STALE_SECONDS = 120;
/** Position history is kept this long (the transit job prunes older rows). */
export const HISTORY_HOURS = 24;
/** A report may be at most this far ahead of the server clock, and at most this old. */
export const FUTURE_TOLERANCE_SECONDS = 30;
export const MAX_AGE_SECONDS = 3600;
export const MAX_BATCH = 500;
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
