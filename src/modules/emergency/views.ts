/** Incident and dispatch rows as stored and as shown (caller details only to the 112 desk), and their live events. */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { emit } from "../../platform/events.ts";
import { maskPhone, maskText } from "../../platform/mask.ts";
import type { CaseRow } from "../cases/store.ts";
import type { Agency, DispatchStatus, IncidentType } from "./model.ts";

// ---- rows and views ---------------------------------------------------------------------------------

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
    FROM incidents i JOIN cases c ON c.tenant_id = i.tenant_id AND c.id = i.case_id
    LEFT JOIN org_units k ON k.tenant_id = i.tenant_id AND k.code = i.kecamatan_code AND k.kind = 'kecamatan'
    LEFT JOIN org_units l ON l.tenant_id = i.tenant_id AND l.code = i.kelurahan_code AND l.kind = 'kelurahan'`;

export const DISPATCH_SELECT = `
  SELECT d.id, d.case_id, d.responder_id, r.name AS responder_name, r.agency, r.org_unit_id, d.status, d.note, d.dispatched_at,
         d.en_route_at, d.on_scene_at, d.finished_at, d.cancelled_at, d.version
    FROM dispatches d JOIN responders r ON r.id = d.responder_id`;

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function dispatchView(d: DispatchRow) {
  return {
    id: d.id,
    incidentId: d.case_id,
    responderId: d.responder_id,
    responderName: d.responder_name,
    agency: d.agency,
    status: d.status,
    note: d.note,
    dispatchedAt: iso(d.dispatched_at),
    enRouteAt: iso(d.en_route_at),
    onSceneAt: iso(d.on_scene_at),
    finishedAt: iso(d.finished_at),
    cancelledAt: iso(d.cancelled_at),
  };
}

/** Who may see a caller's phone number in full: the desk that calls back (call takers, dispatchers). */
export const seesCaller = (a: Actor | undefined) => !!a?.grants.some((g) => ["kominfo_admin", "command_operator", "call_taker", "dispatcher"].includes(g.role));

/** An incident as the viewer may see it; `wall` (the command center's big screen) never shows the caller. */
export function incidentView(r: IncidentRow, dispatches: DispatchRow[], viewer: Actor | undefined, wall = false) {
  const full = !wall && seesCaller(viewer);
  return {
    id: r.case_id,
    number: r.number,
    type: r.type,
    priority: r.priority,
    state: r.state,
    source: r.source,
    lat: Number(r.lat),
    lon: Number(r.lon),
    address: r.address,
    kelurahan: r.kelurahan_code,
    kelurahanName: r.kelurahan_name,
    kecamatan: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    callerName: full ? r.caller_name : null,
    callerPhone: r.caller_phone ? (full ? r.caller_phone : maskPhone(r.caller_phone)) : null,
    // Call takers type what callers say, numbers and names included: masked for everyone else.
    notes: r.notes && !full ? maskText(r.notes) : r.notes,
    callCount: r.call_count,
    receivedAt: iso(r.received_at),
    firstDispatchedAt: iso(r.first_dispatched_at),
    firstArrivedAt: iso(r.first_arrived_at),
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
    closingNote: r.closing_note,
    dispatches: dispatches.filter((d) => d.case_id === r.case_id).map(dispatchView),
  };
}
export type IncidentView = ReturnType<typeof incidentView>;

export async function dispatchesOf(q: Queryable, tenantId: string, caseIds: string[]): Promise<DispatchRow[]> {
  if (!caseIds.length) return [];
  return q.query<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.case_id = ANY($2::uuid[]) ORDER BY d.dispatched_at`, [
    tenantId,
    `{${caseIds.join(",")}}`,
  ]);
}

export async function incidentRow(q: Queryable, tenantId: string, id: string, forUpdate = false): Promise<IncidentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return q.one<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.case_id = $2${forUpdate ? " FOR UPDATE OF i" : ""}`, [tenantId, id]);
}

export async function caseRow(q: Queryable, tenantId: string, id: string): Promise<CaseRow> {
  return (await q.one<CaseRow>("SELECT * FROM cases WHERE tenant_id = $1 AND id = $2", [tenantId, id])) as CaseRow;
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

/** The live event about an incident: no caller name or phone, ever. */
export async function emitIncident(q: Queryable, tenantId: string, topic: "incident.created" | "incident.updated", r: IncidentRow, change: string) {
  await emit(q, tenantId, topic, {
    caseId: r.case_id,
    number: r.number,
    type: r.type,
    priority: r.priority,
    state: r.state,
    lat: r.lat,
    lon: r.lon,
    kecamatan: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    callCount: r.call_count,
    change,
    receivedAt: iso(r.received_at),
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
    responderUnitIds: await responderUnits(q, tenantId, r.case_id),
  });
}
