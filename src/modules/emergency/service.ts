/**
 * Call Center 112: incidents (cases of the service kejadian-darurat-112, workflow emergency-112) with
 * their calls and dispatches of responding units, and the response-time reports (docs/command-center.md).
 * Every change runs in one transaction with the case event, outbox events (the live stream) and audit.
 */
import type { Actor } from "../../platform/auth/roles.ts";
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { AppError, conflict, forbidden, notFound, validationFailed } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { cellsParam, cellsWithin, checkLatLon, distanceMeters, h3Cell, locate } from "../../platform/geo.ts";
import { maskPhone, maskText } from "../../platform/mask.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { type EventActor, fileCase, moveCase } from "../cases/file.ts";
import { subtreeIds } from "../admin/store.ts";
import { specOf } from "../cases/service.ts";
import { getServiceRow } from "../catalog/store.ts";
import type { CaseRow } from "../cases/store.ts";

export const SERVICE_KEY = "kejadian-darurat-112";
export const COMMAND_UNIT = "DISKOMINFO-112";
export const CALL_NUMBER = "112";
/** A repeated call is suggested for open incidents of the same type this close, received this recently. */
export const NEARBY_METERS = 500;
export const NEARBY_MS = 60 * 60_000;

export const AGENCIES = ["damkar", "psc119", "bpbd", "satpolpp", "dishub", "police", "other"] as const;
export type Agency = (typeof AGENCIES)[number];

export const INCIDENT_TYPES = [
  { key: "fire", label: { id: "Kebakaran", en: "Fire" }, priority: 1, agencies: ["damkar", "psc119"] },
  { key: "medical", label: { id: "Medis/ambulans", en: "Medical/ambulance" }, priority: 1, agencies: ["psc119"] },
  { key: "traffic", label: { id: "Kecelakaan lalu lintas", en: "Traffic accident" }, priority: 1, agencies: ["psc119", "dishub", "police"] },
  { key: "crime", label: { id: "Kriminal", en: "Crime" }, priority: 2, agencies: ["police", "satpolpp"] },
  { key: "disaster", label: { id: "Bencana/banjir", en: "Disaster/flood" }, priority: 1, agencies: ["bpbd", "damkar"] },
  { key: "tree", label: { id: "Pohon tumbang", en: "Fallen tree" }, priority: 2, agencies: ["bpbd", "dishub"] },
  { key: "missing", label: { id: "Orang hilang", en: "Missing person" }, priority: 2, agencies: ["police", "satpolpp"] },
  { key: "other", label: { id: "Lainnya", en: "Other" }, priority: 3, agencies: ["satpolpp"] },
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number]["key"];
const TYPE_KEYS = INCIDENT_TYPES.map((t) => t.key) as readonly string[];
export const typeOf = (key: string) => INCIDENT_TYPES.find((t) => t.key === key);

export const DISPATCH_STATUSES = ["dispatched", "en_route", "on_scene", "finished", "cancelled"] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
const ORDER: Record<DispatchStatus, number> = { dispatched: 0, en_route: 1, on_scene: 2, finished: 3, cancelled: 3 };
const ACTIVE = new Set<DispatchStatus>(["dispatched", "en_route", "on_scene"]);

export interface EmergencyCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  publicUrl?: string;
}

const fieldError = (field: string, code: string, message?: string) => validationFailed([{ field, code, ...(message ? { message } : {}) }]);

const PHONE = /^\+?[0-9][0-9 ()-]{4,22}$/;

function staffActor(ctx: EmergencyCtx): Actor {
  const a = ctx.actor;
  if (!a || a.mfaPending) throw new AppError("unauthenticated", 401);
  return a;
}

const eventActor = (a: Actor | undefined, role: string | null): EventActor =>
  a ? { id: a.userId, name: a.name, role } : { id: null, name: null, role: "citizen" };

const roleOf = (a: Actor, preferred: string[]) => a.grants.find((g) => preferred.includes(g.role))?.role ?? a.grants[0]?.role ?? null;

