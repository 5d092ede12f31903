/**
 * Demo simulator: buses driving along the shapes of the trips scheduled now, each running a little early or
 * late (a fixed offset per bus), reported like an AVL device would. In-process (BALAI_TRANSIT_SIMULATE=1) it
 * writes through the ingestion use case; `balai transit simulate` posts to a running server instead.
 */
import type { Db } from "../../platform/db.ts";
import type { Logger } from "pino";
import { type Network, pointAt, type Trip } from "./gtfs.ts";
import { getNetwork } from "./network.ts";
import { serviceActive, serviceDays } from "./schedule.ts";
import { ingestPositions, type PositionInput } from "./vehicles.ts";

/** Distance along the trip at a time (seconds into the service day): dwelling at stops, linear between them. */
export function alongAt(trip: Trip, t: number): number {
  const st = trip.stopTimes;
  if (t <= st[0].dep) return st[0].dist;
  for (let k = 0; k < st.length - 1; k++) {
    if (t <= st[k].dep) return st[k].dist;
    if (t <= st[k + 1].arr) {
      const span = st[k + 1].arr - st[k].dep;
      const f = span > 0 ? (t - st[k].dep) / span : 1;
      return st[k].dist + f * (st[k + 1].dist - st[k].dist);
    }
  }
  return st[st.length - 1].dist;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The simulated bus of a trip: its block when the feed has blocks (one bus does consecutive trips), else the trip. */
export const simulatedVehicleId = (trip: Trip) => `BUS-${trip.blockId ?? trip.id}`;
/** Each bus runs between one minute early and four minutes late. */
export const simulatedDelay = (vehicleId: string) => (hash(vehicleId) % 301) - 60;

/** One position per bus on a trip under way now. */
export function simulatePositions(net: Network, nowSec: number): PositionInput[] {
  const out = new Map<string, PositionInput>();
  for (const day of serviceDays(net, nowSec)) {
    const t0 = nowSec - day.start;
    for (const trip of net.trips.values()) {
      const vehicleId = simulatedVehicleId(trip);
      const t = t0 - simulatedDelay(vehicleId);
      const st = trip.stopTimes;
      if (t < st[0].dep || t > st[st.length - 1].arr) continue;
      if (!serviceActive(net, trip.serviceId, day.ymd, day.weekday)) continue;
      const p = pointAt(trip.line, alongAt(trip, t));
      out.set(vehicleId, {
        vehicleId,
        label: vehicleId.replace(/^BUS-/, ""),
        tripId: trip.id,
        routeId: trip.routeId,
        startDate: day.ymd,
        lat: Math.round(p.lat * 1e6) / 1e6,
        lon: Math.round(p.lon * 1e6) / 1e6,
        bearing: Math.round(p.bearing),
        timestamp: Math.floor(nowSec),
      });
    }
  }
  return [...out.values()];
}

/** Runs the simulator in this process for one tenant, every `everyMs`; returns the stop function. */
export function startSimulator(db: Db, tenantId: string, log: Logger, everyMs = 5000): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const net = (await getNetwork(db, tenantId))?.network;
      if (!net) return;
      const positions = simulatePositions(net, Date.now() / 1000);
      for (let i = 0; i < positions.length; i += 500) await ingestPositions(db, tenantId, positions.slice(i, i + 500), "simulator");
    } catch (e) {
      log.warn({ err: e }, "transit simulator tick failed");
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
