import type { Queryable } from "../../platform/db.ts";
import type { FeedSummary } from "./gtfs.ts";

export async function feedVersion(q: Queryable, tenantId: string): Promise<number | null> {
  const r = await q.one<{ version: number }>("SELECT version FROM transit_feeds WHERE tenant_id = $1", [tenantId]);
  return r?.version ?? null;
}

export async function feedZip(q: Queryable, tenantId: string): Promise<{ version: number; zip: Uint8Array } | null> {
  const r = await q.one<{ version: number; zip: Uint8Array }>("SELECT version, zip FROM transit_feeds WHERE tenant_id = $1", [tenantId]);
  return r ? { version: r.version, zip: new Uint8Array(r.zip) } : null;
}

export async function feedMeta(q: Queryable, tenantId: string) {
  const r = await q.one<{ version: number; imported_at: Date; summary: FeedSummary | string }>(
    "SELECT version, imported_at, summary FROM transit_feeds WHERE tenant_id = $1",
    [tenantId],
  );
  if (!r) return null;
  return { ...r, summary: typeof r.summary === "string" ? (JSON.parse(r.summary) as FeedSummary) : r.summary };
}

export async function saveFeed(q: Queryable, tenantId: string, zip: Buffer, summary: FeedSummary, actorId: string | null): Promise<number> {
  const r = await q.one<{ version: number }>(
    `INSERT INTO transit_feeds AS f (tenant_id, version, zip, summary, imported_by) VALUES ($1, 1, $2, $3::jsonb, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET version = f.version + 1, zip = excluded.zip, summary = excluded.summary,
       imported_by = excluded.imported_by, imported_at = now()
     RETURNING version`,
    [tenantId, zip, summary, actorId],
  );
  return (r as { version: number }).version;
}

/** A vehicle's position as reported (`reported_at` ISO text on the way in, a Date when read back). */
export interface PositionRow<At = string> {
  vehicle_id: string;
  label: string | null;
  trip_id: string | null;
  route_id: string | null;
  start_date: string | null;
  lat: number;
  lon: number;
  bearing: number | null;
  speed: number | null;
  reported_at: At;
}

export interface VehicleRow extends PositionRow<Date> {
  received_at: Date;
  source: string;
}

/** Vehicles, newest report first; only those received since `since` when given. */
export async function listVehicles(q: Queryable, tenantId: string, since: Date | null): Promise<VehicleRow[]> {
  return q.query<VehicleRow>(
    `SELECT vehicle_id, label, trip_id, route_id, start_date, lat, lon, bearing, speed, reported_at, received_at, source
       FROM transit_vehicles WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR received_at >= $2) ORDER BY vehicle_id`,
    [tenantId, since],
  );
}

const RECORD = `x(vehicle_id text, label text, trip_id text, route_id text, start_date text, lat float8, lon float8, bearing real, speed real, reported_at timestamptz)`;

export async function insertHistory(q: Queryable, tenantId: string, rows: PositionRow[]) {
  await q.later(
    `INSERT INTO transit_positions (tenant_id, vehicle_id, trip_id, lat, lon, bearing, speed, reported_at)
     SELECT $1, vehicle_id, trip_id, lat, lon, bearing, speed, reported_at FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}`,
    [tenantId, rows],
  );
}

/** Upserts the latest position per vehicle; an older report than the stored one changes nothing. */
export async function upsertVehicles(q: Queryable, tenantId: string, rows: PositionRow[], source: string) {
  await q.query(
    `INSERT INTO transit_vehicles AS v (tenant_id, vehicle_id, label, trip_id, route_id, start_date, lat, lon, bearing, speed, reported_at, received_at, source)
     SELECT $1, vehicle_id, label, trip_id, route_id, start_date, lat, lon, bearing, speed, reported_at, now(), $3 FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
     ON CONFLICT (tenant_id, vehicle_id) DO UPDATE SET label = COALESCE(excluded.label, v.label), trip_id = excluded.trip_id, route_id = excluded.route_id,
       start_date = excluded.start_date, lat = excluded.lat, lon = excluded.lon, bearing = excluded.bearing, speed = excluded.speed,
       reported_at = excluded.reported_at, received_at = excluded.received_at, source = excluded.source
     WHERE v.reported_at <= excluded.reported_at`,
    [tenantId, rows, source],
  );
}

export async function pruneHistory(q: Queryable, hours: number): Promise<number> {
  const r = await q.query<{ id: string }>(
    `DELETE FROM transit_positions WHERE id IN (SELECT id FROM transit_positions WHERE received_at < now() - make_interval(hours => $1) LIMIT 50000) RETURNING id`,
    [hours],
  );
  return r.length;
}