// ---- rows and views ---------------------------------------------------------------------------------

interface IncidentRow {
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

interface DispatchRow {
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

const INCIDENT_SELECT = `
  SELECT i.case_id, c.number, c.tracking_token, c.state, c.version, i.type, i.priority, i.source, i.caller_name, i.caller_phone,
         i.address, i.lat, i.lon, i.kelurahan_code, l.name AS kelurahan_name, i.kecamatan_code, k.name AS kecamatan_name, i.notes,
         i.call_count, i.received_at, i.first_dispatched_at, i.first_arrived_at, i.closed_at, i.outcome, i.closing_note
    FROM incidents i JOIN cases c ON c.tenant_id = i.tenant_id AND c.id = i.case_id
    LEFT JOIN org_units k ON k.tenant_id = i.tenant_id AND k.code = i.kecamatan_code AND k.kind = 'kecamatan'
    LEFT JOIN org_units l ON l.tenant_id = i.tenant_id AND l.code = i.kelurahan_code AND l.kind = 'kelurahan'`;

const DISPATCH_SELECT = `
  SELECT d.id, d.case_id, d.responder_id, r.name AS responder_name, r.agency, r.org_unit_id, d.status, d.note, d.dispatched_at,
         d.en_route_at, d.on_scene_at, d.finished_at, d.cancelled_at, d.version
    FROM dispatches d JOIN responders r ON r.id = d.responder_id`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

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
const seesCaller = (a: Actor | undefined) => !!a?.grants.some((g) => ["kominfo_admin", "command_operator", "call_taker", "dispatcher"].includes(g.role));

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

async function dispatchesOf(q: Queryable, tenantId: string, caseIds: string[]): Promise<DispatchRow[]> {
  if (!caseIds.length) return [];
  return q.query<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.case_id = ANY($2::uuid[]) ORDER BY d.dispatched_at`, [
    tenantId,
    `{${caseIds.join(",")}}`,
  ]);
}

async function incidentRow(q: Queryable, tenantId: string, id: string, forUpdate = false): Promise<IncidentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return q.one<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.case_id = $2${forUpdate ? " FOR UPDATE OF i" : ""}`, [tenantId, id]);
}

async function caseRow(q: Queryable, tenantId: string, id: string): Promise<CaseRow> {
  return (await q.one<CaseRow>("SELECT * FROM cases WHERE tenant_id = $1 AND id = $2", [tenantId, id])) as CaseRow;
}

/** The org units of the responders dispatched to an incident (OPD liaisons see the incident through them). */
async function responderUnits(q: Queryable, tenantId: string, caseId: string): Promise<string[]> {
  const rows = await q.query<{ org_unit_id: string }>(
    `SELECT DISTINCT r.org_unit_id FROM dispatches d JOIN responders r ON r.id = d.responder_id
      WHERE d.tenant_id = $1 AND d.case_id = $2 AND r.org_unit_id IS NOT NULL`,
    [tenantId, caseId],
  );
  return rows.map((r) => r.org_unit_id);
}

/** The live event about an incident: no caller name or phone, ever. */
async function emitIncident(q: Queryable, tenantId: string, topic: "incident.created" | "incident.updated", r: IncidentRow, change: string) {
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

// ---- reference data ---------------------------------------------------------------------------------

export async function listResponders(q: Queryable, tenantId: string) {
  const rows = await q.query<{
    id: string;
    code: string;
    name: string;
    agency: Agency;
    org_unit_id: string | null;
    phone: string | null;
    active: boolean;
    busy: number;
  }>(
    `SELECT r.id, r.code, r.name, r.agency, r.org_unit_id, r.phone, r.active,
            (SELECT count(*)::int FROM dispatches d WHERE d.tenant_id = r.tenant_id AND d.responder_id = r.id AND d.status IN ('dispatched','en_route','on_scene')) AS busy
       FROM responders r WHERE r.tenant_id = $1 ORDER BY r.agency, r.name`,
    [tenantId],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    agency: r.agency,
    orgUnitId: r.org_unit_id,
    phone: r.phone,
    active: r.active,
    busy: r.busy,
  }));
}

