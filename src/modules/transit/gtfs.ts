/**
 * GTFS static: reading and validating a feed zip into an in-memory network (routes, stops, trips with
 * their stop times placed along the trip's shape). Errors name the file and the line (header = line 1).
 * Optional files we do not use (fares, frequencies, transfers…) are accepted and ignored.
 * The parts: gtfs-model.ts (types), gtfs-geometry.ts (lines), gtfs-tables.ts (zip and CSV, field checks),
 * gtfs-parse.ts (table by table), gtfs-place.ts (stop times along the trip's line).
 */
import type { FeedSummary, Network, Progress } from "./gtfs-model.ts";
import { placeStopTimes } from "./gtfs-place.ts";
import { parseAgencies, parseCalendars, parseRoutes, parseShapes, parseStopTimes, parseStops, parseTrips } from "./gtfs-parse.ts";
import { createChecks, readTables, throwIfInvalid } from "./gtfs-tables.ts";

export * from "./gtfs-geometry.ts";
export * from "./gtfs-model.ts";
export { parseTime, REQUIRED_FILES } from "./gtfs-tables.ts";

/** Reads and validates a GTFS zip; throws GtfsInvalid with every problem found (up to 100). */
export async function readFeed(zipBytes: Uint8Array, onProgress?: Progress): Promise<{ network: Network; summary: FeedSummary }> {
  const c = createChecks();
  const tables = await readTables(zipBytes, c, onProgress);
  const agencies = tables["agency.txt"];
  const { timezone, agencyIds } = parseAgencies(agencies, c);
  const stops = parseStops(tables["stops.txt"], c);
  const routes = parseRoutes(tables["routes.txt"], agencyIds, c);
  const { services, exceptions } = parseCalendars(tables["calendar.txt"], tables["calendar_dates.txt"], c);
  const shapes = parseShapes(tables["shapes.txt"], c);
  const tr = tables["trips.txt"];
  const trips = parseTrips(tr, { routes, services, exceptions, shapes }, c);
  onProgress?.({ file: "trips.txt", rows: tr.rows.length, done: true });
  const stt = tables["stop_times.txt"];
  const rawTimes = parseStopTimes(stt, { trips, stops }, c, onProgress);
  onProgress?.({ file: "stop_times.txt", rows: stt.rows.length, done: true });
  throwIfInvalid(c);

  const tripsByStop = placeStopTimes(trips, rawTimes, { stops, shapes, tr }, c);
  throwIfInvalid(c);

  const used = [...stops.values()].filter((s) => tripsByStop.has(s.id));
  const lats = used.map((s) => s.lat);
  const lons = used.map((s) => s.lon);
  const bbox: [number, number, number, number] = used.length ? [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] : [0, 0, 0, 0];
  const network: Network = { agencyName: agencies.rows[0].agency_name, timezone, routes, stops, trips, services, exceptions, tripsByStop, bbox };
  const summary: FeedSummary = {
    agency: network.agencyName,
    timezone,
    routes: routes.size,
    stops: stops.size,
    trips: trips.size,
    stopTimes: stt.rows.length,
    shapes: shapes.size,
    bbox,
  };
  return { network, summary };
}
