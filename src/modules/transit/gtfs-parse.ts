/** The GTFS tables into the network's maps, row by row, each problem reported by file, line and field. */
import { lineOf } from "./gtfs-geometry.ts";
import type { Line, Progress, Route, Service, Stop, Trip } from "./gtfs-model.ts";
import { type Checks, parseTime, type Row, type Table } from "./gtfs-tables.ts";

/** agency.txt: the agency's time zone (checked) and the agency ids routes may name. */
export function parseAgencies(agencies: Table, c: Checks): { timezone: string; agencyIds: Set<string> } {
  const { need, fail } = c;
  agencies.rows.forEach((r, i) => {
    need("agency.txt", agencies.lines[i], r, "agency_name");
    need("agency.txt", agencies.lines[i], r, "agency_timezone");
  });
  const timezone = agencies.rows[0]?.agency_timezone || "Asia/Jakarta";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    fail({ file: "agency.txt", line: 2, field: "agency_timezone", message: `unknown time zone "${timezone}"` });
  }
  if (!agencies.rows.length) fail({ file: "agency.txt", line: 0, message: "no agency" });
  const agencyIds = new Set(agencies.rows.map((r) => r.agency_id ?? ""));
  return { timezone, agencyIds };
}

/**
 * The rows of a table keyed by its id field (required; a repeated id is reported), each made by `build`
 * (undefined: the row is left out).
 */
function keyedRows<T>(t: Table, file: string, idField: string, c: Checks, build: (r: Row, line: number, id: string) => T | undefined) {
  const out = new Map<string, T>();
  t.rows.forEach((r, i) => {
    const line = t.lines[i];
    const id = c.need(file, line, r, idField);
    if (out.has(id)) c.fail({ file, line, field: idField, message: `duplicate ${idField} ${id}` });
    const item = build(r, line, id);
    if (item !== undefined) out.set(id, item);
  });
  return out;
}

export function parseStops(st: Table, c: Checks): Map<string, Stop> {
  const { need, num } = c;
  return keyedRows(st, "stops.txt", "stop_id", c, (r, line, id) => {
    const locationType = Number(r.location_type || 0);
    if (locationType >= 3) return undefined; // generic nodes and boarding areas carry no position we use
    return {
      id,
      code: r.stop_code || null,
      name: need("stops.txt", line, r, "stop_name"),
      lat: num("stops.txt", line, r, "stop_lat", -90, 90),
      lon: num("stops.txt", line, r, "stop_lon", -180, 180),
    };
  });
}

export function parseRoutes(rt: Table, agencyIds: Set<string>, c: Checks): Map<string, Route> {
  const { num, fail } = c;
  return keyedRows(rt, "routes.txt", "route_id", c, (r, line, id): Route => {
    if (!r.route_short_name && !r.route_long_name)
      fail({ file: "routes.txt", line, field: "route_short_name", message: "route_short_name or route_long_name is required" });
    if (r.agency_id && !agencyIds.has(r.agency_id))
      fail({ file: "routes.txt", line, field: "agency_id", message: `agency_id ${r.agency_id} is not in agency.txt` });
    const color = (c: string | undefined) => (c && /^[0-9A-Fa-f]{6}$/.test(c) ? c.toUpperCase() : null);
    return {
      id,
      agencyId: r.agency_id ?? "",
      shortName: r.route_short_name ?? "",
      longName: r.route_long_name ?? "",
      type: num("routes.txt", line, r, "route_type", 0, 1702),
      color: color(r.route_color),
      textColor: color(r.route_text_color),
    };
  });
}

/** calendar.txt and calendar_dates.txt (either may be missing): weekly services and their exceptions by date. */
export function parseCalendars(cal: Table | undefined, cd: Table | undefined, c: Checks) {
  const { need, date, fail } = c;
  const services = new Map<string, Service>();
  const exceptions = new Map<string, Map<string, number>>();
  cal?.rows.forEach((r, i) => {
    const line = cal.lines[i];
    const id = need("calendar.txt", line, r, "service_id");
    const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((d) => {
      if (r[d] !== "0" && r[d] !== "1") fail({ file: "calendar.txt", line, field: d, message: `${d} must be 0 or 1` });
      return r[d] === "1";
    });
    services.set(id, { days, start: date("calendar.txt", line, r, "start_date"), end: date("calendar.txt", line, r, "end_date") });
  });
  cd?.rows.forEach((r, i) => {
    const line = cd.lines[i];
    const id = need("calendar_dates.txt", line, r, "service_id");
    const d = date("calendar_dates.txt", line, r, "date");
    const type = Number(r.exception_type);
    if (type !== 1 && type !== 2) fail({ file: "calendar_dates.txt", line, field: "exception_type", message: "exception_type must be 1 or 2" });
    if (!exceptions.has(id)) exceptions.set(id, new Map());
    exceptions.get(id)?.set(d, type);
  });
  return { services, exceptions };
}