/** The responding units a city starts with: its own OPDs' crews, and the police as an external contact. */
const DEFAULT_RESPONDERS: Array<{ code: string; name: string; agency: Agency; unit: string | null; phone: string | null }> = [
  { code: "DAMKAR-1", name: "Damkar — Regu Pos Induk", agency: "damkar", unit: "DAMKAR", phone: "113" },
  { code: "DAMKAR-2", name: "Damkar — Regu Pos Seberang Ulu", agency: "damkar", unit: "DAMKAR", phone: "113" },
  { code: "PSC119-1", name: "PSC 119 — Ambulans 1", agency: "psc119", unit: "DINKES", phone: "119" },
  { code: "PSC119-2", name: "PSC 119 — Ambulans 2", agency: "psc119", unit: "DINKES", phone: "119" },
  { code: "BPBD-TRC", name: "BPBD — Tim Reaksi Cepat", agency: "bpbd", unit: "BPBD", phone: null },
  { code: "SATPOLPP-1", name: "Satpol PP — Regu Piket", agency: "satpolpp", unit: "SATPOLPP", phone: null },
  { code: "DISHUB-1", name: "Dishub — Patroli Lalu Lintas", agency: "dishub", unit: "DISHUB", phone: null },
  { code: "POLRESTABES", name: "Polrestabes (kontak eksternal, 110)", agency: "police", unit: null, phone: "110" },
];

export async function seedResponders(q: Queryable, tenantId: string): Promise<number> {
  let n = 0;
  for (const r of DEFAULT_RESPONDERS) {
    const unit = r.unit ? await q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, r.unit]) : undefined;
    const rows = await q.query(
      `INSERT INTO responders (tenant_id, code, name, agency, org_unit_id, phone) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [tenantId, r.code, r.name, r.agency, unit?.id ?? null, r.phone],
    );
    n += rows.length;
  }
  return n;
}

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

function clean(s: string | null | undefined, field: string, max: number): string | null {
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
    const unit = await db.one<{ kec: string }>(
      `SELECT k.code AS kec FROM org_units l JOIN org_units k ON k.tenant_id = l.tenant_id AND k.id = l.parent_id
        WHERE l.tenant_id = $1 AND l.code = $2 AND l.kind = 'kelurahan'`,
      [tenantId, input.kelurahan],
    );
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
  const unit = await q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [tenantId, COMMAND_UNIT]);
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
    await q.query(
      `INSERT INTO incidents (case_id, tenant_id, type, priority, source, caller_name, caller_phone, address, lat, lon, h3,
                              kelurahan_code, kecamatan_code, notes, taken_by, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        c.id,
        ctx.tenant.id,
        v.type,
        v.priority,
        source,
        v.callerName,
        v.callerPhone,
        v.address,
        v.lat,
        v.lon,
        v.h3,
        v.kelurahan,
        v.kecamatan,
        v.notes,
        staff?.userId ?? null,
        now,
      ],
    );
    await q.query(
      "INSERT INTO incident_calls (tenant_id, case_id, caller_name, caller_phone, notes, source, taken_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      [ctx.tenant.id, c.id, v.callerName, v.callerPhone, v.notes, source, staff?.userId ?? null, now],
    );
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
  const rows = await db.query<IncidentRow>(
    `${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.type = $2 AND i.h3 = ANY($3::text[]) AND i.received_at > $4 AND i.closed_at IS NULL
      ORDER BY i.received_at DESC LIMIT 20`,
    [tenantId, type, cellsParam(cellsWithin(lat, lon, NEARBY_METERS)), new Date(now.getTime() - NEARBY_MS)],
  );
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
    const call = await q.one<{ id: string; received_at: Date }>(
      "INSERT INTO incident_calls (tenant_id, case_id, caller_name, caller_phone, notes, taken_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, received_at",
      [ctx.tenant.id, id, callerName, callerPhone, notes, actor.userId],
    );
    await q.query("UPDATE incidents SET call_count = call_count + 1 WHERE tenant_id = $1 AND case_id = $2", [ctx.tenant.id, id]);
    await q.later(
      `INSERT INTO case_events (tenant_id, case_id, actor_id, actor_name, actor_role, kind, comment, data)
       VALUES ($1, $2, $3, $4, $5, 'comment', $6, $7::jsonb)`,
      [
        ctx.tenant.id,
        id,
        actor.userId,
        actor.name,
        roleOf(actor, ["call_taker", "command_operator"]),
        notes ?? "Panggilan tambahan / repeated call",
        { call: call!.id },
      ],
    );
    await emitIncident(q, ctx.tenant.id, "incident.updated", { ...r, call_count: r.call_count + 1 }, "call");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "incident.call-linked",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, call: call!.id },
    });
    return { id: call!.id, incidentId: id, callerName, callerPhone, notes, receivedAt: iso(call!.received_at) };
  });
}

