/**
 * Call Center 112's SQL: incidents, incident_calls, dispatches, responders (this module's tables). The case of an
 * incident (number, tracking token, state) is joined in through the case engine's published view case_reports, unit
 * names through admin's directory_units; case rows and history otherwise come through ../cases/index.ts. Every query
 * filters by tenant.
 */
import type { Queryable } from "../../platform/db.ts";
import type { Agency, DispatchStatus, IncidentType } from "./model.ts";

export interface IncidentRow {
  case_id: string;
  number: string;
  tracking_token: string;
  state: string;
  version: number;
  type: IncidentType;
  priority: number;
  source: string;
  caller_name: string | null;
  caller_phone: string | null;
  address: string | null;
  lat: number;
  lon: number;
  kelurahan_code: string | null;
  kecamatan_code: string | null;
  kecamatan_name: string | null;
  kelurahan_name: string | null;
  notes: string | null;
  call_count: number;
  received_at: Date;
  first_dispatched_at: Date | null;
  first_arrived_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  closing_note: string | null;
}

export interface DispatchRow {
  id: string;
  case_id: string;
  responder_id: string;
  responder_name: string;
  agency: Agency;
  org_unit_id: string | null;
  status: DispatchStatus;
  note: string | null;
  dispatched_at: Date;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
  version: number;
}

export const INCIDENT_SELECT = `
  SELECT i.case_id, c.number, c.tracking_token, c.state, c.version, i.type, i.priority, i.source, i.caller_name, i.caller_phone,
         i.address, i.lat, i.lon, i.kelurahan_code, l.name AS kelurahan_name, i.kecamatan_code, k.name AS kecamatan_name, i.notes,
         i.call_count, i.received_at, i.first_dispatched_at, i.first_arrived_at, i.closed_at, i.outcome, i.closing_note
    FROM incidents i JOIN case_reports c ON c.tenant_id = i.tenant_id AND c.id = i.case_id
    LEFT JOIN directory_units k ON k.tenant_id = i.tenant_id AND k.code = i.kecamatan_code AND k.kind = 'kecamatan'
    LEFT JOIN directory_units l ON l.tenant_id = i.tenant_id AND l.code = i.kelurahan_code AND l.kind = 'kelurahan'`;

export const DISPATCH_SELECT = `
  SELECT d.id, d.case_id, d.responder_id, r.name AS responder_name, r.agency, r.org_unit_id, d.status, d.note, d.dispatched_at,
         d.en_route_at, d.on_scene_at, d.finished_at, d.cancelled_at, d.version
    FROM dispatches d JOIN responders r ON r.id = d.responder_id`;

const ACTIVE_DISPATCH = "('dispatched','en_route','on_scene')";
const uuidArray = (ids: string[]) => `{${ids.join(",")}}`;

// ---- incidents ------------------------------------------------------------------------------------------

export async function incidentRow(q: Queryable, tenantId: string, id: string, forUpdate = false): Promise<IncidentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return q.one<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.case_id = $2${forUpdate ? " FOR UPDATE OF i" : ""}`, [tenantId, id]);
}

export const incidentRowsOf = (q: Queryable, tenantId: string, caseIds: string[]) =>
  q.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.case_id = ANY($2::uuid[])`, [tenantId, uuidArray(caseIds)]);

export const incidentByToken = (q: Queryable, tenantId: string, token: string) =>
  q.one<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND c.tracking_token = $2`, [tenantId, token]);

/** Newest first; `open` true/false filters on closed_at, `type` on the incident type. */
export function incidentRows(q: Queryable, tenantId: string, f: { open?: boolean; type?: string; limit: number }) {
  const where = ["i.tenant_id = $1"];
  const params: unknown[] = [tenantId];
  if (f.open === true) where.push("i.closed_at IS NULL");
  if (f.open === false) where.push("i.closed_at IS NOT NULL");
  if (f.type) {
    params.push(f.type);
    where.push(`i.type = $${params.length}`);
  }
  params.push(f.limit);
  return q.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ${where.join(" AND ")} ORDER BY i.received_at DESC LIMIT $${params.length}`, params);
}

