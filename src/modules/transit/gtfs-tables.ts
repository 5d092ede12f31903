/** Reading a GTFS zip into its CSV tables (line numbers kept for errors), and the field checks every table uses. */
import { parse } from "csv-parse/sync";
import JSZip from "jszip";
import { type GtfsError, GtfsInvalid, type Progress } from "./gtfs-model.ts";

export type Row = Record<string, string>;
export interface Table {
  rows: Row[];
  lines: number[];
}

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

/** Collects the feed's errors (up to 100) and checks required, numeric and date fields of a row. */
export interface Checks {
  errors: GtfsError[];
  fail(e: GtfsError): void;
  need(file: string, line: number, row: Row, field: string): string;
  num(file: string, line: number, row: Row, field: string, min: number, max: number): number;
  date(file: string, line: number, row: Row, field: string): string;
}

export function createChecks(): Checks {
  const errors: GtfsError[] = [];
  const fail = (e: GtfsError) => {
    if (errors.length < MAX_ERRORS) errors.push(e);
  };
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
  return { errors, fail, need, num, date };
}

/** Throws GtfsInvalid with every error found so far; nothing when there is none. */
export function throwIfInvalid(c: Checks): void {
  if (c.errors.length) throw new GtfsInvalid(c.errors);
}

/**
 * Unzips the feed and reads its tables: the required files, calendars and shapes (others are ignored). Throws
 * GtfsInvalid for a file that is not a zip, and for missing files or columns.
 */
export async function readTables(zipBytes: Uint8Array, c: Checks, onProgress?: Progress): Promise<Record<string, Table>> {
  const { errors, fail } = c;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    throw new GtfsInvalid([{ file: "feed.zip", line: 0, message: "not a zip archive" }]);
  }
  // Feeds are sometimes zipped with a top folder: accept files one level down.
  const entry = (name: string) => zip.file(name) ?? zip.file(new RegExp(`^[^/]+/${name.replace(".", "\\.")}$`))[0] ?? null;
  const tables: Record<string, Table> = {};
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
  return tables;
}