// ---- dispatch ---------------------------------------------------------------------------------------

const dispatchActor = (a: Actor) => roleOf(a, ["dispatcher", "command_operator", "kominfo_admin", "opd_operator", "opd_admin"]);

/** Sends a responding unit to an incident; the first dispatch moves the case to `dispatched`. */
export async function dispatchUnit(ctx: EmergencyCtx, id: string, input: { responderId: string; note?: string | null }) {
  const actor = staffActor(ctx);
  const note = clean(input.note, "note", 500);
  return ctx.db.tx(async (q) => {
    const r = await incidentRow(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("incident-not-found");
    if (r.closed_at) throw conflict("incident-closed");
    const responder = /^[0-9a-f-]{36}$/i.test(input.responderId)
      ? await q.one<{ id: string; name: string; agency: Agency; org_unit_id: string | null; active: boolean }>(
          "SELECT id, name, agency, org_unit_id, active FROM responders WHERE tenant_id = $1 AND id = $2",
          [ctx.tenant.id, input.responderId],
        )
      : undefined;
    if (!responder || !responder.active) throw new AppError("responder-unknown", 400, { fields: [{ field: "responderId", code: "responder-unknown" }] });
    const twice = await q.one(
      "SELECT 1 FROM dispatches WHERE tenant_id = $1 AND case_id = $2 AND responder_id = $3 AND status IN ('dispatched','en_route','on_scene')",
      [ctx.tenant.id, id, responder.id],
    );
    if (twice) throw conflict("dispatch-duplicate");
    const now = new Date();
    const d = await q.one<{ id: string }>(
      `INSERT INTO dispatches (tenant_id, case_id, responder_id, status, note, dispatched_by, dispatched_at)
       VALUES ($1, $2, $3, 'dispatched', $4, $5, $6) RETURNING id`,
      [ctx.tenant.id, id, responder.id, note, actor.userId, now],
    );
    if (!r.first_dispatched_at) await q.query("UPDATE incidents SET first_dispatched_at = $3 WHERE tenant_id = $1 AND case_id = $2", [ctx.tenant.id, id, now]);
    if (r.state === "received") await moveState(q, ctx, id, "dispatched", "dispatch", actor, `${responder.name}${note ? ` — ${note}` : ""}`, now);
    return dispatchChanged(q, ctx.tenant.id, actor, id, d!.id, "dispatch", "incident.dispatched", { number: r.number, responder: responder.name });
  });
}

/** After a dispatch changed: its live event and the incident's, the audit entry; answers the dispatch. */
async function dispatchChanged(
  q: Queryable,
  tenantId: string,
  actor: Actor,
  caseId: string,
  dispatchId: string,
  change: "dispatch" | "status",
  action: string,
  data: Record<string, unknown>,
) {
  const after = (await incidentRow(q, tenantId, caseId)) as IncidentRow;
  const row = (await q.one<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, dispatchId])) as DispatchRow;
  await emitDispatch(q, tenantId, after, row);
  await emitIncident(q, tenantId, "incident.updated", after, change);
  await audit(q, { tenantId, actorId: actor.userId, action, subjectType: "case", subjectId: caseId, data: { ...data, dispatch: dispatchId } });
  return dispatchView(row);
}