/** Open incidents of a type in the given H3 cells (a `cellsParam`) received after `since`. */
export const openIncidentsNear = (q: Queryable, tenantId: string, type: string, cells: string, since: Date) =>
  q.query<IncidentRow>(
    `${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.type = $2 AND i.h3 = ANY($3::text[]) AND i.received_at > $4 AND i.closed_at IS NULL
      ORDER BY i.received_at DESC LIMIT 20`,
    [tenantId, type, cells, since],
  );

export interface NewIncident {
  caseId: string;
  type: string;
  priority: number;
  source: string;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
  lat: number;
  lon: number;
  h3: string;
  kelurahan: string | null;
  kecamatan: string | null;
  notes: string | null;
  takenBy: string | null;
  receivedAt: Date;
}

/** The incident row and its first call. */
export async function insertIncident(q: Queryable, tenantId: string, v: NewIncident) {
  await q.query(
    `INSERT INTO incidents (case_id, tenant_id, type, priority, source, caller_name, caller_phone, address, lat, lon, h3,
                            kelurahan_code, kecamatan_code, notes, taken_by, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      v.caseId,
      tenantId,
      v.type,
      v.priority,
      v.source,
      v.callerName,
      v.callerPhone,
      v.address,
      v.lat,
      v.lon,
      v.h3,
      v.kelurahan,
      v.kecamatan,
      v.notes,
      v.takenBy,
      v.receivedAt,
    ],
  );
  await q.query(
    "INSERT INTO incident_calls (tenant_id, case_id, caller_name, caller_phone, notes, source, taken_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [tenantId, v.caseId, v.callerName, v.callerPhone, v.notes, v.source, v.takenBy, v.receivedAt],
  );
}

/** Another call about an incident: the call row, and the incident's call count. */
export async function insertCall(
  q: Queryable,
  tenantId: string,
  caseId: string,
  c: { callerName: string | null; callerPhone: string | null; notes: string | null; takenBy: string },
) {
  const call = await q.one<{ id: string; received_at: Date }>(
    "INSERT INTO incident_calls (tenant_id, case_id, caller_name, caller_phone, notes, taken_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, received_at",
    [tenantId, caseId, c.callerName, c.callerPhone, c.notes, c.takenBy],
  );
  await q.query("UPDATE incidents SET call_count = call_count + 1 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId]);
  return call as { id: string; received_at: Date };
}

export const callsOf = (q: Queryable, tenantId: string, caseId: string) =>
  q.query<{ id: string; caller_name: string | null; caller_phone: string | null; notes: string | null; source: string; received_at: Date }>(
    "SELECT id, caller_name, caller_phone, notes, source, received_at FROM incident_calls WHERE tenant_id = $1 AND case_id = $2 ORDER BY received_at",
    [tenantId, caseId],
  );

export async function setFirstDispatched(q: Queryable, tenantId: string, caseId: string, at: Date) {
  await q.query("UPDATE incidents SET first_dispatched_at = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, at]);
}

export async function setFirstArrived(q: Queryable, tenantId: string, caseId: string, at: Date) {
  await q.query("UPDATE incidents SET first_arrived_at = $3 WHERE tenant_id = $1 AND case_id = $2", [tenantId, caseId, at]);
}

export async function closeIncident(q: Queryable, tenantId: string, caseId: string, at: Date, outcome: string, note: string) {
  await q.query("UPDATE incidents SET closed_at = $3, outcome = $4, closing_note = $5 WHERE tenant_id = $1 AND case_id = $2", [
    tenantId,
    caseId,
    at,
    outcome,
    note,
  ]);
}

export type ResponseTimeRow = {
  key: string;
  label: string | null;
  incidents: number;
  closed: number;
  false_alarms: number;
  dm: number | null;
  d90: number | null;
  am: number | null;
  a90: number | null;
};

/** Median and p90 seconds to the first dispatch and the first arrival per type or kecamatan (kecamatan names from org_units), days in the tenant's zone. */
export function responseTimeRows(q: Queryable, tenantId: string, timezone: string, by: "type" | "kecamatan", from: string, to: string) {
  const key = by === "type" ? "i.type" : "coalesce(i.kecamatan_code, '-')";
  return q.query<ResponseTimeRow>(
    `SELECT ${key} AS key, ${by === "kecamatan" ? "min(k.name)" : "NULL"} AS label, count(*)::int AS incidents,
            count(i.closed_at)::int AS closed, count(*) FILTER (WHERE i.outcome = 'false_alarm')::int AS false_alarms,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_dispatched_at - i.received_at)) AS dm,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_dispatched_at - i.received_at)) AS d90,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_arrived_at - i.received_at)) AS am,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_arrived_at - i.received_at)) AS a90
       FROM incidents i
       LEFT JOIN directory_units k ON k.tenant_id = i.tenant_id AND k.code = i.kecamatan_code AND k.kind = 'kecamatan'
      WHERE i.tenant_id = $1 AND i.received_at >= ($2::date)::timestamp AT TIME ZONE $4 AND i.received_at < ($3::date + 1)::timestamp AT TIME ZONE $4
      GROUP BY 1 ORDER BY 1`,
    [tenantId, from, to, timezone],
  );
}

// ---- dispatches ---------------------------------------------------------------------------------------

export async function dispatchesOf(q: Queryable, tenantId: string, caseIds: string[]): Promise<DispatchRow[]> {
  if (!caseIds.length) return [];
  return q.query<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.case_id = ANY($2::uuid[]) ORDER BY d.dispatched_at`, [
    tenantId,
    uuidArray(caseIds),
  ]);
}

