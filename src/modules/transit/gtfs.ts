/**
 * GTFS static: reading and validating a feed zip into an in-memory network (routes, stops, trips with
 * their stop times placed along the trip's shape). Errors name the file and the line (header = line 1).
 * Optional files we do not use (fares, frequencies, transfers…) are accepted and ignored.
 */
import { parse } from "csv-parse/sync";
import JSZip from "jszip";
import { distanceMeters } from "../../platform/geo.ts";

export interface GtfsError {
  file: string;
  /** 1-based line in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  field?: string;
  message: string;
}

export class GtfsInvalid extends Error {
  readonly errors: GtfsError[];
  constructor(errors: GtfsError[]) {
    super(`GTFS feed invalid: ${errors.length} error(s); first: ${errors[0]?.file}:${errors[0]?.line} ${errors[0]?.message}`);
    this.errors = errors;
  }
}

export interface Route {
  id: string;
  agencyId: string;
  shortName: string;
  longName: string;
  type: number;
  color: string | null;
  textColor: string | null;
}
export interface Stop {
  id: string;
  code: string | null;
  name: string;
  lat: number;
  lon: number;
}
/** A polyline with cumulative distance (metres) at each point. */
export interface Line {
  pts: [number, number][];
  cum: number[];
}
export interface StopTime {
  stopId: string;
  seq: number;
  /** Seconds after the service day's start (may exceed 24 h). */
  arr: number;
  dep: number;
  /** Distance along the trip's line, metres. */
  dist: number;
}
export interface Trip {
  id: string;
  routeId: string;
  serviceId: string;
  headsign: string;
  directionId: number | null;
  blockId: string | null;
  shapeId: string | null;
  stopTimes: StopTime[];
  line: Line;
}
export interface Service {
  /** Monday … Sunday. */
  days: boolean[];
  start: string;
  end: string;
}
export interface Network {
  agencyName: string;
  timezone: string;
  routes: Map<string, Route>;
  stops: Map<string, Stop>;
  trips: Map<string, Trip>;
  services: Map<string, Service>;
  /** service_id → date (YYYYMMDD) → 1 added / 2 removed. */
  exceptions: Map<string, Map<string, number>>;
  /** stop_id → (trip, index in its stop times). */
  tripsByStop: Map<string, { trip: Trip; index: number }[]>;
  /** [minLon, minLat, maxLon, maxLat] of all stops. */
  bbox: [number, number, number, number];
}

export interface FeedSummary {
  agency: string;
  timezone: string;
  routes: number;
  stops: number;
  trips: number;
  stopTimes: number;
  shapes: number;
  bbox: [number, number, number, number];
}

export type Progress = (p: { file: string; rows: number; done: boolean }) => void;

type Row = Record<string, string>;

const MAX_ERRORS = 100;
const REQUIRED_COLUMNS: Record<string, string[]> = {
  "agency.txt": ["agency_name", "agency_url", "agency_timezone"],
  "stops.txt": ["stop_id"],
  "routes.txt": ["route_id", "route_type"],
  "trips.txt": ["route_id", "service_id", "trip_id"],
  "stop_times.txt": ["trip_id", "stop_id", "stop_sequence"],
  "calendar.txt": ["service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"],
  "calendar_dates.txt": ["service_id", "date", "exception_type"],
  "shapes.txt": ["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"],
};
export const REQUIRED_FILES = ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"];

/** "25:10:00" → seconds; null when empty; NaN when malformed. */
export function parseTime(s: string | undefined): number | null {
  if (!s) return null;
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(s.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export function lineOf(pts: [number, number][]): Line {
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + distanceMeters({ lat: pts[i - 1][0], lon: pts[i - 1][1] }, { lat: pts[i][0], lon: pts[i][1] }));
  return { pts, cum };
}

/** The point of the line nearest to (lat, lon), searched from segment `from` on: distance along and off the line, metres. */
export function project(line: Line, lat: number, lon: number, from = 0): { along: number; off: number; segment: number } {
  const k = Math.cos((lat * Math.PI) / 180) * 111_320;
  const kLat = 110_540;
  let best = { along: 0, off: Number.POSITIVE_INFINITY, segment: 0 };
  if (line.pts.length === 1) return { along: 0, off: distanceMeters({ lat, lon }, { lat: line.pts[0][0], lon: line.pts[0][1] }), segment: 0 };
  for (let i = Math.max(0, from); i < line.pts.length - 1; i++) {
    const [aLat, aLon] = line.pts[i];
    const [bLat, bLon] = line.pts[i + 1];
    const ax = 0;
    const ay = 0;
    const bx = (bLon - aLon) * k;
    const by = (bLat - aLat) * kLat;
    const px = (lon - aLon) * k;
    const py = (lat - aLat) * kLat;
    const len2 = bx * bx + by * by;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * bx + (py - ay) * by) / len2));
    const dx = px - t * bx;
    const dy = py - t * by;
    const off = Math.sqrt(dx * dx + dy * dy);
    if (off < best.off - 0.01) best = { along: line.cum[i] + t * (line.cum[i + 1] - line.cum[i]), off, segment: i };
  }
  return best;
}