async function emitDispatch(q: Queryable, tenantId: string, r: IncidentRow, d: DispatchRow) {
  await emit(q, tenantId, "dispatch.updated", {
    caseId: r.case_id,
    number: r.number,
    type: r.type,
    dispatchId: d.id,
    responderId: d.responder_id,
    responderName: d.responder_name,
    agency: d.agency,
    status: d.status,
    unitId: d.org_unit_id,
  });
}

async function moveState(q: Queryable, ctx: EmergencyCtx, id: string, to: string, action: string, actor: Actor, comment: string | null, now: Date) {
  const c = await caseRow(q, ctx.tenant.id, id);
  const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
  await moveCase(q, ctx, c, spec, { to, action, actor: eventActor(actor, dispatchActor(actor)), comment }, now);
}

/** The units (and all below) a staff member works in. */
async function unitsOf(q: Queryable, actor: Actor): Promise<Set<string>> {
  return new Set(
    await subtreeIds(
      q,
      actor.tenantId,
      actor.grants.map((g) => g.unitId),
    ),
  );
}

const canDispatch = (a: Actor) => a.grants.some((g) => ["kominfo_admin", "command_operator", "dispatcher"].includes(g.role));
const isLiaison = (a: Actor) => a.grants.some((g) => g.role === "opd_operator" || g.role === "opd_admin");

/**
 * A responding unit's progress: dispatched → en route → on scene → finished (steps may be skipped,
 * never repeated or reversed), or cancelled while active. The dispatcher, or the liaison of the
 * responder's OPD, records it. The first unit on scene moves the case to `on_scene`.
 */
export async function setDispatchStatus(ctx: EmergencyCtx, dispatchId: string, input: { status: string; note?: string | null }) {
  const actor = staffActor(ctx);
  const status = input.status as DispatchStatus;
  if (!DISPATCH_STATUSES.includes(status) || status === "dispatched") throw fieldError("status", "enum", "en_route, on_scene, finished or cancelled");
  const note = clean(input.note, "note", 500);
  if (!/^[0-9a-f-]{36}$/i.test(dispatchId)) throw notFound("dispatch-not-found");
  return ctx.db.tx(async (q) => {
    const lockedCase = await q.one<{ case_id: string }>("SELECT case_id FROM dispatches WHERE tenant_id = $1 AND id = $2", [ctx.tenant.id, dispatchId]);
    if (!lockedCase) throw notFound("dispatch-not-found");
    const r = (await incidentRow(q, ctx.tenant.id, lockedCase.case_id, true)) as IncidentRow;
    const d = (await q.one<DispatchRow>(`${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND d.id = $2`, [ctx.tenant.id, dispatchId])) as DispatchRow;
    if (!canDispatch(actor)) {
      const mine = isLiaison(actor) && d.org_unit_id !== null && (await unitsOf(q, actor)).has(d.org_unit_id);
      if (!mine) throw forbidden();
    }
    if (!ACTIVE.has(d.status) || ORDER[status] <= ORDER[d.status]) {
      throw conflict("dispatch-status-backwards", { detail: `${d.status} → ${status}` });
    }
    const now = new Date();
    const column = { en_route: "en_route_at", on_scene: "on_scene_at", finished: "finished_at", cancelled: "cancelled_at" }[
      status as Exclude<DispatchStatus, "dispatched">
    ];
    await q.query(`UPDATE dispatches SET status = $3, ${column} = $4, note = coalesce($5, note), version = version + 1 WHERE tenant_id = $1 AND id = $2`, [
      ctx.tenant.id,
      dispatchId,
      status,
      now,
      note,
    ]);
    if (status === "on_scene" && !r.first_arrived_at) {
      await q.query("UPDATE incidents SET first_arrived_at = $3 WHERE tenant_id = $1 AND case_id = $2", [ctx.tenant.id, r.case_id, now]);
    }
    if (status === "on_scene" && r.state === "dispatched") await moveState(q, ctx, r.case_id, "on_scene", "arrive", actor, d.responder_name, now);
    return dispatchChanged(q, ctx.tenant.id, actor, r.case_id, dispatchId, "status", "incident.dispatch-status", {
      number: r.number,
      responder: d.responder_name,
      from: d.status,
      to: status,
    });
  });
}

