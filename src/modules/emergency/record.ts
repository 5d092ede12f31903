/** Recording incidents: a call or a citizen's app report becomes a case of kejadian-darurat-112; repeated calls link. */
import type { Actor } from "../../platform/auth/roles.ts";
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, conflict, notFound } from "../../platform/errors.ts";
import { cellsParam, cellsWithin, checkLatLon, distanceMeters, h3Cell, locate } from "../../platform/geo.ts";
import { appendCaseEvent, fileCase, specOf } from "../cases/index.ts";
import { getServiceRow } from "../catalog/index.ts";
import {
  COMMAND_UNIT,
  type EmergencyCtx,
  NEARBY_METERS,
  NEARBY_MS,
  PHONE,
  SERVICE_KEY,
  TYPE_KEYS,
  eventActor,
  fieldError,
  roleOf,
  staffActor,
  typeOf,
} from "./model.ts";
import * as store from "./store.ts";
import { type IncidentRow, dispatchesOf, emitIncident, incidentRow, incidentView, iso } from "./views.ts";

// ---- recording incidents ------------------------------------------------------------------------------

export interface NewIncident {
  type: string;
  priority?: number;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  callerName?: string | null;
  callerPhone?: string | null;
  notes?: string | null;
  /** Kelurahan code, when the city has no boundaries loaded to find it from the location. */
  kelurahan?: string | null;
}

/** A phone number as dialled: digits and a leading +, spaces and dashes dropped. */
function phoneOf(s: string | null | undefined, field: string): string | null {
  const raw = clean(s, field, 30);
  if (!raw) return null;
  if (!PHONE.test(raw)) throw fieldError(field, "pattern", "a phone number, e.g. 0812 3456 7890");
  return raw.replace(/[\s()-]/g, "");
}

export function clean(s: string | null | undefined, field: string, max: number): string | null {
  const t = s?.trim() ?? "";
  if (t.length > max) throw fieldError(field, "maxLength", `at most ${max} characters`);
  return t || null;
}

/** Checks an incident's fields; the location must be inside the city. */
async function validateIncident(db: Db, tenantId: string, input: NewIncident) {
  if (!TYPE_KEYS.includes(input.type)) throw fieldError("type", "enum", `one of ${TYPE_KEYS.join(", ")}`);
  const type = typeOf(input.type)!;
  const priority = input.priority ?? type.priority;
  if (![1, 2, 3].includes(priority)) throw fieldError("priority", "enum", "1, 2 or 3");
  if (input.lat == null || input.lon == null || !Number.isFinite(input.lat) || !Number.isFinite(input.lon)) {
    throw new AppError("incident-location-required", 400, {
      fields: [
        { field: "lat", code: "required" },
        { field: "lon", code: "required" },
      ],
    });
  }
  const lat = input.lat;
  const lon = input.lon;
  checkLatLon(lat, lon);
  const where = await locate(db, tenantId, lat, lon);
  if (where.inside === false) throw new AppError("location-outside-tenant", 422, { fields: [{ field: "lat", code: "location-outside-tenant" }] });
  let kelurahan = where.kelurahan;
  let kecamatan = where.kecamatan;
  if (!kelurahan && input.kelurahan) {
    const unit = await store.kecamatanOfKelurahan(db, tenantId, input.kelurahan);
    if (!unit) throw fieldError("kelurahan", "enum", "a kelurahan code of this city");
    kelurahan = input.kelurahan;
    kecamatan = unit.kec;
  }
  const callerPhone = phoneOf(input.callerPhone, "callerPhone");
  return {
    type: type.key,
    priority,
    lat,
    lon,
    h3: h3Cell(lat, lon),
    kelurahan,
    kecamatan,
    address: clean(input.address, "address", 300),
    callerName: clean(input.callerName, "callerName", 120),
    callerPhone,
    notes: clean(input.notes, "notes", 2000),
  };
}

/** The command center's unit (DISKOMINFO-112), else the service's owner: where incidents are assigned. */
async function commandUnitId(q: Queryable, tenantId: string, ownerUnitId: string): Promise<string> {
  const unit = await store.unitIdByCode(q, tenantId, COMMAND_UNIT);
  return unit?.id ?? ownerUnitId;
}

/**
 * Records an incident: the case (numbered DRT-2026-000001, state `received`, assigned to the command
 * center), the incident row, its first call, the case event, the live event and the audit entry.
 */