export const dispatchRow = (q: Queryable, tenantId: string, id: string) =>
  q.one<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, id]);

/** The dispatches of the responders of these units: the active ones, then the last day's others. */
export const dispatchesOfUnits = (q: Queryable, tenantId: string, unitIds: string[]) =>
  q.query<DispatchRow>(
    `${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND r.org_unit_id = ANY($2::uuid[])
       AND (d.status IN ${ACTIVE_DISPATCH} OR d.dispatched_at > now() - interval '1 day')
     ORDER BY (d.status IN ${ACTIVE_DISPATCH}) DESC, d.dispatched_at DESC LIMIT 200`,
    [tenantId, uuidArray(unitIds)],
  );

/** The incident a dispatch belongs to (read first, so the incident row is locked before the dispatch). */
export const caseOfDispatch = (q: Queryable, tenantId: string, id: string) =>
  q.one<{ case_id: string }>("SELECT case_id FROM dispatches WHERE tenant_id = $1 AND id = $2", [tenantId, id]);

export async function responderActiveOn(q: Queryable, tenantId: string, caseId: string, responderId: string): Promise<boolean> {
  return !!(await q.one(`SELECT 1 FROM dispatches WHERE tenant_id = $1 AND case_id = $2 AND responder_id = $3 AND status IN ${ACTIVE_DISPATCH}`, [
    tenantId,
    caseId,
    responderId,
  ]));
}

export async function activeDispatchCount(q: Queryable, tenantId: string, caseId: string): Promise<number> {
  const r = await q.one<{ n: number }>(`SELECT count(*)::int AS n FROM dispatches WHERE tenant_id = $1 AND case_id = $2 AND status IN ${ACTIVE_DISPATCH}`, [
    tenantId,
    caseId,
  ]);
  return r?.n ?? 0;
}