/** Closes an incident with its outcome, once no unit is still active on it. */
export async function closeIncident(ctx: EmergencyCtx, id: string, input: { outcome: string; note?: string | null }) {
  const actor = staffActor(ctx);
  if (input.outcome !== "handled" && input.outcome !== "false_alarm") throw fieldError("outcome", "enum", "handled or false_alarm");
  const note = clean(input.note, "note", 2000);
  if (!note) throw fieldError("note", "required");
  return ctx.db.tx(async (q) => {
    const r = await incidentRow(q, ctx.tenant.id, id, true);
    if (!r) throw notFound("incident-not-found");
    if (r.closed_at) throw conflict("incident-closed");
    const active = await q.one<{ n: number }>(
      "SELECT count(*)::int AS n FROM dispatches WHERE tenant_id = $1 AND case_id = $2 AND status IN ('dispatched','en_route','on_scene')",
      [ctx.tenant.id, id],
    );
    if (active && active.n > 0) throw conflict("dispatches-active", { detail: String(active.n) });
    const now = new Date();
    await q.query("UPDATE incidents SET closed_at = $3, outcome = $4, closing_note = $5 WHERE tenant_id = $1 AND case_id = $2", [
      ctx.tenant.id,
      id,
      now,
      input.outcome,
      note,
    ]);
    await moveState(q, ctx, id, input.outcome === "handled" ? "closed" : "false_alarm", input.outcome === "handled" ? "close" : "mark_false", actor, note, now);
    const after = (await incidentRow(q, ctx.tenant.id, id)) as IncidentRow;
    await emitIncident(q, ctx.tenant.id, "incident.updated", after, "closed");
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: actor.userId,
      action: "incident.closed",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, outcome: input.outcome },
    });
    return incidentView(after, await dispatchesOf(q, ctx.tenant.id, [id]), actor);
  });
}

// ---- reading --------------------------------------------------------------------------------------

export async function listIncidents(
  db: Queryable,
  tenantId: string,
  viewer: Actor | undefined,
  f: { open?: boolean; type?: string; limit?: number; wall?: boolean },
) {
  const where = ["i.tenant_id = $1"];
  const params: unknown[] = [tenantId];
  if (f.open === true) where.push("i.closed_at IS NULL");
  if (f.open === false) where.push("i.closed_at IS NOT NULL");
  if (f.type) {
    params.push(f.type);
    where.push(`i.type = $${params.length}`);
  }
  params.push(Math.min(f.limit ?? 100, 500));
  const rows = await db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ${where.join(" AND ")} ORDER BY i.received_at DESC LIMIT $${params.length}`, params);
  const ds = await dispatchesOf(
    db,
    tenantId,
    rows.map((r) => r.case_id),
  );
  return rows.map((r) => incidentView(r, ds, viewer, f.wall));
}

/**
 * An OPD liaison's desk: the dispatches of the responders of their units (active ones, then the last
 * day's finished ones), each with its incident (no caller name; phone masked).
 */
export async function liaisonDispatches(ctx: EmergencyCtx) {
  const actor = staffActor(ctx);
  const units = [...(await unitsOf(ctx.db, actor))];
  if (!isLiaison(actor) || units.length === 0) return { items: [] };
  const ds = await ctx.db.query<DispatchRow>(
    `${DISPATCH_SELECT} WHERE d.tenant_id = $1 AND r.org_unit_id = ANY($2::uuid[])
       AND (d.status IN ('dispatched','en_route','on_scene') OR d.dispatched_at > now() - interval '1 day')
     ORDER BY (d.status IN ('dispatched','en_route','on_scene')) DESC, d.dispatched_at DESC LIMIT 200`,
    [ctx.tenant.id, `{${units.join(",")}}`],
  );
  const caseIds = [...new Set(ds.map((d) => d.case_id))];
  const rows = caseIds.length
    ? await ctx.db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND i.case_id = ANY($2::uuid[])`, [ctx.tenant.id, `{${caseIds.join(",")}}`])
    : [];
  const byId = new Map(rows.map((r) => [r.case_id, r]));
  return {
    items: ds.map((d) => {
      const r = byId.get(d.case_id) as IncidentRow;
      const { dispatches: _all, ...incident } = incidentView(r, [], actor);
      return { ...dispatchView(d), incident };
    }),
  };
}

