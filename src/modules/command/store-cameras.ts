/** The CCTV registry's SQL (table `cameras`; the owner's name from org_units, owned by `tenants`/`admin`). Every query filters by tenant. */
import type { Queryable } from "../../platform/db.ts";
import type { CameraStatus, StreamKind } from "./cameras.ts";

export interface CameraRow {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  owner_unit_id: string | null;
  owner_name: string | null;
  stream_kind: StreamKind;
  stream_url: string | null;
  status: CameraStatus;
  checked_at: Date | string | null;
  last_error: string | null;
  latency_ms: number | null;
  active: boolean;
}

const COLUMNS = `c.id, c.tenant_id, c.code, c.name, c.lat, c.lon, c.owner_unit_id, u.name AS owner_name, c.stream_kind, c.stream_url,
  c.status, c.checked_at, c.last_error, c.latency_ms, c.active`;
const FROM = "cameras c LEFT JOIN directory_units u ON u.tenant_id = c.tenant_id AND u.id = c.owner_unit_id";

export const cameraRows = (q: Queryable, tenantId: string, all: boolean) =>
  q.query<CameraRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.tenant_id = $1 AND ($2::boolean OR c.active) ORDER BY c.name, c.code`, [tenantId, all]);

export const cameraRow = (q: Queryable, tenantId: string, id: string) =>
  q.one<CameraRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.tenant_id = $1 AND c.id = $2`, [tenantId, id]);

/** Active cameras with a stream URL, of one tenant or (the health job) of all. */
export const checkableCameras = (q: Queryable, tenantId: string | null) =>
  q.query<CameraRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.active AND c.stream_url IS NOT NULL AND ($1::text IS NULL OR c.tenant_id = $1) ORDER BY c.tenant_id, c.code`,
    [tenantId],
  );

/** tenants/admin: an org unit's id by its code (or checks an id), for a camera's owner. */
export const unitIdByCode = (q: Queryable, tenantId: string, code: string) =>
  q.one<{ id: string }>("SELECT id FROM directory_units WHERE tenant_id = $1 AND code = $2", [tenantId, code]);
export const unitIdById = (q: Queryable, tenantId: string, id: string) =>
  q.one<{ id: string }>("SELECT id FROM directory_units WHERE tenant_id = $1 AND id = $2", [tenantId, id]);

export interface NewCamera {
  code: string;
  name: string;
  lat: number;
  lon: number;
  ownerUnitId: string | null;
  streamKind: StreamKind;
  streamUrl: string | null;
  active: boolean;
}

/** Undefined when the code is taken. */
export const insertCamera = (q: Queryable, tenantId: string, c: NewCamera) =>
  q.one<{ id: string }>(
    `INSERT INTO cameras (tenant_id, code, name, lat, lon, owner_unit_id, stream_kind, stream_url, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, c.code, c.name, c.lat, c.lon, c.ownerUnitId, c.streamKind, c.streamUrl, c.active],
  );

export async function codeTaken(q: Queryable, tenantId: string, code: string, exceptId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM cameras WHERE tenant_id = $1 AND code = $2 AND id <> $3", [tenantId, code, exceptId]));
}

/** Saves the edited fields; `probeChanged` also clears the last check (a new URL or kind is unchecked). */
export async function updateCamera(q: Queryable, tenantId: string, id: string, c: NewCamera, status: CameraStatus, probeChanged: boolean) {
  await q.query(
    `UPDATE cameras SET code = $3, name = $4, lat = $5, lon = $6, owner_unit_id = $7, stream_kind = $8, stream_url = $9, active = $10,
       status = $11, checked_at = CASE WHEN $12::boolean THEN NULL ELSE checked_at END,
       last_error = CASE WHEN $12::boolean THEN NULL ELSE last_error END, latency_ms = CASE WHEN $12::boolean THEN NULL ELSE latency_ms END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, c.code, c.name, c.lat, c.lon, c.ownerUnitId, c.streamKind, c.streamUrl, c.active, status, probeChanged],
  );
}

export async function deactivateCamera(q: Queryable, tenantId: string, id: string) {
  await q.query("UPDATE cameras SET active = false, status = 'unknown' WHERE tenant_id = $1 AND id = $2", [tenantId, id]);
}

/** The camera's status, locked, if it still has the stream that was probed (not edited or deactivated meanwhile). */
export const lockProbedCamera = (q: Queryable, tenantId: string, id: string, streamUrl: string | null, streamKind: StreamKind) =>
  q.one<{ status: CameraStatus }>(
    "SELECT status FROM cameras WHERE tenant_id = $1 AND id = $2 AND active AND stream_url = $3 AND stream_kind = $4 FOR UPDATE",
    [tenantId, id, streamUrl, streamKind],
  );

export async function saveCheck(q: Queryable, tenantId: string, id: string, status: CameraStatus, latencyMs: number | null, error: string | null) {
  await q.query("UPDATE cameras SET status = $3, checked_at = now(), latency_ms = $4, last_error = $5 WHERE tenant_id = $1 AND id = $2", [
    tenantId,
    id,
    status,
    latencyMs,
    error,
  ]);
}

// ---- demo seed ------------------------------------------------------------------------------------------

/** A demo camera by code (existing ones are kept; a URL given later fills an empty one). Returns whether it was added. */
export async function seedCamera(
  q: Queryable,
  tenantId: string,
  c: { code: string; name: string; lat: number; lon: number; ownerUnitId: string | null; streamUrl: string | null },
): Promise<boolean> {
  const row = await q.one(
    `INSERT INTO cameras (tenant_id, code, name, lat, lon, owner_unit_id, stream_kind, stream_url)
     VALUES ($1, $2, $3, $4, $5, $6, 'hls', $7) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, c.code, c.name, c.lat, c.lon, c.ownerUnitId, c.streamUrl],
  );
  if (row) return true;
  if (c.streamUrl)
    await q.query("UPDATE cameras SET stream_url = $3 WHERE tenant_id = $1 AND code = $2 AND stream_url IS NULL", [tenantId, c.code, c.streamUrl]);
  return false;
}