export const insertDispatch = (q: Queryable, tenantId: string, d: { caseId: string; responderId: string; note: string | null; by: string; at: Date }) =>
  q.one<{ id: string }>(
    `INSERT INTO dispatches (tenant_id, case_id, responder_id, status, note, dispatched_by, dispatched_at)
     VALUES ($1, $2, $3, 'dispatched', $4, $5, $6) RETURNING id`,
    [tenantId, d.caseId, d.responderId, d.note, d.by, d.at],
  );

const STATUS_COLUMN = { en_route: "en_route_at", on_scene: "on_scene_at", finished: "finished_at", cancelled: "cancelled_at" } as const;

/** The dispatch's new status with its time stamp (and a note, if given). */
export async function setDispatchStatus(
  q: Queryable,
  tenantId: string,
  id: string,
  status: Exclude<DispatchStatus, "dispatched">,
  at: Date,
  note: string | null,
) {
  await q.query(
    `UPDATE dispatches SET status = $3, ${STATUS_COLUMN[status]} = $4, note = coalesce($5, note), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, status, at, note],
  );
}

/** The org units of the responders dispatched to an incident (OPD liaisons see the incident through them). */
export async function responderUnits(q: Queryable, tenantId: string, caseId: string): Promise<string[]> {
  const rows = await q.query<{ org_unit_id: string }>(
    `SELECT DISTINCT r.org_unit_id FROM dispatches d JOIN responders r ON r.id = d.responder_id
      WHERE d.tenant_id = $1 AND d.case_id = $2 AND r.org_unit_id IS NOT NULL`,
    [tenantId, caseId],
  );
  return rows.map((r) => r.org_unit_id);
}

// ---- responders ---------------------------------------------------------------------------------------

export const responderRows = (q: Queryable, tenantId: string) =>
  q.query<{ id: string; code: string; name: string; agency: Agency; org_unit_id: string | null; phone: string | null; active: boolean; busy: number }>(
    `SELECT r.id, r.code, r.name, r.agency, r.org_unit_id, r.phone, r.active,
            (SELECT count(*)::int FROM dispatches d WHERE d.tenant_id = r.tenant_id AND d.responder_id = r.id AND d.status IN ${ACTIVE_DISPATCH}) AS busy
       FROM responders r WHERE r.tenant_id = $1 ORDER BY r.agency, r.name`,
    [tenantId],
  );

export const responderRow = (q: Queryable, tenantId: string, id: string) =>
  q.one<{ id: string; name: string; agency: Agency; org_unit_id: string | null; active: boolean }>(
    "SELECT id, name, agency, org_unit_id, active FROM responders WHERE tenant_id = $1 AND id = $2",
    [tenantId, id],
  );

/** Adds a responder unless its code exists; true when added. */
export async function insertResponder(
  q: Queryable,
  tenantId: string,
  r: { code: string; name: string; agency: Agency; orgUnitId: string | null; phone: string | null },
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO responders (tenant_id, code, name, agency, org_unit_id, phone) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
    [tenantId, r.code, r.name, r.agency, r.orgUnitId, r.phone],
  );
  return rows.length > 0;
}

// ---- other modules' views (directory_units) ------------------------------------------------------------------------

/** tenants/admin: an org unit's id by its code. */
export const unitIdByCode = (q: Queryable, tenantId: string, code: string) =>
  q.one<{ id: string }>("SELECT id FROM directory_units WHERE tenant_id = $1 AND code = $2", [tenantId, code]);

/** tenants/admin: the kecamatan code of a kelurahan (by its code). */
export const kecamatanOfKelurahan = (q: Queryable, tenantId: string, kelurahan: string) =>
  q.one<{ kec: string }>(
    `SELECT k.code AS kec FROM directory_units l JOIN directory_units k ON k.tenant_id = l.tenant_id AND k.id = l.parent_id
      WHERE l.tenant_id = $1 AND l.code = $2 AND l.kind = 'kelurahan'`,
    [tenantId, kelurahan],
  );