/** Who may read an incident: the command desk and auditors, or the liaison of a responder dispatched to it. */
async function mayRead(q: Queryable, actor: Actor, caseId: string): Promise<boolean> {
  if (actor.grants.some((g) => ["kominfo_admin", "command_operator", "call_taker", "dispatcher", "auditor"].includes(g.role))) return true;
  if (!isLiaison(actor)) return false;
  const mine = await unitsOf(q, actor);
  return (await responderUnits(q, actor.tenantId, caseId)).some((u) => mine.has(u));
}

export async function getIncident(ctx: EmergencyCtx, id: string) {
  const actor = staffActor(ctx);
  const r = await incidentRow(ctx.db, ctx.tenant.id, id);
  if (!r || !(await mayRead(ctx.db, actor, r.case_id))) throw notFound("incident-not-found");
  const [ds, calls, timeline] = await Promise.all([
    dispatchesOf(ctx.db, ctx.tenant.id, [id]),
    ctx.db.query<{ id: string; caller_name: string | null; caller_phone: string | null; notes: string | null; source: string; received_at: Date }>(
      "SELECT id, caller_name, caller_phone, notes, source, received_at FROM incident_calls WHERE tenant_id = $1 AND case_id = $2 ORDER BY received_at",
      [ctx.tenant.id, id],
    ),
    ctx.db.query<{
      at: Date;
      kind: string;
      action: string | null;
      from_state: string | null;
      to_state: string | null;
      actor_name: string | null;
      comment: string | null;
    }>("SELECT at, kind, action, from_state, to_state, actor_name, comment FROM case_events WHERE tenant_id = $1 AND case_id = $2 ORDER BY id", [
      ctx.tenant.id,
      id,
    ]),
  ]);
  const full = seesCaller(actor);
  return {
    ...incidentView(r, ds, actor),
    calls: calls.map((c) => ({
      id: c.id,
      callerName: full ? c.caller_name : null,
      callerPhone: c.caller_phone ? (full ? c.caller_phone : maskPhone(c.caller_phone)) : null,
      notes: c.notes,
      source: c.source,
      receivedAt: iso(c.received_at),
    })),
    timeline: timeline.map((t) => ({
      at: iso(t.at),
      kind: t.kind,
      action: t.action,
      from: t.from_state,
      to: t.to_state,
      actor: t.actor_name,
      comment: t.comment,
    })),
  };
}

/** The public status of an incident a citizen sent with the Darurat button (no names, no phone). */
export async function publicStatus(db: Db, tenantId: string, token: string) {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) throw notFound("incident-not-found");
  const r = await db.one<IncidentRow>(`${INCIDENT_SELECT} WHERE i.tenant_id = $1 AND c.tracking_token = $2`, [tenantId, token]);
  if (!r) throw notFound("incident-not-found");
  return {
    number: r.number,
    type: r.type,
    state: r.state,
    receivedAt: iso(r.received_at),
    dispatchedAt: iso(r.first_dispatched_at),
    arrivedAt: iso(r.first_arrived_at),
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
    callNumber: CALL_NUMBER,
  };
}

