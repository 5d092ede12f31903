/** Incident and dispatch rows as stored and as shown (caller details only to the 112 desk), and their live events. */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { emit } from "../../platform/events.ts";
import { maskPhone, maskText } from "../../platform/mask.ts";
import { type CaseRow, getCase } from "../cases/index.ts";
import { type DispatchRow, type IncidentRow, responderUnits } from "./store.ts";

// ---- rows (store.ts) and views ---------------------------------------------------------------------

export { type DispatchRow, dispatchesOf, type IncidentRow, incidentRow, responderUnits } from "./store.ts";

/** The incident's case row (the case engine's). */
export const caseRow = async (q: Queryable, tenantId: string, id: string) => (await getCase(q, tenantId, id)) as CaseRow;

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