/** shapes.txt (optional): each shape's points in sequence as a line. */
export function parseShapes(sh: Table | undefined, c: Checks): Map<string, Line> {
  const { need, num } = c;
  const shapePts = new Map<string, { seq: number; lat: number; lon: number }[]>();
  sh?.rows.forEach((r, i) => {
    const line = sh.lines[i];
    const id = need("shapes.txt", line, r, "shape_id");
    const p = {
      seq: num("shapes.txt", line, r, "shape_pt_sequence", 0, Number.MAX_SAFE_INTEGER),
      lat: num("shapes.txt", line, r, "shape_pt_lat", -90, 90),
      lon: num("shapes.txt", line, r, "shape_pt_lon", -180, 180),
    };
    if (!shapePts.has(id)) shapePts.set(id, []);
    shapePts.get(id)?.push(p);
  });
  const shapes = new Map<string, Line>();
  for (const [id, pts] of shapePts) shapes.set(id, lineOf(pts.sort((a, b) => a.seq - b.seq).map((p) => [p.lat, p.lon])));
  return shapes;
}

export function parseTrips(
  tr: Table,
  known: { routes: Map<string, Route>; services: Map<string, Service>; exceptions: Map<string, Map<string, number>>; shapes: Map<string, Line> },
  c: Checks,
): Map<string, Trip> {
  const { need, fail } = c;
  const { routes, services, exceptions, shapes } = known;
  const trips = new Map<string, Trip>();
  tr.rows.forEach((r, i) => {
    const line = tr.lines[i];
    const id = need("trips.txt", line, r, "trip_id");
    const routeId = need("trips.txt", line, r, "route_id");
    const serviceId = need("trips.txt", line, r, "service_id");
    if (trips.has(id)) fail({ file: "trips.txt", line, field: "trip_id", message: `duplicate trip_id ${id}` });
    if (routeId && !routes.has(routeId)) fail({ file: "trips.txt", line, field: "route_id", message: `route_id ${routeId} is not in routes.txt` });
    if (serviceId && !services.has(serviceId) && !exceptions.has(serviceId))
      fail({ file: "trips.txt", line, field: "service_id", message: `service_id ${serviceId} is not in calendar.txt or calendar_dates.txt` });
    const shapeId = r.shape_id || null;
    if (shapeId && !shapes.has(shapeId)) fail({ file: "trips.txt", line, field: "shape_id", message: `shape_id ${shapeId} is not in shapes.txt` });
    trips.set(id, {
      id,
      routeId,
      serviceId,
      headsign: r.trip_headsign ?? "",
      directionId: r.direction_id === "0" || r.direction_id === "1" ? Number(r.direction_id) : null,
      blockId: r.block_id || null,
      shapeId,
      stopTimes: [],
      line: { pts: [], cum: [] },
    });
  });
  return trips;
}

export interface RawStopTime {
  seq: number;
  stopId: string;
  arr: number | null;
  dep: number | null;
  line: number;
}

/** stop_times.txt: each trip's stop times as written (times may be missing between timed stops). */
export function parseStopTimes(
  stt: Table,
  known: { trips: Map<string, Trip>; stops: Map<string, Stop> },
  c: Checks,
  onProgress?: Progress,
): Map<string, RawStopTime[]> {
  const { need, num, fail } = c;
  const { trips, stops } = known;
  const rawTimes = new Map<string, RawStopTime[]>();
  stt.rows.forEach((r, i) => {
    const line = stt.lines[i];
    const tripId = need("stop_times.txt", line, r, "trip_id");
    const stopId = need("stop_times.txt", line, r, "stop_id");
    const seq = num("stop_times.txt", line, r, "stop_sequence", 0, Number.MAX_SAFE_INTEGER);
    if (tripId && !trips.has(tripId)) fail({ file: "stop_times.txt", line, field: "trip_id", message: `trip_id ${tripId} is not in trips.txt` });
    if (stopId && !stops.has(stopId)) fail({ file: "stop_times.txt", line, field: "stop_id", message: `stop_id ${stopId} is not in stops.txt` });
    let arr = parseTime(r.arrival_time);
    let dep = parseTime(r.departure_time);
    if (Number.isNaN(arr)) fail({ file: "stop_times.txt", line, field: "arrival_time", message: `arrival_time must be H:MM:SS (got "${r.arrival_time}")` });
    if (Number.isNaN(dep))
      fail({ file: "stop_times.txt", line, field: "departure_time", message: `departure_time must be H:MM:SS (got "${r.departure_time}")` });
    arr ??= dep;
    dep ??= arr;
    if (!rawTimes.has(tripId)) rawTimes.set(tripId, []);
    rawTimes.get(tripId)?.push({ seq, stopId, arr, dep, line });
    if ((i + 1) % 50_000 === 0) onProgress?.({ file: "stop_times.txt", rows: i + 1, done: false });
  });
  return rawTimes;
}
