/** Service days and times of the network, and where a vehicle is on its trip (progress and delay). */
import { localParts } from "../../platform/workdays.ts";
import { type Network, project, type Trip } from "./gtfs.ts";

/** Farther than this from its trip's shape, a vehicle's position does not adjust predictions. */
const OFF_ROUTE_METERS = 500;
// ---------------------------------------------------------------------------------------------
// Service days and times

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The local calendar date (YYYYMMDD), weekday (0 = Monday) and seconds since local midnight of an instant. */
export function localClock(epochSec: number, tz: string): { ymd: string; weekday: number; secs: number } {
  const p = localParts(new Date(epochSec * 1000), tz);
  return { ymd: `${p.year}${p.month}${p.day}`, weekday: WEEKDAYS.indexOf(p.weekday), secs: Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second) };
}

export function serviceActive(net: Network, serviceId: string, ymd: string, weekday: number): boolean {
  const ex = net.exceptions.get(serviceId)?.get(ymd);
  if (ex === 1) return true;
  if (ex === 2) return false;
  const s = net.services.get(serviceId);
  return !!s && s.days[weekday] && ymd >= s.start && ymd <= s.end;
}

export interface ServiceDay {
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