export async function createIncident(ctx: EmergencyCtx, input: NewIncident, source: "call" | "app" | "ingest" = "call") {
  const v = await validateIncident(ctx.db, ctx.tenant.id, input);
  const service = await getServiceRow(ctx.db, ctx.tenant.id, SERVICE_KEY);
  if (!service?.active || !service.current_version) throw new AppError("service-not-found", 404);
  const spec = await specOf(ctx.db, ctx.tenant.id, SERVICE_KEY, service.current_version);
  const actor = ctx.actor;
  const staff = actor?.kind === "staff" ? actor : undefined;
  return ctx.db.tx(async (q) => {
    const now = new Date();
    const c = await fileCase(
      q,
      ctx,
      {
        serviceKey: SERVICE_KEY,
        version: service.current_version as number,
        spec,
        applicantId: source === "app" && actor?.kind === "citizen" ? actor.userId : null,
        applicantName: v.callerName ?? (source === "app" && actor ? actor.name : null),
        data: { type: v.type, source },
        unitId: await commandUnitId(q, ctx.tenant.id, service.owner_unit_id),
        kelurahan: v.kelurahan,
        kecamatan: v.kecamatan,
        lat: v.lat,
        lng: v.lon,
        h3: v.h3,
        actor: staff ? eventActor(staff, roleOf(staff, ["call_taker", "command_operator", "kominfo_admin"])) : eventActor(actor, "citizen"),
        headline: { id: "kejadian darurat diterima Call Center 112", en: "emergency received by Call Center 112" },
      },
      now,
    );
    await store.insertIncident(q, ctx.tenant.id, {
      caseId: c.id,
      type: v.type,
      priority: v.priority,
      source,
      callerName: v.callerName,
      callerPhone: v.callerPhone,
      address: v.address,
      lat: v.lat,
      lon: v.lon,
      h3: v.h3,
      kelurahan: v.kelurahan,
      kecamatan: v.kecamatan,
      notes: v.notes,
      takenBy: staff?.userId ?? null,
      receivedAt: now,
    });
    const row = (await incidentRow(q, ctx.tenant.id, c.id)) as IncidentRow;
    await emitIncident(q, ctx.tenant.id, "incident.created", row, "created");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor?.userId ?? null,
      action: "incident.created",
      subjectType: "case",
      subjectId: c.id,
      data: { number: c.number, type: v.type, priority: v.priority, source },
    });
    return { ...incidentView(row, [], actor), trackingToken: c.tracking_token };
  });
}

/** Open incidents of a type near a point, received in the last hour: a new call is probably about one of them. */
export async function nearbyIncidents(db: Db, tenantId: string, type: string, lat: number, lon: number, viewer: Actor | undefined, now = new Date()) {
  if (!TYPE_KEYS.includes(type)) throw fieldError("type", "enum");
  checkLatLon(lat, lon);
  const rows = await store.openIncidentsNear(db, tenantId, type, cellsParam(cellsWithin(lat, lon, NEARBY_METERS)), new Date(now.getTime() - NEARBY_MS));
  const near = rows.filter((r) => distanceMeters({ lat, lon }, { lat: r.lat, lon: r.lon }) <= NEARBY_METERS);
  const ds = await dispatchesOf(
    db,
    tenantId,
    near.map((r) => r.case_id),
  );
  return near.map((r) => ({ ...incidentView(r, ds, viewer), distanceMeters: Math.round(distanceMeters({ lat, lon }, { lat: r.lat, lon: r.lon })) }));
}

/** Another call about an incident that is already recorded. */
export async function addCall(ctx: EmergencyCtx, id: string, input: { callerName?: string | null; callerPhone?: string | null; notes?: string | null }) {
  const actor = staffActor(ctx);
  const callerName = clean(input.callerName, "callerName", 120);
  const callerPhone = phoneOf(input.callerPhone, "callerPhone");
  const notes = clean(input.notes, "notes", 2000);
  return ctx.db.tx(async (q) => {
    const r = await incidentRow(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("incident-not-found");
    if (r.closed_at) throw conflict("incident-closed");
    const call = await store.insertCall(q, ctx.tenant.id, id, { callerName, callerPhone, notes, takenBy: actor.userId });
    // The repeated call in the case's history, through the case engine.
    await appendCaseEvent(q, ctx.tenant.id, id, {
      actor: { id: actor.userId, name: actor.name, role: roleOf(actor, ["call_taker", "command_operator"]) },
      kind: "comment",
      comment: notes ?? "Panggilan tambahan / repeated call",
      data: { call: call.id },
    });
    await emitIncident(q, ctx.tenant.id, "incident.updated", { ...r, call_count: r.call_count + 1 }, "call");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "incident.call-linked",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, call: call.id },
    });
    return { id: call.id, incidentId: id, callerName, callerPhone, notes, receivedAt: iso(call.received_at) };
  });
}