// ---- response-time reports ------------------------------------------------------------------------

export interface ResponseRow {
  key: string;
  label: string;
  incidents: number;
  closed: number;
  falseAlarms: number;
  dispatchMedian: number | null;
  dispatchP90: number | null;
  arrivalMedian: number | null;
  arrivalP90: number | null;
}

/**
 * Response times in seconds from the call to the first dispatch and to the first unit on scene, median
 * and 90th percentile, per incident type or per kecamatan, for incidents received between two local
 * dates (inclusive) of the tenant's time zone.
 */
export async function responseTimes(
  db: Db,
  tenant: Tenant,
  by: "type" | "kecamatan",
  from: string,
  to: string,
  locale: "id" | "en" = "id",
): Promise<ResponseRow[]> {
  const key = by === "type" ? "i.type" : "coalesce(i.kecamatan_code, '-')";
  const rows = await db.query<{
    key: string;
    label: string | null;
    incidents: number;
    closed: number;
    false_alarms: number;
    dm: number | null;
    d90: number | null;
    am: number | null;
    a90: number | null;
  }>(
    `SELECT ${key} AS key, ${by === "kecamatan" ? "min(k.name)" : "NULL"} AS label, count(*)::int AS incidents,
            count(i.closed_at)::int AS closed, count(*) FILTER (WHERE i.outcome = 'false_alarm')::int AS false_alarms,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_dispatched_at - i.received_at)) AS dm,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_dispatched_at - i.received_at)) AS d90,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_arrived_at - i.received_at)) AS am,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i.first_arrived_at - i.received_at)) AS a90
       FROM incidents i
       LEFT JOIN org_units k ON k.tenant_id = i.tenant_id AND k.code = i.kecamatan_code AND k.kind = 'kecamatan'
      WHERE i.tenant_id = $1 AND i.received_at >= ($2::date)::timestamp AT TIME ZONE $4 AND i.received_at < ($3::date + 1)::timestamp AT TIME ZONE $4
      GROUP BY 1 ORDER BY 1`,
    [tenant.id, from, to, tenant.timezone],
  );
  const round = (n: number | null) => (n === null ? null : Math.round(Number(n)));
  return rows.map((r) => ({
    key: r.key,
    label: by === "type" ? (typeOf(r.key)?.label[locale] ?? r.key) : (r.label ?? (r.key === "-" ? (locale === "en" ? "Unknown" : "Tidak diketahui") : r.key)),
    incidents: r.incidents,
    closed: r.closed,
    falseAlarms: r.false_alarms,
    dispatchMedian: round(r.dm),
    dispatchP90: round(r.d90),
    arrivalMedian: round(r.am),
    arrivalP90: round(r.a90),
  }));
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
};

export function responseCsv(rows: ResponseRow[], by: "type" | "kecamatan", locale: "id" | "en"): string {
  const head =
    locale === "en"
      ? [
          by === "type" ? "Type" : "Kecamatan",
          "Incidents",
          "Closed",
          "False alarms",
          "Dispatch median (s)",
          "Dispatch p90 (s)",
          "Arrival median (s)",
          "Arrival p90 (s)",
        ]
      : [
          by === "type" ? "Jenis" : "Kecamatan",
          "Kejadian",
          "Ditutup",
          "Laporan palsu",
          "Median pemberangkatan (detik)",
          "P90 pemberangkatan (detik)",
          "Median tiba (detik)",
          "P90 tiba (detik)",
        ];
  const lines = [head.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push([r.label, r.incidents, r.closed, r.falseAlarms, r.dispatchMedian, r.dispatchP90, r.arrivalMedian, r.arrivalP90].map(csvCell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
