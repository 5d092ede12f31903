/** Places each trip's stop times along its line (shape, or the stops when it has none) and fills missing times. */
import { lineOf, project } from "./gtfs-geometry.ts";
import type { Line, Stop, Trip } from "./gtfs-model.ts";
import type { RawStopTime } from "./gtfs-parse.ts";
import type { Checks, Table } from "./gtfs-tables.ts";

/**
 * Sorts, places and interpolates the stop times of every trip (in place) and indexes the trips by stop; a trip
 * with fewer than two stop times, untimed ends or times running backwards is an error.
 */
export function placeStopTimes(
  trips: Map<string, Trip>,
  rawTimes: Map<string, RawStopTime[]>,
  known: { stops: Map<string, Stop>; shapes: Map<string, Line>; tr: Table },
  c: Checks,
): Map<string, { trip: Trip; index: number }[]> {
  const { fail } = c;
  const { stops, shapes, tr } = known;
  const tripsByStop = new Map<string, { trip: Trip; index: number }[]>();
  for (const trip of trips.values()) {
    const times = (rawTimes.get(trip.id) ?? []).sort((a, b) => a.seq - b.seq);
    if (times.length < 2) {
      fail({
        file: "trips.txt",
        line: tr.lines[tr.rows.findIndex((r) => r.trip_id === trip.id)] ?? 0,
        field: "trip_id",
        message: `trip ${trip.id} has fewer than two stop times`,
      });
      continue;
    }
    const first = times[0];
    const last = times[times.length - 1];
    if (first.arr === null || last.arr === null) {
      fail({
        file: "stop_times.txt",
        line: (first.arr === null ? first : last).line,
        field: "arrival_time",
        message: `the first and last stop of trip ${trip.id} need times`,
      });
      continue;
    }
    const stopPts = times.map((t) => {
      const s = stops.get(t.stopId) as Stop;
      return [s.lat, s.lon] as [number, number];
    });
    trip.line = trip.shapeId ? (shapes.get(trip.shapeId) as Line) : lineOf(stopPts);
    if (trip.line.pts.length < 2) trip.line = lineOf(stopPts);
    // Place each stop along the line, in order (a loop passes a place twice: search forward only).
    let seg = 0;
    const dists = times.map((_, k) => {
      const p = project(trip.line, stopPts[k][0], stopPts[k][1], seg);
      seg = p.segment;
      return p.along;
    });
    // Interpolate missing times by distance between timed stops.
    let prev = 0;
    for (let k = 1; k < times.length; k++) {
      if (times[k].arr === null) continue;
      for (let j = prev + 1; j < k; j++) {
        const span = dists[k] - dists[prev];
        const f = span > 0 ? (dists[j] - dists[prev]) / span : (j - prev) / (k - prev);
        const t = Math.round((times[prev].dep as number) + f * ((times[k].arr as number) - (times[prev].dep as number)));
        times[j].arr = t;
        times[j].dep = t;
      }
      prev = k;
    }
    for (let k = 1; k < times.length; k++) {
      if ((times[k].arr as number) < (times[k - 1].dep as number))
        fail({ file: "stop_times.txt", line: times[k].line, field: "arrival_time", message: `trip ${trip.id}: arrival before the previous stop's departure` });
    }
    trip.stopTimes = times.map((t, k) => ({ stopId: t.stopId, seq: t.seq, arr: t.arr as number, dep: t.dep as number, dist: dists[k] }));
    trip.stopTimes.forEach((t, index) => {
      if (!tripsByStop.has(t.stopId)) tripsByStop.set(t.stopId, []);
      tripsByStop.get(t.stopId)?.push({ trip, index });
    });
  }
  return tripsByStop;
}
