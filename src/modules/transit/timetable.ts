/** The network for the web (routes, a route's shapes and stops, stops) and next arrivals at a stop. */
import type { Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import type { Network, Trip } from "./gtfs.ts";
import { getNetwork, requireNetwork } from "./network.ts";
import { type Progressed, serviceActive, serviceDays } from "./schedule.ts";
import { liveVehicles } from "./vehicles.ts";

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