/** The point at a distance along the line, with the bearing of its segment (degrees from north). */
export function pointAt(line: Line, along: number): { lat: number; lon: number; bearing: number } {
  const { pts, cum } = line;
  if (pts.length === 1) return { lat: pts[0][0], lon: pts[0][1], bearing: 0 };
  let i = 0;
  while (i < pts.length - 2 && cum[i + 1] < along) i++;
  const seg = cum[i + 1] - cum[i];
  const t = seg > 0 ? Math.max(0, Math.min(1, (along - cum[i]) / seg)) : 0;
  const lat = pts[i][0] + t * (pts[i + 1][0] - pts[i][0]);
  const lon = pts[i][1] + t * (pts[i + 1][1] - pts[i][1]);
  const y = (pts[i + 1][1] - pts[i][1]) * Math.cos((lat * Math.PI) / 180);
  const x = pts[i + 1][0] - pts[i][0];
  const bearing = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return { lat, lon, bearing };
}

function readCsv(file: string, text: string, errors: GtfsError[]): { rows: Row[]; lines: number[]; columns: string[] } {
  try {
    const records = parse(text, { bom: true, columns: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as {
      record: Row;
      info: { lines: number };
    }[];
    const header = parse(text.split(/\r?\n/, 1)[0] ?? "", { bom: true, trim: true }) as string[][];
    return { rows: records.map((r) => r.record), lines: records.map((r) => r.info.lines), columns: header[0] ?? [] };
  } catch (e) {
    const err = e as { lines?: number; message: string };
    errors.push({ file, line: err.lines ?? 0, message: `not valid CSV: ${err.message}` });
    return { rows: [], lines: [], columns: [] };
  }
}

/** Reads and validates a GTFS zip; throws GtfsInvalid with every problem found (up to 100). */
export async function readFeed(zipBytes: Uint8Array, onProgress?: Progress): Promise<{ network: Network; summary: FeedSummary }> {
  const errors: GtfsError[] = [];
  const fail = (e: GtfsError) => {
    if (errors.length < MAX_ERRORS) errors.push(e);
  };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    throw new GtfsInvalid([{ file: "feed.zip", line: 0, message: "not a zip archive" }]);
  }
  // Feeds are sometimes zipped with a top folder: accept files one level down.
  const entry = (name: string) => zip.file(name) ?? zip.file(new RegExp(`^[^/]+/${name.replace(".", "\\.")}$`))[0] ?? null;
  const tables: Record<string, { rows: Row[]; lines: number[] }> = {};
  for (const name of [...REQUIRED_FILES, "calendar.txt", "calendar_dates.txt", "shapes.txt"]) {
    const f = entry(name);
    if (!f) {
      if (REQUIRED_FILES.includes(name)) fail({ file: name, line: 0, message: "required file missing" });
      continue;
    }
    const text = await f.async("string");
    const t = readCsv(name, text, errors);
    for (const col of REQUIRED_COLUMNS[name] ?? [])
      if (!t.columns.includes(col)) fail({ file: name, line: 1, field: col, message: `required column ${col} missing` });
    tables[name] = t;
    onProgress?.({ file: name, rows: t.rows.length, done: false });
  }
  if (!tables["calendar.txt"] && !tables["calendar_dates.txt"])
    fail({ file: "calendar.txt", line: 0, message: "calendar.txt or calendar_dates.txt is required" });
  if (errors.length) throw new GtfsInvalid(errors);

  const need = (file: string, line: number, row: Row, field: string): string => {
    const v = row[field];
    if (v === undefined || v === "") fail({ file, line, field, message: `${field} is required` });
    return v ?? "";
  };
  const num = (file: string, line: number, row: Row, field: string, min: number, max: number): number => {
    const n = Number(need(file, line, row, field));
    if (row[field] !== undefined && row[field] !== "" && !(Number.isFinite(n) && n >= min && n <= max))
      fail({ file, line, field, message: `${field} must be a number between ${min} and ${max} (got "${row[field]}")` });
    return n;
  };
  const date = (file: string, line: number, row: Row, field: string): string => {
    const v = need(file, line, row, field);
    if (v && !/^\d{8}$/.test(v)) fail({ file, line, field, message: `${field} must be YYYYMMDD (got "${v}")` });
    return v;
  };

  // agency.txt
  const agencies = tables["agency.txt"];
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

  // stops.txt
  const stops = new Map<string, Stop>();
  const st = tables["stops.txt"];
  st.rows.forEach((r, i) => {
    const line = st.lines[i];
    const id = need("stops.txt", line, r, "stop_id");
    if (stops.has(id)) fail({ file: "stops.txt", line, field: "stop_id", message: `duplicate stop_id ${id}` });
    const locationType = Number(r.location_type || 0);
    if (locationType >= 3) return; // generic nodes and boarding areas carry no position we use
    stops.set(id, {
      id,
      code: r.stop_code || null,
      name: need("stops.txt", line, r, "stop_name"),
      lat: num("stops.txt", line, r, "stop_lat", -90, 90),
      lon: num("stops.txt", line, r, "stop_lon", -180, 180),
    });
  });

  // routes.txt
  const routes = new Map<string, Route>();
  const rt = tables["routes.txt"];
  rt.rows.forEach((r, i) => {
    const line = rt.lines[i];
    const id = need("routes.txt", line, r, "route_id");
    if (routes.has(id)) fail({ file: "routes.txt", line, field: "route_id", message: `duplicate route_id ${id}` });
    if (!r.route_short_name && !r.route_long_name)
      fail({ file: "routes.txt", line, field: "route_short_name", message: "route_short_name or route_long_name is required" });
    if (r.agency_id && !agencyIds.has(r.agency_id))
      fail({ file: "routes.txt", line, field: "agency_id", message: `agency_id ${r.agency_id} is not in agency.txt` });
    const color = (c: string | undefined) => (c && /^[0-9A-Fa-f]{6}$/.test(c) ? c.toUpperCase() : null);
    routes.set(id, {
      id,
      agencyId: r.agency_id ?? "",
      shortName: r.route_short_name ?? "",
      longName: r.route_long_name ?? "",
      type: num("routes.txt", line, r, "route_type", 0, 1702),
      color: color(r.route_color),
      textColor: color(r.route_text_color),
    });
  });

  // calendar.txt, calendar_dates.txt
  const services = new Map<string, Service>();
  const exceptions = new Map<string, Map<string, number>>();
  const cal = tables["calendar.txt"];
  cal?.rows.forEach((r, i) => {
    const line = cal.lines[i];
    const id = need("calendar.txt", line, r, "service_id");
    const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((d) => {
      if (r[d] !== "0" && r[d] !== "1") fail({ file: "calendar.txt", line, field: d, message: `${d} must be 0 or 1` });
      return r[d] === "1";
    });
    services.set(id, { days, start: date("calendar.txt", line, r, "start_date"), end: date("calendar.txt", line, r, "end_date") });
  });
  const cd = tables["calendar_dates.txt"];
  cd?.rows.forEach((r, i) => {
    const line = cd.lines[i];
    const id = need("calendar_dates.txt", line, r, "service_id");
    const d = date("calendar_dates.txt", line, r, "date");
    const type = Number(r.exception_type);
    if (type !== 1 && type !== 2) fail({ file: "calendar_dates.txt", line, field: "exception_type", message: "exception_type must be 1 or 2" });
    if (!exceptions.has(id)) exceptions.set(id, new Map());
    exceptions.get(id)?.set(d, type);
  });

  // shapes.txt
  const shapePts = new Map<string, { seq: number; lat: number; lon: number }[]>();
  const sh = tables["shapes.txt"];
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

  // trips.txt
  const trips = new Map<string, Trip>();
  const tr = tables["trips.txt"];
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
  onProgress?.({ file: "trips.txt", rows: tr.rows.length, done: true });

  // stop_times.txt
  const stt = tables["stop_times.txt"];
  const rawTimes = new Map<string, { seq: number; stopId: string; arr: number | null; dep: number | null; line: number }[]>();
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
  onProgress?.({ file: "stop_times.txt", rows: stt.rows.length, done: true });
  if (errors.length) throw new GtfsInvalid(errors);

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
  if (errors.length) throw new GtfsInvalid(errors);

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
