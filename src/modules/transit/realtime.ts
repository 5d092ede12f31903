/** GTFS-realtime: vehicle positions and trip updates of the live vehicles as a FeedMessage. */
import type { Queryable } from "../../platform/db.ts";
import type { Network } from "./gtfs.ts";
import { getNetwork } from "./network.ts";
import type { ServiceDay } from "./schedule.ts";
import { liveVehicles } from "./vehicles.ts";

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
